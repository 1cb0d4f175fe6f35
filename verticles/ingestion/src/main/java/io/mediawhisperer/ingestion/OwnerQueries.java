package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What others ask of ingestion's sources, collections and jobs: whether a scope (some sources, a
 * collection) is the user's before chat or generation writes from it (another user's is 404, like
 * one that does not exist), which of some source ids still exist (for the sweeps of copies), and
 * how many jobs each node runs (the cluster view).
 */
final class OwnerQueries {

  private final Pool pool;

  OwnerQueries(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> check(JsonObject body) {
    UUID userId = Payloads.userId(body);
    List<UUID> sourceIds = Payloads.optionalSourceIds(body);
    UUID collectionId = Payloads.optionalIdOrNotFound(body, "collectionId", "collection");
    List<Future<?>> checks = new ArrayList<>();
    if (sourceIds != null) {
      long distinct = sourceIds.stream().distinct().count();
      checks.add(pool.preparedQuery(IngestionSql.OWNED_SOURCES).execute(Tuple.of(userId, (Object) sourceIds.toArray(UUID[]::new)))
          .compose(rows -> rows.iterator().next().getLong("n") == distinct
              ? Future.succeededFuture() : Future.failedFuture(Failure.notFound("source not found").asException())));
    }
    if (collectionId != null) {
      checks.add(pool.preparedQuery(IngestionSql.OWNED_COLLECTION).execute(Tuple.of(userId, collectionId))
          .compose(rows -> rows.size() == 1
              ? Future.succeededFuture() : Future.failedFuture(Failure.notFound("collection not found").asException())));
    }
    return Future.all(checks).map(v -> new JsonObject());
  }

  Future<JsonObject> existing(JsonObject body) {
    List<UUID> ids = Payloads.uuids(body, "sourceIds", IngestionBus.MAX_EXISTING);
    return pool.preparedQuery(IngestionSql.EXISTING_SOURCES).execute(Tuple.of((Object) ids.toArray(UUID[]::new)))
        .map(rows -> {
          JsonArray existing = new JsonArray();
          rows.forEach(row -> existing.add(row.getUUID("id").toString()));
          return new JsonObject().put("existing", existing);
        });
  }

  Future<JsonObject> runningJobs(JsonObject body) {
    return pool.query(IngestionSql.RUNNING_JOBS).execute().map(rows -> {
      JsonObject byNode = new JsonObject();
      rows.forEach(row -> byNode.put(row.getString("node_id"), row.getLong("n")));
      return new JsonObject().put("byNode", byNode);
    });
  }
}
