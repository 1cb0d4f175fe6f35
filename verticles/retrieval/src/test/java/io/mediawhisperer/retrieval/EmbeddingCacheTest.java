package io.mediawhisperer.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedding cache as ingestion meets it, over {@link RetrievalBus#INDEX_CHUNKS}: texts a user
 * indexed before (with the same model) are not embedded again. The model is {@link RandomModel},
 * whose vectors differ at every call, so a vector equal to an earlier one came from the cache.
 * Each test has users of its own.
 */
class EmbeddingCacheTest {

  private static final String MODEL = "random-a";

  private static BusHarness bus;
  private static RandomModel model;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("vector-backend", "lucene"));
    model = RandomModel.on(bus, MODEL);
    bus.deploy(new RetrievalVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  /** A new source of {@code user} with {@code texts} as its chunks, in one batch; the reply. */
  private static JsonObject index(UUID user, UUID source, String... texts) {
    bus.request(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
        .put("kind", "text").put("title", "t"));
    JsonArray chunks = new JsonArray();
    for (int i = 0; i < texts.length; i++) {
      chunks.add(new JsonObject().put("seq", i).put("text", texts[i]).put("tokenCount", 5));
    }
    return bus.request(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
        .put("chunks", chunks));
  }

  private static int embedRequests() {
    return model.requests().size();
  }

  /** The cosine of {@code vector} with the vector stored for {@code text}'s chunk in {@code source}. */
  private static double similarity(UUID user, UUID source, String text, float[] vector) {
    UUID chunk = bus.sql("SELECT id FROM chunks WHERE source_id = $1 AND text = $2", source, text).get(0).getUUID(0);
    JsonArray hits = bus.request(RetrievalBus.VECTOR_SEARCH, new JsonObject().put("userId", user.toString())
        .put("model", MODEL).put("vector", Vectors.encode(vector)).put("k", 10)
        .put("sourceIds", new JsonArray().add(source.toString()))).getJsonArray("hits");
    return hits.stream().map(JsonObject.class::cast).filter(h -> h.getString("chunkId").equals(chunk.toString()))
        .mapToDouble(h -> h.getDouble("score")).findFirst().orElseThrow();
  }

  private static long cached(UUID user, String text) {
    return bus.sql("SELECT count(*) FROM embedding_cache WHERE user_id = $1 AND text_hash = sha256(convert_to($2, 'UTF8'))", user, text)
        .get(0).getLong(0);
  }

  @Test
  void theSameTextsIndexedAgainAreTakenFromTheCacheWithoutAskingTheModel() {
    UUID user = UUID.randomUUID();
    String[] texts = {"Anna " + user + " reads the first page.", "The second page " + user + " follows.", "A third " + user + "."};
    JsonObject first = index(user, UUID.randomUUID(), texts);
    int asked = embedRequests();

    JsonObject second = index(user, UUID.randomUUID(), texts);

    assertThat(first.getInteger("embedded")).isEqualTo(3);
    assertThat(first.getInteger("reused")).isZero();
    assertThat(second.getInteger("indexed")).isEqualTo(3);
    assertThat(second.getInteger("embedded")).isZero();
    assertThat(second.getInteger("reused")).isEqualTo(3);
    assertThat(second.getString("model")).isEqualTo(MODEL);
    assertThat(second.getInteger("dimension")).isEqualTo(RandomModel.DIMENSION);
    assertThat(embedRequests()).as("no request to the model at all").isEqualTo(asked);
  }

  @Test
  void aHalfNewBatchEmbedsOnlyItsNewTextsAndReusesTheVectorsOfTheOthers() {
    UUID user = UUID.randomUUID();
    String kept1 = "Unchanged page one " + user;
    String kept2 = "Unchanged page two " + user;
    String new1 = "A page rewritten " + user;
    String new2 = "A page added " + user;
    index(user, UUID.randomUUID(), kept1, kept2);
    UUID version2 = UUID.randomUUID();

    JsonObject reply = index(user, version2, kept1, new1, kept2, new2);

    assertThat(reply.getInteger("embedded")).isEqualTo(2);
    assertThat(reply.getInteger("reused")).isEqualTo(2);
    assertThat(model.requests().get(model.requests().size() - 1)).containsExactly(new1, new2);
    assertThat(model.madeFor(kept1)).hasSize(1);
    // the second version's vectors of the unchanged pages are the very ones made the first time
    assertThat(similarity(user, version2, kept1, model.madeFor(kept1).get(0))).isGreaterThan(0.9999);
    assertThat(similarity(user, version2, kept2, model.madeFor(kept2).get(0))).isGreaterThan(0.9999);
    assertThat(similarity(user, version2, new1, model.madeFor(new1).get(0))).isGreaterThan(0.9999);
    // and the check can fail: another text's vector is not that close
    assertThat(similarity(user, version2, kept2, model.madeFor(kept1).get(0))).isLessThan(0.99);
  }

  @Test
  void aTextRepeatedInABatchIsEmbeddedOnce() {
    UUID user = UUID.randomUUID();
    String ok = "ok " + user;

    JsonObject reply = index(user, UUID.randomUUID(), ok, "thanks " + user, ok, ok);

    assertThat(model.requests().get(model.requests().size() - 1)).containsExactly(ok, "thanks " + user);
    assertThat(reply.getInteger("indexed")).isEqualTo(4);
    assertThat(reply.getInteger("embedded")).isEqualTo(2);
    assertThat(reply.getInteger("reused")).isEqualTo(2);
  }

  @Test
  void anotherUsersCacheIsNeverUsed() {
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    String shared = "The same words uploaded by two people " + alice;
    index(alice, UUID.randomUUID(), shared);

    JsonObject bobs = index(bob, UUID.randomUUID(), shared);

    assertThat(bobs.getInteger("embedded")).isEqualTo(1);
    assertThat(bobs.getInteger("reused")).isZero();
    assertThat(model.madeFor(shared)).hasSize(2);
    assertThat(cached(alice, shared)).isEqualTo(1);
    assertThat(cached(bob, shared)).isEqualTo(1);
  }

  @Test
  void aRestartedSourceReusesWhatItsEarlierAttemptEmbedded() {
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    index(user, source, "Attempt one read this " + user, "and this " + user);

    // INDEX_SOURCE again, as a retried job does: its chunks and vectors go, the cache stays
    JsonObject retried = index(user, source, "Attempt one read this " + user, "and this " + user);

    assertThat(retried.getInteger("embedded")).isZero();
    assertThat(retried.getInteger("reused")).isEqualTo(2);
    assertThat(bus.sql("SELECT count(*) FROM chunks WHERE source_id = $1", source).get(0).getLong(0)).isEqualTo(2);
  }

  @Test
  void deletingASourcePurgesTheEntriesOfItsTextsButNotOfTextsTheUserStillHas() {
    UUID user = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    // the hash must be of the text as stored: NUL removed, UTF-8
    String onlyHere = "Crème brûlée 🍮 only in the deleted one \u0000" + user;
    String storedOnlyHere = onlyHere.replace("\u0000", "");
    String alsoElsewhere = "A passage both sources have " + user;
    UUID deleted = UUID.randomUUID();
    index(user, deleted, onlyHere, alsoElsewhere);
    index(user, UUID.randomUUID(), alsoElsewhere, "Only the kept source " + user);
    index(other, UUID.randomUUID(), storedOnlyHere);
    assertThat(cached(user, storedOnlyHere)).isEqualTo(1);

    bus.request(RetrievalBus.DELETE_SOURCE, new JsonObject().put("userId", user.toString()).put("sourceId", deleted.toString()));

    assertThat(cached(user, storedOnlyHere)).as("the deleted document's own text").isZero();
    assertThat(cached(user, alsoElsewhere)).as("a text another of the user's sources still has").isEqualTo(1);
    assertThat(cached(other, storedOnlyHere)).as("another user's entry of the same text").isEqualTo(1);
    assertThat(index(user, UUID.randomUUID(), storedOnlyHere).getInteger("embedded")).isEqualTo(1);
  }

  @Test
  void theOrphanSweepPurgesTheEntriesOfSourcesIngestionNoLongerHas() {
    UUID user = UUID.randomUUID();
    UUID gone = UUID.randomUUID();
    String text = "Indexed, then deleted while retrieval was away " + user;
    index(user, gone, text);
    bus.fake(IngestionBus.EXISTING_SOURCES, request -> new JsonObject().put("existing", new JsonArray(
        request.getJsonArray("sourceIds").stream().filter(id -> !id.equals(gone.toString())).toList())));

    bus.request(RetrievalBus.SWEEP_ORPHANS, new JsonObject());

    assertThat(cached(user, text)).isZero();
  }

  @Test
  void aBatchTheProviderEmbedsWithAnotherModelThanTheIndexIsRefusedWithNothingStored() {
    UUID user = UUID.randomUUID();
    String a = "Embedded by the index's model " + user;
    index(user, UUID.randomUUID(), a);
    model.switchTo("random-b");
    UUID refused = UUID.randomUUID();
    try {
      // the cache has a (of the index's model); the new text makes the model answer with the other one
      bus.request(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", user.toString()).put("sourceId", refused.toString())
          .put("kind", "text").put("title", "t"));
      Failure failure = bus.failure(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", user.toString())
          .put("sourceId", refused.toString()).put("chunks", new JsonArray()
              .add(new JsonObject().put("seq", 0).put("text", a).put("tokenCount", 5))
              .add(new JsonObject().put("seq", 1).put("text", "New with the second model " + user).put("tokenCount", 5))));
      assertThat(failure.status()).isEqualTo(503);
      assertThat(failure.message()).contains("random-b").contains(MODEL).contains("nothing was stored");
      assertThat(bus.sql("SELECT count(*) FROM chunks WHERE source_id = $1", refused).get(0).getLong(0)).isZero();
      assertThat(bus.sql("SELECT count(*) FROM embedding_cache WHERE user_id = $1 AND model = 'random-b'", user).get(0).getLong(0)).isZero();
    } finally {
      model.switchTo(MODEL);
    }
    // the provider makes the index's model again: a first batch learns it from the model's answer, then a comes from the cache
    index(UUID.randomUUID(), UUID.randomUUID(), "back to the index's model");
    JsonObject back = index(user, UUID.randomUUID(), a, "New with the second model " + user);
    assertThat(back.getString("model")).isEqualTo(MODEL);
    assertThat(back.getInteger("reused")).isEqualTo(1);
  }

  @Test
  void theSqlHashIsTheJavaHash() {
    String text = "Ünïcödé — 漢字 🍮";
    assertThat(bus.sql("SELECT sha256(convert_to($1, 'UTF8'))", text).get(0).getBuffer(0).getBytes())
        .isEqualTo(EmbeddingCache.hash(text));
  }

  @Test
  void theReplyCountsAddUp() {
    UUID user = UUID.randomUUID();
    List<String> texts = List.of("one " + user, "two " + user, "one " + user);
    JsonObject reply = index(user, UUID.randomUUID(), texts.toArray(String[]::new));
    assertThat(reply.getInteger("embedded") + reply.getInteger("reused")).isEqualTo(reply.getInteger("indexed"));
  }
}
