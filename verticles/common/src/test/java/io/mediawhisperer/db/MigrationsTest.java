package io.mediawhisperer.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testsupport.Schema;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  @Test
  void schemaHoldsTheSeededRuntimeConfig() throws Exception {
    String url = TestDatabase.url();
    Map<String, String> config = new HashMap<>();
    try (var c = DriverManager.getConnection(Database.jdbcUrl(url), Database.jdbcProperties(url));
         var rs = c.createStatement().executeQuery("SELECT key, value::text FROM config")) {
      while (rs.next()) {
        config.put(rs.getString(1), rs.getString(2));
      }
    }
    assertThat(config).containsEntry("max_context_messages", "10").containsEntry("rag_top_k", "12")
        .containsEntry("chunk_overlap_percent", "20").containsEntry("session_expires_days", "7")
        .containsKey("chunk_size");
  }

  @Test
  void migratingTwiceChangesNothing() {
    assertThat(Migrations.migrate(TestDatabase.url(), Schema.migrationLocations()).migrationsExecuted).isZero();
  }

  @Test
  void everyOwnerKeepsItsMigrationsAndTheVersionsFormOneHistory() throws Exception {
    // a directory per owning module (auth, ingestion, retrieval, chat, generation, the node), one history
    assertThat(Schema.migrationLocations()).hasSizeGreaterThanOrEqualTo(6);
    String url = TestDatabase.url();
    try (var c = DriverManager.getConnection(Database.jdbcUrl(url), Database.jdbcProperties(url));
         var rs = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
      rs.next();
      assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(7);
    }
  }

  @Test
  void emailsMustBeStoredLowerCased() throws Exception {
    String url = TestDatabase.url();
    try (var c = DriverManager.getConnection(Database.jdbcUrl(url), Database.jdbcProperties(url))) {
      var insert = c.prepareStatement("INSERT INTO users (email, password_hash) VALUES (?, 'x')");
      insert.setString(1, "Mixed@Example.com");
      org.assertj.core.api.Assertions.assertThatThrownBy(insert::executeUpdate)
          .hasMessageContaining("check constraint");
    }
  }

  @Test
  void passwordsAreRedactedFromUrls() {
    assertThat(Database.redact("postgresql://bob:s3cret@db:5432/mw")).isEqualTo("postgresql://bob:***@db:5432/mw");
    assertThat(Database.jdbcUrl("postgres://bob:s3cret@db:6000/mw")).isEqualTo("jdbc:postgresql://db:6000/mw");
  }
}
