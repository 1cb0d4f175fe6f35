package io.mediawhisperer.plugin.embedding.minilm;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModelContract;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import java.util.Map;

class MiniLmQuantizedContractTest extends EmbeddingModelContract {

  @Override
  protected EmbeddingModelProvider provider() {
    return new MiniLmProvider();
  }

  @Override
  protected PluginSettings settings() {
    return new PluginSettings(Map.of("variant", "quantized"));
  }

  /**
   * int8 activations are quantized per run, so a text's batchmates move its vector a little
   * (0.99 measured for short texts; see MiniLmModelTest). Some margin for other CPUs.
   */
  @Override
  protected double minCosineAcrossBatches() {
    return 0.98;
  }
}
