package io.mediawhisperer.testing;

import io.mediawhisperer.db.Migrations;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.mediawhisperer.testsupport.Schema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One fresh, migrated database per test JVM. With {@code MW_TEST_DB_URL} (what {@code scripts/test}
 * sets) a new database is made on that server by test-support's {@link FreshDatabase} and dropped
 * when the JVM exits; without it an embedded PostgreSQL is started in a temporary directory. A server that is
 * configured but unreachable fails the tests.
 */
public final class TestDatabase {

  public static final String ENV = FreshDatabase.TEST_SERVER_ENV;
  private static String url;

  private TestDatabase() {
  }

  public static synchronized String url() {
    if (url == null) {
      try {
        url = create();
        // the whole schema, every owner's migrations from the checkout: this module's class path holds at most its own
        Migrations.migrate(url, Schema.migrationLocations());
      } catch (Exception e) {
        throw new IllegalStateException("cannot prepare the test database: " + e.getMessage(), e);
      }
    }
    return url;
  }

  private static String create() throws Exception {
    String server = FreshDatabase.testServer();
    if (server == null) {
      Path dir = Files.createTempDirectory("mw-test-pg");
      // a throwaway database: no need to flush every commit (the node's own embedded database is durable)
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
          .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // the JVM is exiting; the temp dir goes with the machine
        }
      }));
      return "postgresql://postgres@127.0.0.1:" + embedded.getPort() + "/postgres";
    }
    // kept until the JVM exits, when FreshDatabase's shutdown hook drops it
    return FreshDatabase.create(server, "mw_t_", false).url();
  }
}
