package io.mediawhisperer.plugin.vector.pgvector;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendContract;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import io.mediawhisperer.testsupport.FreshDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract kit against the "pgvector" backend as configuration finds it, with its default
 * settings, in a fresh database. Each test's directory names its own table
 * ({@code vectors_<directory name>}), so the same directory reaches the same store and a new one an
 * empty store.
 */
class PgVectorBackendContractTest extends VectorBackendContract {

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
    VectorBackendProvider provider = NamedPlugins.load(VectorBackendProvider.class, getClass().getClassLoader())
        .get("pgvector");
    return provider.open(new VectorBackendContext(dir, database.url(), dimension, PluginSettings.empty()));
  }
}
