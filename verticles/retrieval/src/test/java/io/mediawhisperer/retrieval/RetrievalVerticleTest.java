package io.mediawhisperer.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retrieval verticle alone with the Lucene backend, driven through {@link RetrievalBus}; the
 * embedding role is a fake that embeds by hashing words (same words, same vector), so rankings are
 * deterministic. The ingestion tables it reads are filled with SQL, as ingestion would leave them.
 */
class RetrievalVerticleTest {

  private static final int DIMENSION = 16;
  private static final String MODEL = "fake-words";
  private static final String SHARED_TEXT = "Lucene stores vectors in an HNSW graph for fast approximate search.";

  private static BusHarness bus;
  private static BusHarness.Fake embedder;
  private static UUID alice;
  private static UUID bob;
  private static UUID aliceChunk;
  private static UUID aliceOtherChunk;
  private static UUID bobChunk;
  private static UUID bobSource;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("vector-backend", "lucene"));
    embedder = bus.fake(EmbeddingBus.EMBED, request -> {
      JsonArray vectors = new JsonArray();
      request.getJsonArray("texts").forEach(text -> vectors.add(Vectors.encode(embedWords((String) text))));
      return new JsonObject().put("model", MODEL).put("dimension", DIMENSION).put("vectors", vectors);
    });
    bus.fake(EmbeddingBus.INFO, request -> new JsonObject().put("model", MODEL).put("dimension", DIMENSION).put("maxTokens", 128));
    bus.deploy(new RetrievalVerticle());

    alice = user();
    bob = user();
    UUID aliceSource = source(alice, "Alice's notes");
    aliceChunk = chunk(alice, aliceSource, 0, SHARED_TEXT);
    aliceOtherChunk = chunk(alice, aliceSource, 1, "Sourdough bread needs a starter, flour, water and patience.");
    bobSource = source(bob, "Bob's notes");
    // the very same words: only the user filter can keep it out of Alice's results
    bobChunk = chunk(bob, bobSource, 0, SHARED_TEXT);
    JsonArray records = new JsonArray()
        .add(record(aliceChunk, alice, aliceSource, SHARED_TEXT))
        .add(record(aliceOtherChunk, alice, aliceSource, "Sourdough bread needs a starter, flour, water and patience."))
        .add(record(bobChunk, bob, bobSource, SHARED_TEXT));
    assertThat(bus.request(RetrievalBus.UPSERT, new JsonObject().put("records", records)).getInteger("upserted")).isEqualTo(3);
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  /** A unit vector from the text's words, hashed into {@link #DIMENSION} buckets. */
  static float[] embedWords(String text) {
    float[] vector = new float[DIMENSION];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!word.isEmpty()) {
        vector[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
      }
    }
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    if (norm == 0) {
      vector[0] = 1;
      return vector;
    }
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] /= (float) Math.sqrt(norm);
    }
    return vector;
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "retrieval-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  private static UUID source(UUID user, String title) {
    String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    return bus.sql("INSERT INTO sources (user_id, kind, title, status, parser, content_sha256, file_size)"
        + " VALUES ($1, 'text', $2, 'completed', 'text', $3, 100) RETURNING id", user, title, sha).get(0).getUUID(0);
  }

  private static UUID chunk(UUID user, UUID source, int seq, String text) {
    return bus.sql("INSERT INTO chunks (source_id, user_id, seq, text, token_count) VALUES ($1, $2, $3, $4, 12) RETURNING id",
        source, user, seq, text).get(0).getUUID(0);
  }

  private static JsonObject record(UUID chunk, UUID user, UUID source, String text) {
    return new JsonObject().put("chunkId", chunk.toString()).put("userId", user.toString()).put("sourceId", source.toString())
        .put("model", MODEL).put("vector", Vectors.encode(embedWords(text)));
  }

  private static JsonObject search(UUID user, String query, String mode) {
    return new JsonObject().put("userId", user.toString()).put("query", query).put("mode", mode);
  }

  private static List<String> chunkIds(JsonObject reply) {
    return reply.getJsonArray("results").stream().map(hit -> ((JsonObject) hit).getString("chunkId")).toList();
  }

  @Test
  void vectorSearchEmbedsTheQueryAndRanksTheMatchingChunkFirst() {
    String query = "approximate vector search in Lucene HNSW graph";
    JsonObject reply = bus.request(RetrievalBus.SEARCH, search(alice, query, "vector"));

    assertThat(embedder.last().getJsonArray("texts")).containsExactly(query);
    assertThat(reply.getString("mode")).isEqualTo("vector");
    List<String> ids = chunkIds(reply);
    assertThat(ids).first().isEqualTo(aliceChunk.toString());
    JsonObject best = reply.getJsonArray("results").getJsonObject(0);
    assertThat(best.getString("text")).isEqualTo(SHARED_TEXT);
    assertThat(best.getString("sourceTitle")).isEqualTo("Alice's notes");
    assertThat(best.getString("kind")).isEqualTo("text");
  }

  @Test
  void noModeReturnsAnotherUsersChunksEvenWithTheSameWords() {
    for (String mode : List.of("vector", "text", "hybrid")) {
      JsonObject reply = bus.request(RetrievalBus.SEARCH, search(alice, SHARED_TEXT, mode));
      List<String> ids = chunkIds(reply);
      assertThat(ids).as(mode).contains(aliceChunk.toString()).doesNotContain(bobChunk.toString());
      assertThat(reply.getJsonArray("results").stream().map(hit -> ((JsonObject) hit).getString("sourceId")))
          .as(mode).doesNotContain(bobSource.toString());
    }
    // and Bob finds his own copy, so the chunk is there to be found
    assertThat(chunkIds(bus.request(RetrievalBus.SEARCH, search(bob, SHARED_TEXT, "hybrid")))).containsExactly(bobChunk.toString());
  }

  @Test
  void aSourceFilterOfAnotherUsersSourceFindsNothing() {
    JsonObject request = search(alice, SHARED_TEXT, "hybrid").put("sourceIds", new JsonArray().add(bobSource.toString()));

    assertThat(bus.request(RetrievalBus.SEARCH, request).getJsonArray("results")).isEmpty();
  }

  @Test
  void badInputIsA400() {
    List<JsonObject> bad = List.of(
        search(alice, "   ", "hybrid"),
        search(alice, "x".repeat(SearchRequest.MAX_QUERY_CHARS + 1), "hybrid"),
        search(alice, "lucene", "fuzzy"),
        search(alice, "lucene", "hybrid").put("topK", 0),
        search(alice, "lucene", "hybrid").put("topK", RetrievalBus.MAX_TOP_K + 1),
        search(alice, "lucene", "hybrid").put("kinds", new JsonArray().add("video")),
        search(alice, "lucene", "hybrid").put("sourceIds", "not an array"));
    for (JsonObject request : bad) {
      Failure failure = bus.failure(RetrievalBus.SEARCH, request);
      assertThat(failure.status()).as(request.encode()).isEqualTo(400);
      assertThat(failure.code()).as(request.encode()).isEqualTo(Failure.INVALID_INPUT);
    }
  }
}
