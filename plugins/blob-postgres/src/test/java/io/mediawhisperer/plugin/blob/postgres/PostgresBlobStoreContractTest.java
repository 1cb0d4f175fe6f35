package io.mediawhisperer.plugin.blob.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreContract;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import io.mediawhisperer.testsupport.FreshDatabase;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract kit against the "postgres" blob store as configuration finds it, in a fresh
 * database, with chunks of 64 KiB so that every larger blob the kit writes spans many chunk rows.
 * Each test's directory names its own table, so the same directory reaches the same store.
 */
class PostgresBlobStoreContractTest extends BlobStoreContract {

  private static FreshDatabase database;

  @BeforeAll
  static void createDatabase() throws Exception {
    database = FreshDatabase.onTestServer("mw_blob_", false, "the postgres blob store's tests");
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (database != null) {
      database.close();
    }
  }

  private static String table(Path dir) {
    return "blobs_" + dir.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  @Override
  protected BlobStore open(Path dir) throws Exception {
    return NamedPlugins.load(BlobStoreProvider.class, getClass().getClassLoader()).get("postgres")
        .open(new BlobStoreContext(dir, database.url(), new PluginSettings(Map.of("table", table(dir), "chunk-bytes", "65536"))));
  }

  @Test
  void bytesLiveInChunkRowsThatGoWithTheirBlob() throws Exception {
    BlobStore s = store();
    s.put("big", new ByteArrayInputStream(bytes(20, LARGE)));
    s.put("big", new ByteArrayInputStream(bytes(21, 200_000)));
    String table = table(dir);
    try (Connection c = database.connect(); Statement st = c.createStatement()) {
      assertThat(count(st, "SELECT count(*) FROM " + table + "_chunks")).as("the replaced version's chunks are gone")
          .isEqualTo((200_000 + 65_535) / 65_536);
      assertThat(count(st, "SELECT max(octet_length(data)) FROM " + table + "_chunks")).isEqualTo(65_536);
      s.delete("big");
      assertThat(count(st, "SELECT count(*) FROM " + table + "_chunks")).isZero();
      assertThat(count(st, "SELECT count(*) FROM " + table)).isZero();
    }
  }

  private static long count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
