package io.mediawhisperer.spi.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mediawhisperer.spi.PluginSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every embedding model plugin must do, whatever runs it. A plugin's test extends this
 * class and says how to make its provider and settings; the model is opened once (lazily, so a
 * subclass may start what the model needs, such as a server, in its own {@code @BeforeAll}) and
 * closed after the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmbeddingModelContract {

  private static final String VALID_NAME = "[a-z0-9]+(-[a-z0-9]+)*";
  private static final double UNIT = 1e-3;

  /** Texts of different lengths and topics, the last past a small model's window (over 2,000 words). */
  protected static final List<String> TEXTS = List.of(
      "How do I read a file line by line?",
      "The cat sat on the mat.",
      "Stock markets fell sharply after the interest rate decision.",
      "Python lists are mutable sequences; tuples are immutable.",
      "x",
      String.join(" ", Collections.nCopies(400, "a long text that goes on and on")));

  private EmbeddingModel model;

  protected abstract EmbeddingModelProvider provider();

  protected abstract PluginSettings settings();

  /**
   * How close a text's vector must stay when it is embedded among other texts rather than
   * alone. Exact models stay above 0.9999; quantized ones that pad texts into batches move a
   * little (0.99), which is what this default allows.
   */
  protected double minCosineAcrossBatches() {
    return 0.99;
  }

  protected final synchronized EmbeddingModel model() {
    if (model == null) {
      model = provider().open(settings());
    }
    return model;
  }

  @AfterAll
  final void closeModel() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void namesAreValid() {
    assertThat(provider().name()).matches(VALID_NAME);
    assertThat(model().modelName()).isNotBlank();
  }

  @Test
  void dimensionIsPositive() {
    assertThat(model().dimension()).isPositive();
  }

  @Test
  void vectorsHaveTheDimensionAndUnitLength() throws Exception {
    List<float[]> vectors = model().embed(TEXTS);
    for (float[] vector : vectors) {
      assertThat(vector).hasSize(model().dimension());
      assertThat(norm(vector)).isCloseTo(1.0, within(UNIT));
    }
  }

  @Test
  void oneVectorPerTextInOrder() throws Exception {
    List<float[]> together = model().embed(TEXTS);
    assertThat(together).hasSize(TEXTS.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      float[] alone = model().embed(List.of(TEXTS.get(i))).get(0);
      assertThat(cosine(together.get(i), alone)).as("text %d embedded alone and among others", i)
          .isGreaterThanOrEqualTo(minCosineAcrossBatches());
    }
    List<String> reversed = new ArrayList<>(TEXTS);
    Collections.reverse(reversed);
    List<float[]> backwards = model().embed(reversed);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(cosine(together.get(i), backwards.get(TEXTS.size() - 1 - i))).as("text %d in reversed order", i)
          .isGreaterThanOrEqualTo(minCosineAcrossBatches());
    }
    assertThat(cosine(together.get(0), together.get(2))).as("different texts, different vectors").isLessThan(0.99);
  }

  @Test
  void emptyListGivesEmptyList() throws Exception {
    assertThat(model().embed(List.of())).isEmpty();
  }

  @Test
  void sameTextsGiveSameVectors() throws Exception {
    List<float[]> first = model().embed(TEXTS);
    List<float[]> second = model().embed(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(cosine(first.get(i), second.get(i))).as("text %d", i).isGreaterThan(0.9999);
    }
  }

  @Test
  void concurrentCallsGiveTheSameVectors() throws Exception {
    List<float[]> expected = model().embed(TEXTS);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<float[]>>> calls = new ArrayList<>();
      for (int call = 0; call < 8; call++) {
        calls.add(pool.submit(() -> model().embed(TEXTS)));
      }
      for (Future<List<float[]>> call : calls) {
        List<float[]> actual = call.get();
        for (int i = 0; i < TEXTS.size(); i++) {
          assertThat(cosine(expected.get(i), actual.get(i))).as("text %d", i).isGreaterThan(0.9999);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tokenCountsGrowWithTheText() {
    TokenCounter tokens = provider().tokenizer(settings());
    assertThat(tokens.maxTokens()).isPositive();
    assertThat(tokens.count("")).isZero();
    int one = tokens.count("embedding");
    int ten = tokens.count(String.join(" ", Collections.nCopies(10, "embedding")));
    int many = tokens.count(TEXTS.get(TEXTS.size() - 1));
    assertThat(one).isPositive();
    assertThat(ten).isGreaterThan(one);
    assertThat(many).isGreaterThan(ten);
  }

  @Test
  void closeIsIdempotent() {
    EmbeddingModel separate = provider().open(settings());
    separate.close();
    separate.close();
  }

  protected static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  protected static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return dot / (norm(a) * norm(b));
  }
}
