package io.mediawhisperer.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
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
 * deterministic. The index is filled as ingestion fills it, over {@link RetrievalBus#INDEX_SOURCE}
 * and {@link RetrievalBus#INDEX_CHUNKS}; ingestion's own addresses are fakes too.
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
    // a new data directory, so a new index: the generation an earlier test class recorded in the shared database goes
    bus.sql("DELETE FROM index_generations");
    bus.deploy(new RetrievalVerticle());

    alice = UUID.randomUUID();
    bob = UUID.randomUUID();
    UUID aliceSource = UUID.randomUUID();
    index(alice, aliceSource, "Alice's notes", SHARED_TEXT, "Sourdough bread needs a starter, flour, water and patience.");
    aliceChunk = chunkWith(aliceSource, SHARED_TEXT);
    aliceOtherChunk = chunkWith(aliceSource, "Sourdough bread needs a starter, flour, water and patience.");
    bobSource = UUID.randomUUID();
    // the very same words: only the user filter can keep it out of Alice's results
    index(bob, bobSource, "Bob's notes", SHARED_TEXT);
    bobChunk = chunkWith(bobSource, SHARED_TEXT);
  }

  /** Indexes a text source as ingestion does: the source's index started, then its chunks in one batch. */
  static JsonObject index(UUID user, UUID source, String title, String... texts) {
    bus.request(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
        .put("kind", "text").put("title", title));
    JsonArray chunks = new JsonArray();
    for (int i = 0; i < texts.length; i++) {
      chunks.add(new JsonObject().put("seq", i).put("text", texts[i]).put("tokenCount", 12));
    }
    return bus.request(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
        .put("chunks", chunks));
  }

  private static UUID chunkWith(UUID source, String text) {
    return bus.sql("SELECT id FROM chunks WHERE source_id = $1 AND text = $2", source, text).get(0).getUUID(0);
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

  private static JsonObject search(UUID user, String query, String mode) {
    return new JsonObject().put("userId", user.toString()).put("query", query).put("mode", mode);
  }

  private static List<String> chunkIds(JsonObject reply) {
    return reply.getJsonArray("results").stream().map(hit -> ((JsonObject) hit).getString("chunkId")).toList();
  }

  @Test
  void aReplacementIsHiddenUntilItsSwapThenTakesTheOldChunksPlaceAtOnce() {
    UUID carol = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    JsonObject ids = new JsonObject().put("userId", carol.toString()).put("sourceId", source.toString());
    String old = "Beekeepers smoke the hive before opening it.";
    index(carol, source, "Carol's bees", old);
    UUID oldChunk = chunkWith(source, old);

    // a re-chunk: the new chunks are stored and embedded beside the old, seq 0 again, and shown nowhere
    bus.request(RetrievalBus.INDEX_SOURCE, ids.copy().put("replace", true));
    JsonArray fresh = new JsonArray()
        .add(new JsonObject().put("seq", 0).put("text", "Beekeepers smoke the hive").put("tokenCount", 6))
        .add(new JsonObject().put("seq", 1).put("text", "before opening it, which calms the guard bees.").put("tokenCount", 10));
    // not a bulk load: the vectors are searchable at once, and only their rows' pending mark keeps them out of the hits
    bus.request(RetrievalBus.INDEX_CHUNKS, ids.copy().put("chunks", fresh).put("pending", true));
    for (String mode : List.of("vector", "hybrid", "text")) {
      assertThat(chunkIds(bus.request(RetrievalBus.SEARCH, search(carol, "beekeepers smoke the hive", mode))))
          .as(mode + " before the swap").containsExactly(oldChunk.toString());
    }
    assertThat(bus.request(RetrievalBus.SEARCH, search(carol, "calms the guard bees", "text")).getJsonArray("results")).isEmpty();
    assertThat(bus.request(RetrievalBus.OPENINGS, new JsonObject().put("userId", carol.toString())
        .put("sourceIds", new JsonArray().add(source.toString()))).getJsonObject("openings").getString(source.toString())).isEqualTo(old);

    // an abandoned replacement is cleared by the next one: rows and vectors
    bus.request(RetrievalBus.INDEX_SOURCE, ids.copy().put("replace", true));
    assertThat(bus.sql("SELECT id FROM chunks WHERE source_id = $1 AND pending", source)).isEmpty();
    bus.request(RetrievalBus.INDEX_CHUNKS, ids.copy().put("chunks", fresh).put("pending", true).put("bulk", true));

    JsonObject swapped = bus.request(RetrievalBus.INDEX_SYNC, ids.copy().put("replace", true));
    assertThat(swapped.getInteger("removed")).isEqualTo(1);
    assertThat(swapped.getInteger("shown")).isEqualTo(2);
    List<String> now = chunkIds(bus.request(RetrievalBus.SEARCH, search(carol, "beekeepers smoke the hive guard bees", "hybrid")));
    assertThat(now).hasSize(2).doesNotContain(oldChunk.toString());
    assertThat(bus.request(RetrievalBus.SEARCH, search(carol, "calms the guard bees", "text")).getJsonArray("results")).hasSize(1);
    assertThat(bus.sql("SELECT count(*) FROM chunks WHERE source_id = $1 AND NOT pending", source).get(0).getLong(0)).isEqualTo(2L);
    List<String> newChunks = bus.sql("SELECT id FROM chunks WHERE source_id = $1", source).stream().map(r -> r.getUUID(0).toString()).toList();
    assertThat(bus.request(RetrievalBus.CHUNK_IDS, new JsonObject().put("limit", RetrievalBus.MAX_CHUNK_IDS)).getJsonArray("chunkIds").getList())
        .as("the old vector is gone, the new ones are there").doesNotContain(oldChunk.toString()).containsAll(newChunks);

    // a source that is not indexed has nothing to replace
    assertThat(bus.failure(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", carol.toString())
        .put("sourceId", UUID.randomUUID().toString()).put("replace", true)).status()).isEqualTo(404);
  }

  @Test
  void aReplacementWithChunksLostToAnotherIndexingIsRefusedAndChangesNothing() {
    UUID dave = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    JsonObject ids = new JsonObject().put("userId", dave.toString()).put("sourceId", source.toString());
    index(dave, source, "Dave's log", "The first version of the conversation about sourdough starters.");

    // a re-chunk sends its first batch pending ...
    bus.request(RetrievalBus.INDEX_SOURCE, ids.copy().put("replace", true));
    JsonArray first = new JsonArray().add(new JsonObject().put("seq", 0).put("text", "The first version").put("tokenCount", 3));
    bus.request(RetrievalBus.INDEX_CHUNKS, ids.copy().put("chunks", first).put("pending", true));
    // ... the source is indexed again meanwhile (a chat log's next version): its rows, pending ones too, go
    String second = "The second version talks about rye flour instead.";
    index(dave, source, "Dave's log", second);
    UUID current = chunkWith(source, second);
    // ... and the re-chunk sends its last batch and asks for the swap of the 2 chunks it sent
    JsonArray last = new JsonArray().add(new JsonObject().put("seq", 1).put("text", "about sourdough starters.").put("tokenCount", 4));
    bus.request(RetrievalBus.INDEX_CHUNKS, ids.copy().put("chunks", last).put("pending", true));

    Failure refused = bus.failure(RetrievalBus.INDEX_SYNC, ids.copy().put("replace", true).put("pendingCount", 2));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo(RetrievalBus.REPLACEMENT_INCOMPLETE);
    assertThat(bus.sql("SELECT id FROM chunks WHERE source_id = $1 AND NOT pending", source).stream().map(r -> r.getUUID(0)).toList())
        .as("the new version's chunks stay").containsExactly(current);
    assertThat(chunkIds(bus.request(RetrievalBus.SEARCH, search(dave, "rye flour", "text")))).containsExactly(current.toString());

    // started over, the replacement swaps as usual
    bus.request(RetrievalBus.INDEX_SOURCE, ids.copy().put("replace", true));
    bus.request(RetrievalBus.INDEX_CHUNKS, ids.copy().put("chunks", new JsonArray()
        .add(new JsonObject().put("seq", 0).put("text", "The second version talks").put("tokenCount", 4))
        .add(new JsonObject().put("seq", 1).put("text", "about rye flour instead.").put("tokenCount", 4))).put("pending", true));
    JsonObject swapped = bus.request(RetrievalBus.INDEX_SYNC, ids.copy().put("replace", true).put("pendingCount", 2));
    assertThat(swapped.getInteger("removed")).isEqualTo(1);
    assertThat(swapped.getInteger("shown")).isEqualTo(2);
    assertThat(bus.failure(RetrievalBus.INDEX_SYNC, ids.copy().put("replace", true).put("pendingCount", -1)).status()).isEqualTo(400);
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
  void aRepeatedQueryIsEmbeddedOnceAndATextSearchNotAtAll() {
    String query = "graph search " + UUID.randomUUID();
    bus.request(RetrievalBus.SEARCH, search(alice, query, "vector"));
    bus.request(RetrievalBus.SEARCH, search(alice, query, "hybrid"));
    String textOnly = "sourdough starter " + UUID.randomUUID();
    bus.request(RetrievalBus.SEARCH, search(alice, textOnly, "text"));

    assertThat(embedder.received().stream().filter(r -> r.getJsonArray("texts").contains(query))).hasSize(1);
    assertThat(embedder.received().stream().filter(r -> r.getJsonArray("texts").contains(textOnly))).isEmpty();
  }

  @Test
  void textSearchFallsBackToPostgresWhileAVectorLacksItsTextAndComesBack() {
    UUID carol = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    index(carol, source, "Carol's notes", "Zymurgy is the chemistry of fermentation.", "Tides follow the moon.");
    UUID zymurgy = chunkWith(source, "Zymurgy is the chemistry of fermentation.");
    JsonObject query = search(carol, "what is zymurgy", "text");
    assertThat(chunkIds(bus.request(RetrievalBus.SEARCH, query))).containsExactly(zymurgy.toString());

    // a vector written over the bus without its text: the backend no longer holds every chunk's text
    UUID bare = UUID.randomUUID();
    JsonObject record = new JsonObject().put("chunkId", bare.toString()).put("userId", carol.toString())
        .put("sourceId", source.toString()).put("model", MODEL).put("vector", Vectors.encode(embedWords("tides")));
    bus.request(RetrievalBus.UPSERT, new JsonObject().put("records", new JsonArray().add(record)));
    assertThat(chunkIds(bus.request(RetrievalBus.SEARCH, query))).as("PostgreSQL's ranking").containsExactly(zymurgy.toString());

    bus.request(RetrievalBus.UPSERT, new JsonObject().put("records", new JsonArray().add(record.copy().put("text", "tides"))));
    assertThat(chunkIds(bus.request(RetrievalBus.SEARCH, query))).as("the backend's ranking").containsExactly(zymurgy.toString());
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
  void aSourceFilterOfTheUsersOwnSourceFindsOnlyIt() {
    UUID hal = UUID.randomUUID();
    UUID wanted = UUID.randomUUID();
    index(hal, wanted, "Wanted", "Glaciers carve valleys over millennia.");
    index(hal, UUID.randomUUID(), "Other", "Glaciers melt in summer.");
    for (String mode : List.of("vector", "text", "hybrid")) {
      JsonObject request = search(hal, "glaciers", mode).put("sourceIds", new JsonArray().add(wanted.toString()));
      assertThat(bus.request(RetrievalBus.SEARCH, request).getJsonArray("results").stream()
          .map(hit -> ((JsonObject) hit).getString("sourceTitle"))).as(mode).containsExactly("Wanted");
    }
  }

  @Test
  void aTagFilterFindsTheSourcesThatCarryTheTagAsTheyNowAre() {
    UUID ivy = UUID.randomUUID();
    UUID tagged = UUID.randomUUID();
    UUID untagged = UUID.randomUUID();
    index(ivy, tagged, "Tagged", "Comets have icy nuclei.");
    index(ivy, untagged, "Untagged", "Comets grow tails near the sun.");
    JsonObject byTag = search(ivy, "comets", "hybrid").put("tags", new JsonArray().add("astronomy"));
    assertThat(bus.request(RetrievalBus.SEARCH, byTag).getJsonArray("results")).isEmpty();

    bus.request(RetrievalBus.SOURCE_TAGS, new JsonObject().put("userId", ivy.toString()).put("sourceId", tagged.toString())
        .put("tags", new JsonArray().add("astronomy")));
    assertThat(bus.request(RetrievalBus.SEARCH, byTag).getJsonArray("results").stream()
        .map(hit -> ((JsonObject) hit).getString("sourceTitle"))).containsExactly("Tagged");

    bus.request(RetrievalBus.TAG_REMOVED, new JsonObject().put("userId", ivy.toString()).put("tag", "astronomy"));
    assertThat(bus.request(RetrievalBus.SEARCH, byTag).getJsonArray("results")).isEmpty();
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

  @Test
  void indexingEmbedsHereAndStoresChunksWithTheirModel() {
    UUID carol = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    JsonObject indexed = index(carol, source, "Carol's log", "Kafka partitions order messages per key.", "Consumers commit offsets.");

    assertThat(indexed.getInteger("indexed")).isEqualTo(2);
    assertThat(indexed.getString("model")).isEqualTo(MODEL);
    assertThat(embedder.last().getJsonArray("texts")).containsExactly("Kafka partitions order messages per key.", "Consumers commit offsets.");
    assertThat(bus.sql("SELECT embedding_model FROM chunks WHERE source_id = $1", source))
        .extracting(row -> row.getString(0)).containsExactly(MODEL, MODEL);
    assertThat(chunkIds(bus.request(RetrievalBus.SEARCH, search(carol, "kafka partitions key", "vector")))).first()
        .isEqualTo(chunkWith(source, "Kafka partitions order messages per key.").toString());
  }

  @Test
  void restartingASourcesIndexReplacesWhatAnEarlierAttemptIndexed() {
    UUID dave = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    index(dave, source, "First attempt", "An earlier attempt wrote this passage about gardening.");
    index(dave, source, "Second attempt", "The resumed job wrote this passage about compilers.");

    JsonObject reply = bus.request(RetrievalBus.SEARCH, search(dave, "gardening compilers passage", "hybrid"));
    assertThat(reply.getJsonArray("results")).hasSize(1);
    assertThat(reply.getJsonArray("results").getJsonObject(0).getString("sourceTitle")).isEqualTo("Second attempt");
  }

  @Test
  void chunksOfASourceWhoseIndexWasNotStartedAreRefused() {
    JsonObject chunks = new JsonObject().put("userId", alice.toString()).put("sourceId", UUID.randomUUID().toString())
        .put("chunks", new JsonArray().add(new JsonObject().put("seq", 0).put("text", "orphan").put("tokenCount", 1)));
    assertThat(bus.failure(RetrievalBus.INDEX_CHUNKS, chunks).status()).isEqualTo(404);
  }

  @Test
  void deletingASourceRemovesItsChunksAndVectorsAndOnlyThose() {
    UUID erin = UUID.randomUUID();
    UUID gone = UUID.randomUUID();
    UUID kept = UUID.randomUUID();
    index(erin, gone, "Gone", "Photosynthesis turns light into sugar.");
    index(erin, kept, "Kept", "Photosynthesis happens in chloroplasts.");

    assertThat(bus.request(RetrievalBus.DELETE_SOURCE, new JsonObject().put("userId", erin.toString()).put("sourceId", gone.toString()))
        .getLong("deleted")).isEqualTo(1);
    for (String mode : List.of("vector", "text")) {
      JsonObject reply = bus.request(RetrievalBus.SEARCH, search(erin, "photosynthesis", mode));
      assertThat(reply.getJsonArray("results").stream().map(hit -> ((JsonObject) hit).getString("sourceTitle")))
          .as(mode).containsExactly("Kept");
    }
    assertThat(bus.sql("SELECT count(*) FROM chunks WHERE source_id = $1", gone).get(0).getLong(0)).isZero();
  }

  @Test
  void theOrphanSweepRemovesTheIndexOfSourcesIngestionNoLongerHas() {
    UUID frank = UUID.randomUUID();
    UUID deletedMeanwhile = UUID.randomUUID();
    UUID alive = UUID.randomUUID();
    index(frank, deletedMeanwhile, "Deleted while retrieval was away", "Volcanoes erupt magma.");
    index(frank, alive, "Alive", "Volcanoes sleep for centuries.");
    // ingestion knows every source but the deleted one
    bus.fake(IngestionBus.EXISTING_SOURCES, request -> new JsonObject().put("existing", new JsonArray(
        request.getJsonArray("sourceIds").stream().filter(id -> !id.equals(deletedMeanwhile.toString())).toList())));

    JsonObject swept = bus.request(RetrievalBus.SWEEP_ORPHANS, new JsonObject());

    assertThat(swept.getLong("sources")).isEqualTo(1);
    assertThat(swept.getLong("checked")).isGreaterThanOrEqualTo(1);
    JsonObject reply = bus.request(RetrievalBus.SEARCH, search(frank, "volcanoes", "vector"));
    assertThat(reply.getJsonArray("results").stream().map(hit -> ((JsonObject) hit).getString("sourceTitle"))).containsExactly("Alive");
    assertThat(bus.request(RetrievalBus.SWEEP_ORPHANS, new JsonObject()).getLong("sources")).isZero();
  }

  @Test
  void openingsAreTheFirstChunksOfEachOfTheUsersSources() {
    UUID gina = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    index(gina, source, "Long", "One.", "Two.", "Three.", "Four.");

    JsonObject openings = bus.request(RetrievalBus.OPENINGS, new JsonObject().put("userId", gina.toString())
        .put("sourceIds", new JsonArray().add(source.toString()).add(bobSource.toString()))).getJsonObject("openings");
    assertThat(openings.getString(source.toString())).isEqualTo("One. Two. Three.");
    assertThat(openings.containsKey(bobSource.toString())).as("another user's source").isFalse();
  }

  @Test
  void aBulkLoadIsSearchableOnceItsSourceIsSynced() {
    UUID carol = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    bus.request(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", carol.toString()).put("sourceId", source.toString())
        .put("kind", "pdf").put("title", "Carol's manual").put("fresh", true));
    for (int batch = 0; batch < 3; batch++) {
      JsonArray chunks = new JsonArray();
      for (int i = 0; i < 4; i++) {
        int seq = batch * 4 + i;
        chunks.add(new JsonObject().put("seq", seq).put("text", "Page " + seq + " of the manual, about topic" + seq + ".")
            .put("tokenCount", 9));
      }
      JsonObject indexed = bus.request(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", carol.toString())
          .put("sourceId", source.toString()).put("bulk", true).put("chunks", chunks));
      assertThat(indexed.getInteger("indexed")).isEqualTo(4);
    }
    bus.request(RetrievalBus.INDEX_SYNC, new JsonObject().put("userId", carol.toString()).put("sourceId", source.toString()));

    for (String mode : List.of("vector", "text")) {
      JsonObject reply = bus.request(RetrievalBus.SEARCH, search(carol, "Page 7 of the manual, about topic7.", mode));
      assertThat(reply.getJsonArray("results").getJsonObject(0).getString("text")).as(mode)
          .isEqualTo("Page 7 of the manual, about topic7.");
      assertThat(reply.getJsonArray("results").stream().map(hit -> ((JsonObject) hit).getString("sourceTitle")))
          .as(mode).containsOnly("Carol's manual");
    }
    assertThat(bus.failure(RetrievalBus.INDEX_SYNC, new JsonObject().put("userId", carol.toString())).status())
        .as("a sync names its source").isEqualTo(400);
  }
}
