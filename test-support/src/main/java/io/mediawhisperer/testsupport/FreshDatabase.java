package io.mediawhisperer.testsupport;

import io.mediawhisperer.plugin.pg.PgUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new, empty database on an existing PostgreSQL server, optionally with the {@code vector}
 * extension, dropped again by {@link #close()}: the one way the tests (through {@code
 * MW_TEST_DB_URL}, which {@code scripts/test} sets) and the benchmarks make a database of their
 * own. Nothing is migrated here; whoever needs the schema migrates the URL. A database not closed
 * by the time the JVM exits (a test run stopped with Ctrl-C or a TERM) is dropped by a shutdown hook.
 */
public final class FreshDatabase implements AutoCloseable {

  /** The PostgreSQL server the tests create their databases on, e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres}. */
  public static final String TEST_SERVER_ENV = "MW_TEST_DB_URL";

  /**
   * A run's tag (letters and digits), put into the name of every database made while it is set:
   * {@code scripts/test} sets it and, when it exits, drops whatever the run left behind (a test
   * JVM stopped before its shutdown hooks could finish).
   */
  public static final String RUN_ENV = "MW_TEST_RUN";

  /** {@code scheme://authority}, then the database path, then the query (kept as it is). */
  private static final Pattern DATABASE_PART = Pattern.compile("^([a-z:]+//[^/?]*)(/[^?]*)?(\\?.*)?$");

  private final String serverUrl;
  private final String name;
  private final String url;
  private final Thread dropAtExit;

  private FreshDatabase(String serverUrl, String name, String url) {
    this.serverUrl = serverUrl;
    this.name = name;
    this.url = url;
    this.dropAtExit = new Thread(this::drop, "drop database " + name);
  }

  /** The server of {@value #TEST_SERVER_ENV}, or null when it is not set. */
  public static String testServer() {
    String server = System.getenv(TEST_SERVER_ENV);
    return server == null || server.isBlank() ? null : server.trim();
  }

  /**
   * A fresh database on the server of {@value #TEST_SERVER_ENV}; without that variable the test
   * fails (never skips) with a message that says how to get a server.
   *
   * @param prefix the database name's prefix (e.g. {@code mw_pgv_}), so that a leftover names its maker
   * @param withVector also create the {@code vector} extension in it (the server needs pgvector)
   * @param who what needs the server, for that message (e.g. "the pgvector backend's tests")
   */
  public static FreshDatabase onTestServer(String prefix, boolean withVector, String who) throws SQLException {
    String server = testServer();
    if (server == null) {
      throw new IllegalStateException("no PostgreSQL server for " + who + ": set " + TEST_SERVER_ENV + " to the URL of one"
          + (withVector ? " with the pgvector extension" : "") + ", e.g. " + TEST_SERVER_ENV
          + "=postgresql://postgres@127.0.0.1:5432/postgres, or run the tests with scripts/test, which prepares one");
    }
    return create(server, prefix, withVector);
  }

  /**
   * Creates {@code <prefix>[<run>_]<random>} on {@code serverUrl}, whose user may create databases (and,
   * with {@code withVector}, the extension).
   *
   * @param serverUrl {@code postgresql://user:password@host:port/db[?params]}; its database is only
   *     connected to, to create the new one, and the new URL keeps its parameters
   */
  public static FreshDatabase create(String serverUrl, String prefix, boolean withVector) throws SQLException {
    Matcher m = DATABASE_PART.matcher(serverUrl.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a postgresql://user@host:port/db URL: " + PgUrl.redact(serverUrl));
    }
    String run = System.getenv(RUN_ENV);
    String name = prefix + (run != null && run.matches("[a-z0-9]{1,20}") ? run + "_" : "")
        + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String url = m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3));
    try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new SQLException("cannot create a database on " + PgUrl.redact(serverUrl) + ": " + e.getMessage(), e);
    }
    FreshDatabase database = new FreshDatabase(serverUrl, name, url);
    Runtime.getRuntime().addShutdownHook(database.dropAtExit);
    if (withVector) {
      try (Connection c = database.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE EXTENSION IF NOT EXISTS vector");
      } catch (SQLException e) {
        database.drop();
        throw new SQLException("the server " + PgUrl.redact(serverUrl) + " cannot create the vector extension; install "
            + "pgvector there (scripts/install-pgvector.sh): " + e.getMessage(), e);
      }
    }
    return database;
  }

  /** The new database's URL: the server's, with this database in place of the server's one. */
  public String url() {
    return url;
  }

  public String name() {
    return name;
  }

  /** A JDBC connection to the new database, for a test's own checks. */
  public Connection connect() throws SQLException {
    return connect(url);
  }

  /** A JDBC connection to the database of a {@code postgresql://} URL, its user and password passed as properties. */
  public static Connection connect(String url) throws SQLException {
    PgUrl parsed = PgUrl.parse(url, "a test");
    Properties props = new Properties();
    if (parsed.user() != null) {
      props.setProperty("user", parsed.user());
    }
    if (parsed.password() != null) {
      props.setProperty("password", parsed.password());
    }
    return DriverManager.getConnection(parsed.jdbcUrl(), props);
  }

  /** Drops the database, with {@code FORCE}: connections still open to it (a pool not yet closed) are ended. */
  @Override
  public void close() throws SQLException {
    try {
      Runtime.getRuntime().removeShutdownHook(dropAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is exiting: the hook drops it (again, harmlessly)
    }
    try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** {@link #close()} when the database is abandoned anyway: a failed set-up, the JVM exiting. */
  private void drop() {
    try {
      close();
    } catch (SQLException ignored) {
      // best effort: a leftover is harmless, and its name's prefix tells who left it
    }
  }
}
