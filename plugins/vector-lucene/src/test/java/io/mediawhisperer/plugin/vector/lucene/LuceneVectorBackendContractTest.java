package io.mediawhisperer.plugin.vector.lucene;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.TextRankingContract;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import java.nio.file.Path;

/** The contract kit against the "lucene" backend as configuration finds it, with its default settings. */
class LuceneVectorBackendContractTest extends TextRankingContract {

  @Override
  protected VectorBackend open(Path dir, int dimension) throws Exception {
    VectorBackendProvider provider = NamedPlugins.load(VectorBackendProvider.class, getClass().getClassLoader())
        .get("lucene");
    return provider.open(new VectorBackendContext(dir, null, dimension, PluginSettings.empty()));
  }
}
