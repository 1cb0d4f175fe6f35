package io.mediawhisperer.bench;

import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.launcher.Node;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a node's search index the way ingestion does, so chunk rows, whatever text index retrieval
 * keeps and the vectors all come from the node's own code: each source's index started
 * (retrieval.index.source), then its chunks in batches of {@value #BATCH} (retrieval.index.chunks),
 * {@value #IN_FLIGHT} batches in flight, each chunk's vector offered to {@link PrecomputedEmbeddings}
 * first. The node makes the chunk ids; they are read back by source and position.
 */
final class IndexFeeder {

  static final int BATCH = RetrievalBus.MAX_INDEX_BATCH;
  static final int IN_FLIGHT = 4;
  private static final DeliveryOptions SLOW = new DeliveryOptions().setSendTimeout(TimeUnit.MINUTES.toMillis(10));

  private IndexFeeder() {
  }

  /**
   * @param sourceIds    the id of each source (0..sources()-1); their rows in ingestion's table exist
   * @param userOfSource whose each source is
   * @return the chunk id the node gave each chunk
   */
  static UUID[] feed(Node node, FreshDatabase database, SearchData data, UUID[] sourceIds, UUID[] userOfSource,
      BenchNode.Progress progress) throws Exception {
    var bus = node.vertx().eventBus();
    for (int s = 0; s < sourceIds.length; s++) {
      bus.request(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", userOfSource[s].toString())
              .put("sourceId", sourceIds[s].toString()).put("kind", "text").put("title", "bench source " + s).put("fresh", true))
          .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
    int[][] bySource = bySource(data);
    long embeddedBefore = PrecomputedEmbeddings.embedded();
    Semaphore slots = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long started = System.nanoTime();
    long lastReport = started;
    int sent = 0;
    for (int s = 0; s < sourceIds.length; s++) {
      for (int from = 0; from < bySource[s].length; from += BATCH) {
        JsonArray chunks = new JsonArray();
        for (int seq = from; seq < Math.min(bySource[s].length, from + BATCH); seq++) {
          int i = bySource[s][seq];
          String text = data.text(i);
          PrecomputedEmbeddings.offer(text, data.vectors[i]);
          chunks.add(new JsonObject().put("seq", seq).put("text", text).put("tokenCount", text.split(" ").length));
        }
        slots.acquire();
        if (failure.get() != null) {
          throw new IllegalStateException("indexing a batch failed", failure.get());
        }
        bus.request(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", userOfSource[s].toString())
                .put("sourceId", sourceIds[s].toString()).put("chunks", chunks), SLOW)
            .onComplete(done -> {
              if (done.failed()) {
                failure.compareAndSet(null, done.cause());
              }
              slots.release();
            });
        sent += chunks.size();
        if (System.nanoTime() - lastReport > 30e9) {
          lastReport = System.nanoTime();
          double seconds = (lastReport - started) / 1e9;
          progress.say("  indexed %,d/%,d chunks (%.0f/s, ~%.0f s left)", sent, data.n, sent / seconds,
              (data.n - sent) / (sent / seconds));
        }
      }
    }
    slots.acquire(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("indexing a batch failed", failure.get());
    }
    if (PrecomputedEmbeddings.waiting() != 0 || PrecomputedEmbeddings.embedded() != embeddedBefore) {
      throw new IllegalStateException("the node did not embed exactly the chunks offered: " + PrecomputedEmbeddings.waiting()
          + " offers left, " + (PrecomputedEmbeddings.embedded() - embeddedBefore) + " texts embedded by the model");
    }
    return chunkIds(database, data, sourceIds, bySource);
  }

  /** The chunks of each source in order of position: bySource[s][seq] = the chunk's index. */
  private static int[][] bySource(SearchData data) {
    int[][] out = new int[SearchData.sources()][];
    int[] counts = new int[out.length];
    for (int i = 0; i < data.n; i++) {
      counts[data.source[i]]++;
    }
    for (int s = 0; s < out.length; s++) {
      out[s] = new int[counts[s]];
    }
    for (int i = 0; i < data.n; i++) {
      out[data.source[i]][data.seq[i]] = i;
    }
    return out;
  }

  private static UUID[] chunkIds(FreshDatabase database, SearchData data, UUID[] sourceIds, int[][] bySource)
      throws Exception {
    Map<UUID, Integer> sourceIndex = new HashMap<>();
    for (int s = 0; s < sourceIds.length; s++) {
      sourceIndex.put(sourceIds[s], s);
    }
    UUID[] ids = new UUID[data.n];
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT id, source_id, seq FROM chunks")) {
        ps.setFetchSize(20_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids[bySource[sourceIndex.get(rs.getObject(2, UUID.class))][rs.getInt(3)]] = rs.getObject(1, UUID.class);
          }
        }
      }
      c.commit();
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null) {
        throw new IllegalStateException("chunk " + i + " (source " + data.source[i] + ", seq " + data.seq[i] + ") has no row");
      }
    }
    return ids;
  }
}
