package io.mediawhisperer.retrieval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedding cache within its bounds: entries unused for {@code embedding-cache-max-age-hours}
 * go (0: no age limit), then the least recently used beyond {@code embedding-cache-max-entries}
 * (0: the cache is off, so every entry goes). Deletes run in batches of {@value #BATCH}, each its
 * own statement, so a large eviction never holds many locks or one long transaction. The cleanup
 * verticle calls this on its schedule, under its cluster-wide lock.
 */
final class EmbeddingCacheSweep {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCacheSweep.class);
  /** Entries deleted per statement (about 8 MB of rows with 384 dimensions). */
  static final int BATCH = 5_000;

  private final Pool pool;
  private final long maxEntries;
  private final int maxAgeHours;

  EmbeddingCacheSweep(Pool pool, long maxEntries, int maxAgeHours) {
    this.pool = pool;
    this.maxEntries = maxEntries;
    this.maxAgeHours = maxAgeHours;
  }

  Future<JsonObject> run() {
    return (maxAgeHours > 0 ? expire(0) : Future.succeededFuture(0L))
        .compose(expired -> count()
            .compose(entries -> evict(Math.max(0, entries - maxEntries), 0))
            .compose(evicted -> count().map(left -> {
              if (expired + evicted > 0) {
                LOG.info("embedding cache: removed {} entries unused for {} hours and {} least recently used; {} left",
                    expired, maxAgeHours, evicted, left);
              }
              return new JsonObject().put("expired", expired).put("evicted", evicted).put("entries", left);
            })));
  }

  private Future<Long> expire(long done) {
    return pool.preparedQuery(RetrievalSql.EXPIRE_CACHED).execute(Tuple.of(maxAgeHours, BATCH))
        .compose(rows -> rows.rowCount() < BATCH ? Future.succeededFuture(done + rows.rowCount()) : expire(done + rows.rowCount()));
  }

  private Future<Long> evict(long excess, long done) {
    if (excess <= 0) {
      return Future.succeededFuture(done);
    }
    int batch = (int) Math.min(excess, BATCH);
    return pool.preparedQuery(RetrievalSql.EVICT_CACHED).execute(Tuple.of(batch))
        .compose(rows -> rows.rowCount() < batch ? Future.succeededFuture(done + rows.rowCount())
            : evict(excess - rows.rowCount(), done + rows.rowCount()));
  }

  private Future<Long> count() {
    return pool.query(RetrievalSql.COUNT_CACHED).execute().map(rows -> rows.iterator().next().getLong(0));
  }
}
