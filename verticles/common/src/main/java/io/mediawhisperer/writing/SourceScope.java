package io.mediawhisperer.writing;

import io.mediawhisperer.bus.IngestionBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The check a scope (some sources, a collection) passes before anything is written from it, asked
 * of ingestion, which owns sources and collections: every source and the collection must be the
 * user's; another user's is 404, like one that does not exist.
 */
public final class SourceScope {

  private SourceScope() {
  }

  /** Succeeds when {@code sourceIds} (null: none given) and {@code collectionId} (null likewise) are the user's. */
  public static Future<Void> checkOwned(EventBus bus, UUID userId, List<UUID> sourceIds, UUID collectionId) {
    if (sourceIds == null && collectionId == null) {
      return Future.succeededFuture();
    }
    JsonObject scope = new JsonObject().put("userId", userId.toString());
    if (sourceIds != null) {
      scope.put("sourceIds", new JsonArray(sourceIds.stream().map(UUID::toString).toList()));
    }
    if (collectionId != null) {
      scope.put("collectionId", collectionId.toString());
    }
    return bus.<JsonObject>request(IngestionBus.CHECK_SCOPE, scope).mapEmpty();
  }
}
