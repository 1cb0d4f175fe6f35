package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.retrieval.Indexes.Index;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of the search index, as ingestion asks for it: a source's index started (what an
 * earlier attempt left removed), its chunks added batch by batch, each batch's vectors taken from
 * the user's embedding cache or embedded here ({@link BatchEmbedder}, so the vectors travel from the
 * embedding verticle to this one only), and stored rows first, vectors second (so a vector never
 * exists without its chunk row, which the orphan sweep relies on), the cache last. While a re-index
 * builds another index ({@link Indexes#building()}), every write and delete lands in both: the new
 * index's vectors are made by its own model (a failure there is logged, and the re-index's
 * catch-up mends it before the swap).
 */
final class SearchIndex {

  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Indexes indexes;
  private final EmbeddingCache cache;
  /** One per embedding provider an index was built with. */
  private final Map<String, BatchEmbedder> embedders = new HashMap<>();

  SearchIndex(Vertx vertx, Pool pool, Indexes indexes, EmbeddingCache cache) {
    this.vertx = vertx;
    this.pool = pool;
    this.indexes = indexes;
    this.cache = cache;
  }

  private BatchEmbedder embedder(Index index) {
    return embedders.computeIfAbsent(index.provider(), provider -> new BatchEmbedder(vertx, cache, provider, () -> indexes.info(provider)));
  }

  Future<JsonObject> startSource(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredUuid(body, "sourceId");
    if (Payloads.optionalBoolean(body, "replace")) {
      return startReplacement(userId, sourceId);
    }
    Tuple row = Tuple.from(new Object[] {sourceId, userId, Payloads.optionalUuid(body, "collectionId"), Payloads.requiredString(body, "kind"),
        Payloads.optionalString(body, "title"), Payloads.optionalString(body, "videoId"), tags(body)});
    // the vectors first: if the backend cannot be reached nothing changes, and the job fails or retries;
    // a source the sender knows to be new has none (a chat import makes thousands: no delete each)
    Future<Long> cleared = Payloads.optionalBoolean(body, "fresh") ? Future.succeededFuture(0L) : deleteVectors(userId, sourceId);
    return cleared
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(RetrievalSql.DELETE_SOURCE).execute(Tuple.of(sourceId, userId))
            .compose(deleted -> conn.preparedQuery(RetrievalSql.INSERT_SOURCE).execute(row))))
        .map(v -> new JsonObject());
  }

  /**
   * A replacement of an indexed source's chunks begins: the source stays as it is, searchable,
   * while the new chunks are added pending; what an abandoned replacement left pending goes first
   * (its vectors, then its rows, so no vector outlives its row).
   */
  private Future<JsonObject> startReplacement(UUID userId, UUID sourceId) {
    return pool.preparedQuery(RetrievalSql.LOCK_SOURCE).execute(Tuple.of(sourceId, userId))
        .compose(found -> found.size() == 0
            ? Future.failedFuture(Failure.notFound("the source is not in the search index").asException())
            : pool.preparedQuery(RetrievalSql.PENDING_IDS).execute(Tuple.of(sourceId, userId)))
        .compose(pending -> deleteChunkVectors(ids(pending)))
        .compose(v -> pool.preparedQuery(RetrievalSql.DELETE_PENDING).execute(Tuple.of(sourceId, userId)))
        .map(v -> new JsonObject());
  }

  /**
   * A replacement ends (after the new chunks' bulk load is synced): in one transaction the source's
   * visible chunks are deleted and its pending ones shown, so a search sees the old chunks or the
   * new ones, never neither; then the old chunks' vectors go (until then a search finds them
   * without rows and drops them, as it drops any deleted chunk; the orphan sweep removes what a
   * crash right here leaves). With {@code expected}, only if exactly that many chunks are pending:
   * a source indexed again meanwhile (a chat log's new version) lost the replacement's first
   * chunks with its old rows, and showing the rest would hide part of the source.
   */
  private Future<JsonObject> finishReplacement(UUID userId, UUID sourceId, Integer expected) {
    record Swapped(List<UUID> old, int shown) {
    }
    return pool.withTransaction(conn -> conn.preparedQuery(RetrievalSql.LOCK_SOURCE).execute(Tuple.of(sourceId, userId))
            .compose(found -> found.size() == 0
                ? Future.failedFuture(Failure.notFound("the source's index was deleted").asException())
                : expected == null ? Future.<Void>succeededFuture()
                : conn.preparedQuery(RetrievalSql.PENDING_COUNT).execute(Tuple.of(sourceId, userId)).compose(counted -> {
                  long pending = counted.iterator().next().getLong(0);
                  return pending == expected ? Future.<Void>succeededFuture()
                      : Future.<Void>failedFuture(new Failure(409, RetrievalBus.REPLACEMENT_INCOMPLETE, pending + " of the replacement's "
                          + expected + " chunks are pending: the source was indexed again meanwhile").asException());
                }))
            .compose(v -> conn.preparedQuery(RetrievalSql.DELETE_VISIBLE).execute(Tuple.of(sourceId, userId)))
            .compose(old -> conn.preparedQuery(RetrievalSql.SHOW_PENDING).execute(Tuple.of(sourceId, userId))
                .map(shown -> new Swapped(ids(old), shown.rowCount()))))
        .compose(swapped -> deleteChunkVectors(swapped.old())
            .map(v -> new JsonObject().put("removed", swapped.old().size()).put("shown", swapped.shown())));
  }

  /** The given chunks' vectors, from every open index. */
  private Future<Void> deleteChunkVectors(List<UUID> chunkIds) {
    if (chunkIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return indexes.writable().compose(targets -> Future.all(targets.stream()
        .map(index -> Stages.of(vertx, index.backend().deleteChunks(chunkIds))).toList())).mapEmpty();
  }

  private static List<UUID> ids(io.vertx.sqlclient.RowSet<Row> rows) {
    List<UUID> ids = new ArrayList<>(rows.size());
    rows.forEach(row -> ids.add(row.getUUID("id")));
    return ids;
  }

  /**
   * The source's vectors, then (in one transaction) the cache entries of its texts and its rows: a
   * deleted document's derived vectors leave with it. A restart ({@link #startSource}) keeps them:
   * the next attempt reuses them.
   */
  Future<JsonObject> deleteSource(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredUuid(body, "sourceId");
    UUID[] sources = {sourceId};
    return deleteVectors(userId, sourceId)
        .compose(vectors -> pool.withTransaction(conn -> conn.preparedQuery(RetrievalSql.LOCK_SOURCES_FOR_DELETE)
                .execute(Tuple.of((Object) sources, userId))
                .compose(locked -> EmbeddingCache.purge(conn, EmbeddingCache.sourcesByUser(locked)))
                .compose(purged -> conn.preparedQuery(RetrievalSql.DELETE_SOURCE).execute(Tuple.of(sourceId, userId))))
            .map(rows -> new JsonObject().put("deleted", vectors)));
  }

  /** From every open index; the count is the live one's. */
  private Future<Long> deleteVectors(UUID userId, UUID sourceId) {
    return indexes.writable().compose(targets -> {
      List<Future<Long>> deletes = targets.stream().map(index -> Stages.of(vertx, index.backend().deleteBySource(userId, sourceId))).toList();
      return Future.all(deletes).map(all -> deletes.get(0).result());
    });
  }

  /**
   * An account's deletion: the vectors of each of the user's sources, then of any chunk of theirs
   * left (a source whose row went first), then the rows: search sources (chunks go with them),
   * chunks, embedding cache entries.
   */
  Future<JsonObject> purgeUser(JsonObject body) {
    UUID userId = Payloads.userId(body);
    return pool.preparedQuery(RetrievalSql.USER_SOURCES).execute(Tuple.of(userId))
        .compose(rows -> {
          List<UUID> sources = new ArrayList<>();
          rows.forEach(row -> sources.add(row.getUUID("source_id")));
          Future<Long> removed = Future.succeededFuture(0L);
          for (UUID sourceId : sources) {
            removed = removed.compose(sum -> deleteVectors(userId, sourceId).map(n -> sum + n));
          }
          return removed.compose(fromSources -> pool.preparedQuery(RetrievalSql.USER_CHUNK_IDS).execute(Tuple.of(userId))
                  .compose(chunks -> {
                    List<UUID> ids = new ArrayList<>();
                    chunks.forEach(row -> ids.add(row.getUUID("id")));
                    return ids.isEmpty() ? Future.succeededFuture(0L) : indexes.writable().compose(targets -> {
                      List<Future<Long>> deletes = targets.stream().map(index -> Stages.of(vertx, index.backend().deleteChunks(ids))).toList();
                      return Future.all(deletes).map(all -> deletes.get(0).result());
                    });
                  })
                  .map(leftover -> fromSources + leftover))
              .compose(vectors -> pool.withTransaction(conn -> conn.preparedQuery(RetrievalSql.DELETE_USER_SOURCES).execute(Tuple.of(userId))
                      .compose(v -> conn.preparedQuery(RetrievalSql.DELETE_USER_CHUNKS).execute(Tuple.of(userId)))
                      .compose(v -> conn.preparedQuery(RetrievalSql.DELETE_USER_CACHE).execute(Tuple.of(userId))))
                  .map(v -> new JsonObject().put("sources", sources.size()).put("vectors", vectors)));
        });
  }

  Future<JsonObject> addChunks(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredUuid(body, "sourceId");
    if (!(body.getValue("chunks") instanceof JsonArray chunks) || chunks.isEmpty() || chunks.size() > RetrievalBus.MAX_INDEX_BATCH) {
      throw Failure.invalidInput("chunks must be an array of 1 to " + RetrievalBus.MAX_INDEX_BATCH + " chunks").asException();
    }
    List<JsonObject> batch = new ArrayList<>(chunks.size());
    // what is stored, ranked, embedded and cached: PostgreSQL text cannot hold NUL
    List<String> stored = new ArrayList<>(chunks.size());
    for (Object chunk : chunks) {
      if (!(chunk instanceof JsonObject c) || !(c.getValue("seq") instanceof Integer) || !(c.getValue("tokenCount") instanceof Integer)) {
        throw Failure.invalidInput("each chunk needs a whole-number seq and tokenCount").asException();
      }
      stored.add(Payloads.requiredString(c, "text").replace("\u0000", ""));
      batch.add(c);
    }
    long started = System.nanoTime();
    String lane = body.getValue("lane") instanceof String given ? given : sourceId.toString();
    boolean bulk = Boolean.TRUE.equals(body.getValue("bulk"));
    boolean pending = Boolean.TRUE.equals(body.getValue("pending"));
    return indexes.writable().compose(targets -> {
      Index live = targets.get(0);
      return embedder(live).vectors(userId, lane, stored).compose(vectors -> {
        if (!vectors.identity().model().equals(live.model())) {
          return Future.failedFuture(modelChanged(vectors, live));
        }
        long embedded = System.nanoTime();
        List<UUID> ids = batch.stream().map(c -> UUID.randomUUID()).toList();
        return storeRows(userId, sourceId, batch, ids, stored, vectors.identity(), pending)
            .compose(collectionId -> storeVectors(live, userId, sourceId, collectionId, ids, stored, vectors, bulk)
                .compose(v -> targets.size() < 2 ? Future.succeededFuture()
                    : mirror(targets.get(1), userId, sourceId, collectionId, ids, stored, lane, bulk)))
            .compose(v -> embedder(live).remember(userId, sourceId, vectors))
            .map(v -> new JsonObject()
                .put("indexed", batch.size())
                .put("embedded", vectors.embedded())
                .put("reused", batch.size() - vectors.embedded())
                .put("model", vectors.identity().model())
                .put("dimension", vectors.identity().dimension())
                .put("embedMs", (embedded - started) / 1_000_000)
                .put("embedQueuedMs", vectors.queuedMs())
                .put("embedRunMs", vectors.runMs())
                .put("indexMs", (System.nanoTime() - embedded) / 1_000_000));
      });
    });
  }

  /** The batch into the index a re-index builds, by its model; a failure is logged, never the batch's (the catch-up mends it). */
  private Future<Void> mirror(Index building, UUID userId, UUID sourceId, UUID collectionId, List<UUID> ids, List<String> texts,
      String lane, boolean bulk) {
    BatchEmbedder embedder = embedder(building);
    return embedder.vectors(userId, lane, texts)
        .compose(vectors -> storeVectors(building, userId, sourceId, collectionId, ids, texts, vectors, bulk)
            .compose(v -> embedder.remember(userId, sourceId, vectors)))
        .recover(error -> {
          LOG.warn("could not write a batch to the index being rebuilt ({}; its catch-up adds it): {}", building.model(), error.getMessage());
          return Future.succeededFuture();
        });
  }

  /** The chunk rows, under a share lock of the source's row so a delete cannot interleave; returns the source's collection. */
  private Future<UUID> storeRows(UUID userId, UUID sourceId, List<JsonObject> batch, List<UUID> ids, List<String> texts,
      EmbeddingCache.Identity model, boolean pending) {
    List<Tuple> rows = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      JsonObject c = batch.get(i);
      rows.add(Tuple.from(new Object[] {ids.get(i), sourceId, userId, c.getInteger("seq"), texts.get(i),
          c.getInteger("tokenCount"), c.getInteger("pageStart"), c.getInteger("pageEnd"), number(c, "start"), number(c, "end"),
          c.getInteger("messageIndex"), model.model(), model.dimension(), pending}));
    }
    return pool.withTransaction(conn -> conn.preparedQuery(RetrievalSql.LOCK_SOURCE).execute(Tuple.of(sourceId, userId))
        .compose(found -> {
          if (found.size() == 0) {
            return Future.failedFuture(Failure.notFound("the source's index was not started, or it was deleted").asException());
          }
          UUID collectionId = found.iterator().next().getUUID("collection_id");
          return conn.preparedQuery(RetrievalSql.INSERT_CHUNK).executeBatch(rows).map(collectionId);
        }));
  }

  private Future<Void> storeVectors(Index index, UUID userId, UUID sourceId, UUID collectionId, List<UUID> ids, List<String> texts,
      BatchEmbedder.Vectors vectors, boolean bulk) {
    if (!vectors.identity().model().equals(index.model())) {
      return Future.failedFuture(modelChanged(vectors, index));
    }
    List<VectorRecord> records = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      records.add(new VectorRecord(ids.get(i), userId, sourceId, collectionId, vectors.identity().model(),
          Vectors.decode(vectors.vectors().get(i)), texts.get(i)));
    }
    VectorBackend b = index.backend();
    return Stages.of(vertx, bulk ? b.upsertBulk(records) : b.upsert(records)).mapEmpty();
  }

  /** Two models' vectors never share an index: a provider whose model changed (its settings did) is refused, rows and all. */
  private static Throwable modelChanged(BatchEmbedder.Vectors vectors, Index index) {
    return new Failure(503, Failure.UNAVAILABLE, "the embedding provider " + index.provider() + " now makes " + vectors.identity().model()
        + " but the index holds vectors of " + index.model() + ": nothing was stored (run a re-index, or restore the provider's settings)")
        .asException();
  }

  /** The source's bulk-indexed vectors made durable and searchable (in the index being rebuilt too: there a failure is only logged). */
  Future<JsonObject> syncSource(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredUuid(body, "sourceId");
    Integer pendingCount = Payloads.optionalCount(body, "pendingCount");
    return indexes.writable().compose(targets -> {
      Future<Void> live = Stages.of(vertx, targets.get(0).backend().syncSource(userId, sourceId));
      Future<Void> building = targets.size() < 2 ? Future.succeededFuture()
          : Stages.of(vertx, targets.get(1).backend().syncSource(userId, sourceId)).recover(error -> {
            LOG.warn("could not sync a source in the index being rebuilt (its catch-up mends it): {}", error.getMessage());
            return Future.succeededFuture();
          });
      return Future.all(live, building);
    }).compose(v -> Payloads.optionalBoolean(body, "replace")
        ? finishReplacement(userId, sourceId, pendingCount) : Future.succeededFuture(new JsonObject()));
  }

  Future<JsonObject> openings(JsonObject body) {
    UUID userId = Payloads.userId(body);
    List<UUID> sourceIds = Payloads.uuids(body, "sourceIds", 1_000);
    Object chunks = body.getValue("chunks", 3);
    if (!(chunks instanceof Integer n) || n < 1 || n > 10) {
      throw Failure.invalidInput("chunks must be a whole number from 1 to 10").asException();
    }
    return pool.preparedQuery(RetrievalSql.OPENINGS).execute(Tuple.of(userId, sourceIds.toArray(UUID[]::new), n))
        .map(rows -> {
          JsonObject openings = new JsonObject();
          for (Row row : rows) {
            openings.put(row.getUUID("source_id").toString(), row.getString("text"));
          }
          return new JsonObject().put("openings", openings);
        });
  }

  Future<JsonObject> collectionRemoved(JsonObject body) {
    return pool.preparedQuery(RetrievalSql.COLLECTION_REMOVED)
        .execute(Tuple.of(Payloads.userId(body), Payloads.requiredUuid(body, "collectionId")))
        .map(rows -> new JsonObject().put("updated", rows.rowCount()));
  }

  Future<JsonObject> sourceShown(JsonObject body) {
    return pool.preparedQuery(RetrievalSql.SOURCE_SHOWN)
        .execute(Tuple.of(Payloads.requiredUuid(body, "sourceId"), Payloads.userId(body), Payloads.optionalString(body, "title"),
            Payloads.optionalString(body, "videoId")))
        .map(rows -> new JsonObject().put("updated", rows.rowCount()));
  }

  Future<JsonObject> sourceTags(JsonObject body) {
    return pool.preparedQuery(RetrievalSql.SET_TAGS)
        .execute(Tuple.of(Payloads.requiredUuid(body, "sourceId"), Payloads.userId(body), tags(body)))
        .map(rows -> new JsonObject().put("updated", rows.rowCount()));
  }

  Future<JsonObject> tagRemoved(JsonObject body) {
    return pool.preparedQuery(RetrievalSql.TAG_REMOVED).execute(Tuple.of(Payloads.userId(body), Payloads.requiredString(body, "tag")))
        .map(rows -> new JsonObject().put("updated", rows.rowCount()));
  }

  /** The tag names a request carries ({@code "tags"}, absent: none). */
  private static String[] tags(JsonObject body) {
    Object raw = body.getValue("tags");
    if (raw == null) {
      return new String[0];
    }
    if (!(raw instanceof JsonArray array) || !array.stream().allMatch(t -> t instanceof String)) {
      throw Failure.invalidInput("tags must be an array of tag names").asException();
    }
    return array.stream().map(String.class::cast).toArray(String[]::new);
  }

  private static Double number(JsonObject chunk, String field) {
    return chunk.getValue(field) instanceof Number n ? n.doubleValue() : null;
  }
}
