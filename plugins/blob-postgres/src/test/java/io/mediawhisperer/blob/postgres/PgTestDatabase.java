package io.mediawhisperer.blob.postgres;

import io.mediawhisperer.pg.PgUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh database on the PostgreSQL server that {@code MW_TEST_DB_URL} names (what CI sets).
 * Without that variable the tests fail: they need a real PostgreSQL and never pass without one.
 */
final class PgTestDatabase implements AutoCloseable {

  static final String ENV = "MW_TEST_DB_URL";
  private static final Pattern DATABASE_PART = Pattern.compile("^([a-z:]+//[^/?]*)(/[^?]*)?(\\?.*)?$");

  private final String serverUrl;
  private final String name;
  private final String url;

  private PgTestDatabase(String serverUrl, String name, String url) {
    this.serverUrl = serverUrl;
    this.name = name;
    this.url = url;
  }

  static PgTestDatabase create() throws SQLException {
    String server = System.getenv(ENV);
    if (server == null || server.isBlank()) {
      throw new IllegalStateException("the postgres blob store's tests need a PostgreSQL: set " + ENV
          + " to its URL, e.g. " + ENV + "=postgresql://postgres@127.0.0.1:5432/test (.ci/run does)");
    }
    Matcher m = DATABASE_PART.matcher(server.trim());
    if (!m.matches()) {
      throw new IllegalStateException(ENV + " is not a postgresql://user@host:port/db URL: " + PgUrl.redact(server));
    }
    String name = "mw_blob_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect(server); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new PgTestDatabase(server, name, m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3)));
  }

  String url() {
    return url;
  }

  Connection connect() throws SQLException {
    return connect(url);
  }

  private static Connection connect(String url) throws SQLException {
    PgUrl parsed = PgUrl.parse(url, "test");
    Properties props = new Properties();
    if (parsed.user() != null) {
      props.setProperty("user", parsed.user());
    }
    if (parsed.password() != null) {
      props.setProperty("password", parsed.password());
    }
    return DriverManager.getConnection(parsed.jdbcUrl(), props);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
