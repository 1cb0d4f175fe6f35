package io.mediawhisperer.testing;

import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.EmbeddedDatabase;
import io.mediawhisperer.db.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;

/**
 * One fresh, migrated database per test JVM. With {@code MW_TEST_DB_URL} (what CI sets) a new
 * database is created on that server and dropped at exit; without it an embedded PostgreSQL is
 * started in a temporary directory. A server that is configured but unreachable fails the tests.
 */
public final class TestDatabase {

  public static final String ENV = "MW_TEST_DB_URL";
  private static String url;

  private TestDatabase() {
  }

  public static synchronized String url() {
    if (url == null) {
      try {
        url = create();
        Migrations.migrate(url);
      } catch (Exception e) {
        throw new IllegalStateException("cannot prepare the test database: " + e.getMessage(), e);
      }
    }
    return url;
  }

  private static String create() throws Exception {
    String server = System.getenv(ENV);
    if (server == null || server.isBlank()) {
      Path dir = Files.createTempDirectory("mw-test-pg");
      // a throwaway database: no need to flush every commit (the product's default is durable)
      EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, 0, EmbeddedDatabase.Durability.FAST);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // the JVM is exiting; the temp dir goes with the machine
        }
      }));
      return embedded.url();
    }
    String name = "mw_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String adminJdbc = Database.jdbcUrl(server);
    var props = Database.jdbcProperties(server);
    try (var c = DriverManager.getConnection(adminJdbc, props); var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (var c = DriverManager.getConnection(adminJdbc, props); var s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (Exception ignored) {
        // best effort: CI drops its whole server-side database anyway
      }
    }));
    String base = server.substring(0, server.lastIndexOf('/') + 1);
    String query = server.contains("?") ? server.substring(server.indexOf('?')) : "";
    return base + name + query;
  }
}
