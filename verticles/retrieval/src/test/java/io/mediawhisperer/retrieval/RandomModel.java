package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake embedding role whose every answer is a new random unit vector, even for a text it saw
 * before: a vector that equals an earlier one can only have come from the embedding cache. It
 * keeps every vector it made, per text, and answers {@code embedding.info} with its current model,
 * which a test may change.
 */
final class RandomModel {

  static final int DIMENSION = 16;

  private final Random random = new Random(17);
  private final Map<String, List<float[]>> made = new ConcurrentHashMap<>();
  private volatile String model;
  final BusHarness.Fake embed;

  private RandomModel(BusHarness bus, String model) {
    this.model = model;
    embed = bus.fake(EmbeddingBus.EMBED, request -> {
      JsonArray vectors = new JsonArray();
      request.getJsonArray("texts").forEach(text -> vectors.add(Vectors.encode(make((String) text))));
      return new JsonObject().put("model", this.model).put("dimension", DIMENSION).put("vectors", vectors).put("queuedMs", 0);
    });
    bus.fake(EmbeddingBus.INFO, request -> new JsonObject().put("model", this.model).put("dimension", DIMENSION).put("maxTokens", 128));
  }

  /**
   * Answers both embedding addresses of {@code bus}; register before deploying the verticle. The
   * harness's data directory is new, so the index is too: the generation a test class before this
   * one recorded in the JVM's shared database (another model's) is forgotten.
   */
  static RandomModel on(BusHarness bus, String model) {
    bus.sql("DELETE FROM index_generations");
    return new RandomModel(bus, model);
  }

  void switchTo(String newModel) {
    model = newModel;
  }

  /** The vectors made for {@code text}, oldest first. */
  List<float[]> madeFor(String text) {
    return made.getOrDefault(text, List.of());
  }

  /** The texts of every embed request, in order. */
  List<List<String>> requests() {
    return embed.received().stream().map(r -> r.getJsonArray("texts").stream().map(String.class::cast).toList()).toList();
  }

  private synchronized float[] make(String text) {
    float[] vector = new float[DIMENSION];
    double norm = 0;
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] = (float) random.nextGaussian();
      norm += vector[i] * vector[i];
    }
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] /= (float) Math.sqrt(norm);
    }
    made.computeIfAbsent(text, t -> new CopyOnWriteArrayList<>()).add(vector);
    return vector;
  }
}
