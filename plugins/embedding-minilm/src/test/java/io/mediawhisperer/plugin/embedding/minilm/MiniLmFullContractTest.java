package io.mediawhisperer.plugin.embedding.minilm;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModelContract;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import java.util.Map;

class MiniLmFullContractTest extends EmbeddingModelContract {

  @Override
  protected EmbeddingModelProvider provider() {
    return new MiniLmProvider();
  }

  @Override
  protected PluginSettings settings() {
    return new PluginSettings(Map.of("variant", "full"));
  }

  /** fp32 does not depend on what else is in the batch: padding is masked out exactly. */
  @Override
  protected double minCosineAcrossBatches() {
    return 0.9999;
  }
}
