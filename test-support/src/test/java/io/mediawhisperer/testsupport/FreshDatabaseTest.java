package io.mediawhisperer.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Runs on the server of MW_TEST_DB_URL, as every test that needs one (scripts/test sets it). */
class FreshDatabaseTest {

  private static String server() {
    String server = FreshDatabase.testServer();
    assertThat(server).as("MW_TEST_DB_URL (run the tests with scripts/test)").isNotNull();
    return server;
  }

  private static boolean exists(String name) throws Exception {
    try (Connection c = FreshDatabase.connect(server()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  @Test
  void aFreshDatabaseHasTheVectorExtensionWhenAskedAndIsGoneAfterClose() throws Exception {
    FreshDatabase database = FreshDatabase.create(server(), "mw_tst_", true);
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database(), (SELECT count(*) FROM pg_extension WHERE extname = 'vector')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(database.name()).startsWith("mw_tst_");
      assertThat(rs.getInt(2)).isEqualTo(1);
    }
    assertThat(exists(database.name())).isTrue();
    database.close();
    assertThat(exists(database.name())).isFalse();
  }

  @Test
  void withoutVectorThereIsNoExtension() throws Exception {
    try (FreshDatabase database = FreshDatabase.create(server(), "mw_tst_", false);
        Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void theNewUrlKeepsTheServersCredentialsAndParametersAndNamesOnlyTheNewDatabase() throws Exception {
    String server = server();
    String withParams = server + (server.contains("?") ? "&" : "?") + "ApplicationName=fresh-database-test";
    try (FreshDatabase database = FreshDatabase.create(withParams, "mw_tst_", false)) {
      String base = server.substring(0, server.indexOf('/', server.indexOf("//") + 2));
      assertThat(database.url()).startsWith(base + "/" + database.name() + "?").endsWith("ApplicationName=fresh-database-test");
      try (Connection c = database.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_setting('application_name')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("fresh-database-test");
      }
    }
  }
}
