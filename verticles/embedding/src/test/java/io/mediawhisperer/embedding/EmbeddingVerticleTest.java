package io.mediawhisperer.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedding verticle alone, with the built-in all-MiniLM-L6-v2, driven through {@link EmbeddingBus}. */
class EmbeddingVerticleTest {

  private static BusHarness bus;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject()).deploy(new EmbeddingVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static JsonObject embed(String... texts) {
    return bus.request(EmbeddingBus.EMBED, new JsonObject().put("texts", new JsonArray(java.util.List.of(texts))));
  }

  private static double dot(float[] a, float[] b) {
    return IntStream.range(0, a.length).mapToDouble(i -> a[i] * b[i]).sum();
  }

  @Test
  void embedsEachTextAsAUnitVectorOf384AndSimilarSentencesAreCloser() {
    JsonObject reply = embed(
        "The cat is sleeping on the sofa.",
        "A kitten naps on the couch.",
        "Quarterly tax returns must be filed by the end of April.");

    assertThat(reply.getInteger("dimension")).isEqualTo(384);
    assertThat(reply.getString("model")).isNotBlank();
    JsonArray encoded = reply.getJsonArray("vectors");
    assertThat(encoded).hasSize(3);
    float[] cat = Vectors.decode(encoded.getString(0));
    float[] kitten = Vectors.decode(encoded.getString(1));
    float[] taxes = Vectors.decode(encoded.getString(2));
    assertThat(cat).hasSize(384);
    assertThat(dot(cat, cat)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(dot(cat, kitten)).as("paraphrases are closer than unrelated sentences").isGreaterThan(dot(cat, taxes) + 0.2);
    assertThat(dot(kitten, cat)).isGreaterThan(dot(kitten, taxes));
  }

  @Test
  void infoReportsTheModelItEmbedsWith() {
    JsonObject info = bus.request(EmbeddingBus.INFO, new JsonObject());

    assertThat(info.getInteger("dimension")).isEqualTo(384);
    assertThat(info.getInteger("maxTokens")).isPositive();
    assertThat(info.getString("model")).isEqualTo(embed("one text").getString("model"));
  }

  @Test
  void aRequestMayNameAnotherInstalledProviderWhoseModelOpensOnFirstUse() {
    JsonObject configured = embed("How do I read a CSV file?");
    JsonObject e5 = bus.request(EmbeddingBus.EMBED, new JsonObject().put("texts", new JsonArray().add("How do I read a CSV file?"))
        .put("provider", "e5-small").put("priority", EmbeddingBus.BULK).put("lane", "reindex"));

    assertThat(configured.getString("provider")).isEqualTo("minilm");
    assertThat(e5.getString("provider")).isEqualTo("e5-small");
    assertThat(e5.getString("model")).isEqualTo("e5-small-v2-q").isNotEqualTo(configured.getString("model"));
    assertThat(dot(Vectors.decode(e5.getJsonArray("vectors").getString(0)), Vectors.decode(configured.getJsonArray("vectors").getString(0))))
        .as("two models' vectors of one text are not interchangeable").isLessThan(0.9);
    assertThat(bus.request(EmbeddingBus.INFO, new JsonObject().put("provider", "e5-small")).getString("model")).isEqualTo("e5-small-v2-q");
    // the configured model is still the default
    assertThat(bus.request(EmbeddingBus.INFO, new JsonObject()).getString("model")).isEqualTo(configured.getString("model"));

    Failure unknown = bus.failure(EmbeddingBus.EMBED, new JsonObject().put("texts", new JsonArray().add("x")).put("provider", "word2vec"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("word2vec").contains("minilm").contains("e5-small");
  }

  @Test
  void theSameTextGivesTheSameVectorWhateverItsBatch() {
    String alone = embed("Vert.x runs verticles on event loops.").getJsonArray("vectors").getString(0);
    String inBatch = embed("something else entirely", "Vert.x runs verticles on event loops.").getJsonArray("vectors").getString(1);

    float[] a = Vectors.decode(alone);
    float[] b = Vectors.decode(inBatch);
    assertThat(dot(a, b)).isGreaterThan(0.999);
  }

  @Test
  void aBadRequestIsA400() {
    Failure notAnArray = bus.failure(EmbeddingBus.EMBED, new JsonObject().put("texts", "just a string"));
    Failure notStrings = bus.failure(EmbeddingBus.EMBED, new JsonObject().put("texts", new JsonArray().add("ok").add(42)));
    JsonArray tooMany = new JsonArray();
    IntStream.rangeClosed(0, EmbeddingBus.MAX_TEXTS).forEach(i -> tooMany.add("text " + i));
    Failure overLimit = bus.failure(EmbeddingBus.EMBED, new JsonObject().put("texts", tooMany));

    for (Failure failure : java.util.List.of(notAnArray, notStrings, overLimit)) {
      assertThat(failure.status()).isEqualTo(400);
      assertThat(failure.code()).isEqualTo(Failure.INVALID_INPUT);
    }
    assertThat(notStrings.message()).contains("strings");
  }
}
