package io.mediawhisperer.plugin.vector.pgvector;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendContract;
import io.mediawhisperer.testsupport.FreshDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract kit again with {@code exact-below = 0}: no count, every search is the filtered
 * HNSW query (iterative scan, relaxed order, re-sorted), and PostgreSQL's planner alone decides
 * between the graph and the btree, so that path keeps the contract too, the 1% user's recall@10
 * of 1.0 included.
 */
class PgVectorHnswPathContractTest extends VectorBackendContract {

  private static FreshDatabase database;

  @BeforeAll
  static void createDatabase() throws Exception {
    database = FreshDatabase.onTestServer("mw_pgv_", true, "the pgvector backend's tests");
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected VectorBackend open(Path dir, int dimension) throws Exception {
    PluginSettings settings = new PluginSettings(Map.of("exact-below", "0", "pool-size", "3"));
    return new PgVectorBackendProvider().open(new VectorBackendContext(dir, database.url(), dimension, settings));
  }
}
