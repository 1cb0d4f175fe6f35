package io.mediawhisperer.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the embedding verticle shares its model, with one runner so that the order is observable:
 * searches before ingestion's batches, and ingestion's lanes in turn. Orders are read from the
 * order the replies arrive in, never from timings.
 */
class EmbeddingSchedulingTest {

  private static BusHarness bus;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("embedding-runners", 1)).deploy(new EmbeddingVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static JsonObject request(String priority, String lane, int texts, String prefix) {
    JsonObject body = new JsonObject().put("texts", new JsonArray(IntStream.range(0, texts)
        .mapToObj(i -> prefix + " passage number " + i + " about how a tracing compiler records the hot loops of a program.").toList()));
    if (priority != null) {
      body.put("priority", priority);
    }
    return lane == null ? body : body.put("lane", lane);
  }

  @Test
  void aShortJobsBatchesTakeTurnsWithALongJobsAndASearchGoesFirst() {
    List<String> finished = new CopyOnWriteArrayList<>();
    List<Future<JsonObject>> sent = new ArrayList<>();
    // sent in this order from one sender, so they arrive in it: the long job's six batches, the short one's, a search
    for (int i = 1; i <= 6; i++) {
      String name = "long-" + i;
      sent.add(bus.send(EmbeddingBus.EMBED, request(EmbeddingBus.BULK, "long", 32, name)).onSuccess(r -> finished.add(name)));
    }
    sent.add(bus.send(EmbeddingBus.EMBED, request(EmbeddingBus.BULK, "short", 32, "short")).onSuccess(r -> finished.add("short-1")));
    sent.add(bus.send(EmbeddingBus.EMBED, request(null, null, 1, "question")).onSuccess(r -> finished.add("search")));
    List<JsonObject> replies = sent.stream().map(f -> io.mediawhisperer.testing.Await.result(f)).toList();

    assertThat(finished).hasSize(8);
    assertThat(finished.indexOf("short-1")).as("the short job's batch, after the long job's second: " + finished)
        .isLessThan(finished.indexOf("long-3"));
    assertThat(finished.indexOf("search")).as("the search, before the long job's third batch: " + finished)
        .isLessThan(finished.indexOf("long-3"));
    JsonObject lastLong = replies.get(5);
    assertThat(lastLong.getLong("queuedMs")).as("the long job's last batch waited for the others").isPositive();
    assertThat(lastLong.getLong("runMs")).isPositive();
    assertThat(lastLong.getJsonArray("vectors")).hasSize(32);
  }

  @Test
  void aBulkRequestGetsTheVectorsAnInteractiveOneGets() {
    JsonObject bulk = bus.request(EmbeddingBus.EMBED, request(EmbeddingBus.BULK, "a-source", 3, "same"));
    JsonObject interactive = bus.request(EmbeddingBus.EMBED, request(EmbeddingBus.INTERACTIVE, null, 3, "same"));
    assertThat(bulk.getJsonArray("vectors")).isEqualTo(interactive.getJsonArray("vectors"));
    assertThat(bulk.getString("model")).isEqualTo(interactive.getString("model"));
  }

  @Test
  void aBadLaneOrPriorityIsA400() {
    for (JsonObject bad : List.of(request("urgent", null, 1, "x"), request(EmbeddingBus.BULK, null, 1, "x").put("lane", 7),
        request(null, null, 1, "x").put("priority", true))) {
      Failure failure = bus.failure(EmbeddingBus.EMBED, bad);
      assertThat(failure.status()).as(bad.encode()).isEqualTo(400);
      assertThat(failure.code()).isEqualTo(Failure.INVALID_INPUT);
    }
  }

  @Test
  void runnersAndThreadsFollowTheCoresUnlessConfigured() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(EmbeddingVerticle.runners(new JsonObject())).isEqualTo(Math.min(cores, EmbeddingVerticle.MAX_AUTO_RUNNERS));
    assertThat(EmbeddingVerticle.runners(new JsonObject().put("embedding-runners", 3))).isEqualTo(3);
    assertThat(EmbeddingVerticle.withThreads(io.mediawhisperer.spi.PluginSettings.empty(), cores).values()).containsEntry("threads", "1");
    assertThat(EmbeddingVerticle.withThreads(new io.mediawhisperer.spi.PluginSettings(java.util.Map.of("threads", "4")), cores).values())
        .containsEntry("threads", "4");
  }
}
