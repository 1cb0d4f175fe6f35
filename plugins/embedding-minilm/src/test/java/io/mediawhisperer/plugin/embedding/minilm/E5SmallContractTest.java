package io.mediawhisperer.plugin.embedding.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelContract;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "e5-small" plugin keeps the embedding contract, and is a model of its own: not MiniLM's vectors. */
class E5SmallContractTest extends EmbeddingModelContract {

  @Override
  protected EmbeddingModelProvider provider() {
    return NamedPlugins.load(EmbeddingModelProvider.class, getClass().getClassLoader()).get(E5SmallProvider.NAME);
  }

  @Override
  protected PluginSettings settings() {
    return new PluginSettings(Map.of());
  }

  /** int8 activations, as for the quantized MiniLM. */
  @Override
  protected double minCosineAcrossBatches() {
    return 0.98;
  }

  @Test
  void namesItsOwnModelAndRanksAnAnswerAboveAnUnrelatedText() throws Exception {
    try (EmbeddingModel e5 = provider().open(settings());
        EmbeddingModel miniLm = new MiniLmProvider().open(new PluginSettings(Map.of()))) {
      assertThat(e5.modelName()).isEqualTo("e5-small-v2-q").isNotEqualTo(miniLm.modelName());
      assertThat(e5.dimension()).isEqualTo(384);
      List<float[]> v = e5.embed(List.of("How do I read a CSV file into a data frame?",
          "read.csv reads a file in table format and creates a data frame from it.",
          "The orchestra tuned their instruments before the concert."));
      assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(2)));
      // the same text gives another vector than MiniLM's: the two must never share an index
      float[] mini = miniLm.embed(List.of("How do I read a CSV file into a data frame?")).get(0);
      assertThat(dot(v.get(0), mini)).isLessThan(0.9);
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
