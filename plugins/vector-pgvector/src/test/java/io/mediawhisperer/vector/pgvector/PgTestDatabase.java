package io.mediawhisperer.vector.pgvector;

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
 * A fresh database with the vector extension, on the PostgreSQL server that {@code MW_TEST_DB_URL}
 * names (what CI sets, to a server with pgvector). Without that variable the tests fail: they need
 * a real PostgreSQL with pgvector and never pass without one. Each test class creates its own
 * database and drops it when done.
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

  /** Creates {@code mw_pgv_<random>} with the vector extension on the server of {@code MW_TEST_DB_URL}. */
  static PgTestDatabase create() throws SQLException {
    String server = System.getenv(ENV);
    if (server == null || server.isBlank()) {
      throw new IllegalStateException("the pgvector backend's tests need a PostgreSQL with the pgvector extension: set "
          + ENV + " to its URL, e.g. " + ENV + "=postgresql://postgres@127.0.0.1:5432/test (.ci/run does; "
          + "scripts/install-pgvector.sh installs the extension). Each test class creates and drops its own database there.");
    }
    Matcher m = DATABASE_PART.matcher(server.trim());
    if (!m.matches()) {
      throw new IllegalStateException(ENV + " is not a postgresql://user@host:port/db URL: " + PgUrl.redact(server));
    }
    String name = "mw_pgv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String url = m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3));
    try (Connection c = connect(server); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new SQLException("cannot create a test database on " + PgUrl.redact(server) + " (" + ENV + "): "
          + e.getMessage(), e);
    }
    PgTestDatabase db = new PgTestDatabase(server, name, url);
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION vector");
    } catch (SQLException e) {
      db.close();
      throw new SQLException("the server of " + ENV + " (" + PgUrl.redact(server) + ") cannot create the vector "
          + "extension; install pgvector there (scripts/install-pgvector.sh): " + e.getMessage(), e);
    }
    return db;
  }

  /** The test database's URL, in the form the server gives backends. */
  String url() {
    return url;
  }

  String name() {
    return name;
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
