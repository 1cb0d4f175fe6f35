package io.mediawhisperer.writing;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The check a scope (some sources, a collection) passes before anything is written from it:
 * every source and the collection must be the user's; another user's is 404, like one that does
 * not exist.
 */
public final class SourceScope {

  static final String OWNED_SOURCES = "SELECT count(*) AS n FROM sources WHERE user_id = $1 AND id = ANY ($2)";
  static final String OWNED_COLLECTION = "SELECT 1 FROM collections WHERE user_id = $1 AND id = $2";

  private SourceScope() {
  }

  /** Succeeds when {@code sourceIds} (null: none given) and {@code collectionId} (null likewise) are the user's. */
  public static Future<Void> checkOwned(Pool pool, UUID userId, List<UUID> sourceIds, UUID collectionId) {
    List<Future<?>> checks = new ArrayList<>();
    if (sourceIds != null) {
      long distinct = sourceIds.stream().distinct().count();
      checks.add(pool.preparedQuery(OWNED_SOURCES).execute(Tuple.of(userId, (Object) sourceIds.toArray(UUID[]::new)))
          .compose(rows -> rows.iterator().next().getLong("n") == distinct
              ? Future.succeededFuture() : Future.failedFuture(Failure.notFound("source not found").asException())));
    }
    if (collectionId != null) {
      checks.add(pool.preparedQuery(OWNED_COLLECTION).execute(Tuple.of(userId, collectionId))
          .compose(rows -> rows.size() == 1
              ? Future.succeededFuture() : Future.failedFuture(Failure.notFound("collection not found").asException())));
    }
    return Future.all(checks).mapEmpty();
  }
}
