package io.mediawhisperer.bench;

import io.mediawhisperer.db.Database;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.UUID;

/**
 * A new, empty database on an existing PostgreSQL server (the node migrates it when it starts),
 * dropped again by {@link #close()}. The same approach as the tests' TestDatabase.
 */
final class FreshDatabase implements AutoCloseable {

  private final String adminJdbc;
  private final Properties props;
  private final String name;
  private final String url;

  private FreshDatabase(String adminJdbc, Properties props, String name, String url) {
    this.adminJdbc = adminJdbc;
    this.props = props;
    this.name = name;
    this.url = url;
  }

  /** @param server a {@code postgresql://user:pass@host:port/db} URL whose user may create databases */
  static FreshDatabase create(String server) throws Exception {
    String name = "mw_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String adminJdbc = Database.jdbcUrl(server);
    Properties props = Database.jdbcProperties(server);
    try (var c = DriverManager.getConnection(adminJdbc, props); var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    String base = server.substring(0, server.lastIndexOf('/') + 1);
    String query = server.contains("?") ? server.substring(server.indexOf('?')) : "";
    return new FreshDatabase(adminJdbc, props, name, base + name + query);
  }

  String url() {
    return url;
  }

  String name() {
    return name;
  }

  /** Drops the database; call after the node has closed its pools. */
  @Override
  public void close() throws Exception {
    try (var c = DriverManager.getConnection(adminJdbc, props); var s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
