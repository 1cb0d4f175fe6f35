package io.mediawhisperer.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The embedding cache's bounds: {@code embedding-cache-max-age-hours}, {@code embedding-cache-max-entries}
 * (least recently used first) and 0 entries as "no cache". The bounds are of the whole table, so
 * this class runs alone (no other test class writes the cache meanwhile) and empties it first.
 */
@Isolated
class EmbeddingCacheSweepTest {

  private BusHarness bus;
  private RandomModel model;

  private void deploy(long maxEntries, long maxAgeHours) {
    bus = BusHarness.start(new JsonObject().put("vector-backend", "lucene")
        .put("embedding-cache-max-entries", maxEntries).put("embedding-cache-max-age-hours", maxAgeHours));
    model = RandomModel.on(bus, "random-sweep");
    bus.deploy(new RetrievalVerticle());
    bus.sql("DELETE FROM embedding_cache");
  }

  @AfterEach
  void close() {
    bus.close();
  }

  private JsonObject index(UUID user, String... texts) {
    UUID source = UUID.randomUUID();
    bus.request(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
        .put("kind", "text"));
    JsonArray chunks = new JsonArray();
    for (int i = 0; i < texts.length; i++) {
      chunks.add(new JsonObject().put("seq", i).put("text", texts[i]).put("tokenCount", 3));
    }
    return bus.request(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
        .put("chunks", chunks));
  }

  private void lastUsedHoursAgo(String text, int hours) {
    bus.sql("UPDATE embedding_cache SET last_used = now() - make_interval(hours => $2) WHERE text_hash = sha256(convert_to($1, 'UTF8'))",
        text, hours);
  }

  private List<String> cachedTexts(String... candidates) {
    return List.of(candidates).stream().filter(t -> bus.sql("SELECT 1 FROM embedding_cache WHERE text_hash = sha256(convert_to($1, 'UTF8'))",
        t).size() == 1).toList();
  }

  private JsonObject sweep() {
    return bus.request(RetrievalBus.SWEEP_EMBEDDING_CACHE, new JsonObject());
  }

  @Test
  void entriesUnusedForTheMaximumAgeAreRemoved() {
    deploy(1_000, 24);
    UUID user = UUID.randomUUID();
    index(user, "old one", "old two", "recent");
    lastUsedHoursAgo("old one", 25);
    lastUsedHoursAgo("old two", 200);
    lastUsedHoursAgo("recent", 23);

    JsonObject swept = sweep();

    assertThat(swept.getLong("expired")).isEqualTo(2);
    assertThat(swept.getLong("evicted")).isZero();
    assertThat(swept.getLong("entries")).isEqualTo(1);
    assertThat(cachedTexts("old one", "old two", "recent")).containsExactly("recent");
  }

  @Test
  void beyondTheMaximumEntriesTheLeastRecentlyUsedGoAndAReuseCountsAsAUse() {
    deploy(3, 720);
    UUID user = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    index(user, "e1", "e2", "e3", "e4");
    index(other, "e5");
    lastUsedHoursAgo("e1", 5);
    lastUsedHoursAgo("e2", 4);
    lastUsedHoursAgo("e3", 3);
    lastUsedHoursAgo("e4", 2);
    lastUsedHoursAgo("e5", 1);
    // e1 is the oldest, but reused now (last used over an hour ago, so its use is recorded)
    assertThat(index(user, "e1").getInteger("reused")).isEqualTo(1);

    JsonObject swept = sweep();

    assertThat(swept.getLong("expired")).isZero();
    assertThat(swept.getLong("evicted")).isEqualTo(2);
    assertThat(swept.getLong("entries")).isEqualTo(3);
    assertThat(cachedTexts("e1", "e2", "e3", "e4", "e5")).containsExactly("e1", "e4", "e5");
  }

  @Test
  void evictionRunsInBatchesUntilTheBoundHolds() {
    deploy(10, 0);
    UUID user = UUID.randomUUID();
    // more than a batch of entries beyond the bound, written as the cache writes them
    bus.sql("""
        INSERT INTO embedding_cache (user_id, model, text_hash, dimension, vector, last_used)
        SELECT $1, 'random-sweep', sha256(int4send(i)), 16, decode(repeat('00', 64), 'hex'), now() - make_interval(hours => i)
        FROM generate_series(1, $2) AS i""", user, EmbeddingCacheSweep.BATCH + 20);

    JsonObject swept = sweep();

    assertThat(swept.getLong("evicted")).isEqualTo(EmbeddingCacheSweep.BATCH + 10);
    assertThat(swept.getLong("entries")).isEqualTo(10);
    assertThat(swept.getLong("expired")).as("0 hours: no age limit, even for entries 5,000 hours old").isZero();
    // the ten kept are the ten most recently used
    assertThat(bus.sql("SELECT count(*) FROM embedding_cache WHERE last_used > now() - interval '11 hours'").get(0).getLong(0)).isEqualTo(10);
  }

  @Test
  void zeroEntriesMeansNoCacheAndTheSweepEmptiesIt() {
    deploy(0, 720);
    UUID user = UUID.randomUUID();
    bus.sql("INSERT INTO embedding_cache (user_id, model, text_hash, dimension, vector) VALUES ($1, 'random-sweep', sha256('x'::bytea), 16, '\\x00'::bytea)",
        user);

    JsonObject first = index(user, "a", "b");
    JsonObject second = index(user, "a", "b");

    assertThat(first.getInteger("embedded")).isEqualTo(2);
    assertThat(second.getInteger("embedded")).isEqualTo(2);
    assertThat(second.getInteger("reused")).isZero();
    assertThat(model.requests()).hasSize(2);
    assertThat(cachedTexts("a", "b")).isEmpty();
    assertThat(sweep().getLong("entries")).isZero();
    assertThat(bus.sql("SELECT count(*) FROM embedding_cache").get(0).getLong(0)).isZero();
  }
}
