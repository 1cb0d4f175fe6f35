package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what the index holds for nothing: the index of a source ingestion no longer has (its
 * delete reached ingestion but not this verticle), then vectors whose chunk row is gone (a deleted
 * source, an earlier attempt of a resumed job). A vector is written only after its chunk row
 * commits, so a chunk id missing from the table is never one being written. The cleanup verticle
 * calls this on its schedule, under its cluster-wide lock.
 */
final class OrphanSweep {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);
  /** Ids checked per round trip: one bus request or backend call and one query each. */
  static final int PAGE = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final Supplier<Future<VectorBackend>> backend;

  OrphanSweep(Vertx vertx, Pool pool, Supplier<Future<VectorBackend>> backend) {
    this.vertx = vertx;
    this.pool = pool;
    this.backend = backend;
  }

  Future<JsonObject> run() {
    long[] totals = new long[3]; // sources removed, vectors checked, vectors removed
    return sourcePage(null, totals)
        .compose(v -> vectorPage(null, totals))
        .map(v -> {
          if (totals[0] + totals[2] > 0) {
            LOG.info("removed the index of {} deleted sources and {} orphaned vectors of {} checked", totals[0], totals[2], totals[1]);
          }
          return new JsonObject().put("sources", totals[0]).put("checked", totals[1]).put("deleted", totals[2]);
        });
  }

  private Future<Void> sourcePage(UUID after, long[] totals) {
    return pool.preparedQuery(RetrievalSql.SOURCE_IDS).execute(Tuple.of(after, PAGE)).compose(rows -> {
      List<UUID> page = new ArrayList<>();
      rows.forEach(row -> page.add(row.getUUID("source_id")));
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      JsonArray ids = new JsonArray(page.stream().map(UUID::toString).toList());
      return vertx.eventBus().<JsonObject>request(IngestionBus.EXISTING_SOURCES, new JsonObject().put("sourceIds", ids),
              new DeliveryOptions().setSendTimeout(60_000))
          .compose(reply -> {
            Set<UUID> existing = new HashSet<>(Payloads.uuids(reply.body(), "existing", IngestionBus.MAX_EXISTING));
            UUID[] gone = page.stream().filter(id -> !existing.contains(id)).toArray(UUID[]::new);
            return gone.length == 0 ? Future.succeededFuture(0L) : removeSources(gone, totals);
          })
          .compose(removedVectors -> sourcePage(page.get(page.size() - 1), totals));
    });
  }

  /**
   * Their rows (and chunks, and the embedding cache's entries of their texts) first, so a vector
   * left behind by a failure here is an orphan the vector pass removes; the vectors removed count as
   * checked and deleted.
   */
  private Future<Long> removeSources(UUID[] gone, long[] totals) {
    return pool.withTransaction(conn -> conn.preparedQuery(RetrievalSql.LOCK_SOURCES_FOR_DELETE).execute(Tuple.from(new Object[] {gone, null}))
        .compose(locked -> EmbeddingCache.purge(conn, EmbeddingCache.sourcesByUser(locked)))
        .compose(purged -> conn.preparedQuery(RetrievalSql.DELETE_SOURCES).execute(Tuple.of((Object) gone))))
        .compose(rows -> {
          totals[0] += rows.rowCount();
          List<Future<Long>> vectors = new ArrayList<>();
          for (Row row : rows) {
            vectors.add(backend.get().compose(b -> Stages.of(vertx, b.deleteBySource(row.getUUID("user_id"), row.getUUID("source_id")))));
          }
          return Future.all(vectors).map(all -> {
            long removed = 0;
            for (int i = 0; i < all.size(); i++) {
              removed += all.<Long>resultAt(i);
            }
            totals[1] += removed;
            totals[2] += removed;
            return removed;
          });
        });
  }

  private Future<Void> vectorPage(UUID after, long[] totals) {
    return backend.get().compose(b -> Stages.of(vertx, b.chunkIds(after, PAGE))).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      totals[1] += page.size();
      return pool.preparedQuery(RetrievalSql.EXISTING_CHUNKS).execute(Tuple.of((Object) page.toArray(UUID[]::new)))
          .compose(rows -> {
            Set<UUID> existing = new HashSet<>();
            rows.forEach(row -> existing.add(row.getUUID("id")));
            List<UUID> orphans = page.stream().filter(id -> !existing.contains(id)).toList();
            return orphans.isEmpty() ? Future.succeededFuture(0L) : backend.get().compose(b -> Stages.of(vertx, b.deleteChunks(orphans)));
          })
          .compose(deleted -> {
            totals[2] += deleted;
            return vectorPage(page.get(page.size() - 1), totals);
          });
    });
  }
}
