package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.db.Pagination;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A user's tags, on sources of any kind. A source keeps the names of its tags ({@code sources.tags},
 * which the source list filters on), and retrieval gets a copy with every change, asked first, so a
 * search filtered by tag never finds what the user untagged.
 */
final class Tags {

  static final int MAX_NAME = 50;
  static final int MAX_PER_SOURCE = 50;
  private static final long BUS_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final Pool pool;

  Tags(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  Future<JsonObject> create(JsonObject body) {
    UUID userId = Payloads.userId(body);
    String name = SourceFields.required(body, "name", MAX_NAME).strip();
    if (name.isEmpty()) {
      throw Failure.invalidInput("name must have 1 to " + MAX_NAME + " characters").asException();
    }
    return pool.preparedQuery(LibrarySql.INSERT_TAG).execute(Tuple.of(userId, name))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new Failure(409, IngestionBus.TAG_EXISTS, "you already have a tag named '" + name + "'").asException())
            : Future.succeededFuture(new JsonObject().put("tag", tag(rows.iterator().next()))));
  }

  Future<JsonObject> list(JsonObject body) {
    Pagination page = Pagination.from(body);
    return pool.preparedQuery(LibrarySql.LIST_TAGS).execute(Tuple.of(Payloads.userId(body), page.afterTime(), page.afterId(), page.fetchSize()))
        .map(rows -> page.page(rows, Tags::tag));
  }

  /** Retrieval first: if it cannot be reached the tag stays, on every source that had it. */
  Future<JsonObject> delete(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID tagId = Payloads.requiredIdOrNotFound(body, "tagId", "tag");
    return pool.preparedQuery(LibrarySql.TAG).execute(Tuple.of(tagId, userId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Failure.notFound("no such tag").asException())
            : Future.succeededFuture(rows.iterator().next().getString("name")))
        .compose(name -> request(RetrievalBus.TAG_REMOVED, new JsonObject().put("userId", userId.toString()).put("tag", name))
            .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(LibrarySql.DELETE_TAG).execute(Tuple.of(tagId, userId))
                .compose(x -> conn.preparedQuery(LibrarySql.UNTAG_SOURCES).execute(Tuple.of(userId, name))))))
        .map(v -> new JsonObject());
  }

  /** Replaces a source's tags with {@code tagIds} (the user's own; an unknown one is 404, nothing changed). */
  Future<JsonObject> setOnSource(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    if (!(body.getValue("tagIds") instanceof JsonArray ids) || ids.size() > MAX_PER_SOURCE) {
      throw Failure.invalidInput("tagIds must be an array of at most " + MAX_PER_SOURCE + " tag ids").asException();
    }
    List<UUID> tagIds = new ArrayList<>();
    for (Object id : ids) {
      UUID tagId = Payloads.idOrNotFound(id, "tag");
      if (!tagIds.contains(tagId)) {
        tagIds.add(tagId);
      }
    }
    return pool.preparedQuery(LibrarySql.OWNED_TAGS).execute(Tuple.of(userId, (Object) tagIds.toArray(UUID[]::new)))
        .compose(rows -> {
          Map<UUID, String> names = new LinkedHashMap<>();
          rows.forEach(row -> names.put(row.getUUID("id"), row.getString("name")));
          if (names.size() != tagIds.size()) {
            return Future.failedFuture(Failure.notFound("tag not found").asException());
          }
          String[] tagNames = tagIds.stream().map(names::get).toArray(String[]::new);
          return pool.preparedQuery(LibrarySql.CHAT_LOG).execute(Tuple.of(sourceId, userId))
              .compose(source -> source.size() == 0
                  ? Future.failedFuture(Failure.notFound("no such source").asException())
                  : request(RetrievalBus.SOURCE_TAGS, new JsonObject().put("userId", userId.toString())
                      .put("sourceId", sourceId.toString()).put("tags", new JsonArray(List.of((Object[]) tagNames)))))
              .compose(v -> pool.preparedQuery(LibrarySql.SET_SOURCE_TAGS).execute(Tuple.of(sourceId, userId, tagNames)))
              .map(v -> new JsonObject().put("tags", new JsonArray(List.of((Object[]) tagNames))));
        });
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS)).map(m -> m.body());
  }

  static JsonObject tag(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))
        .put("sourceCount", row.getLong("source_count")).put("createdAt", Shapes.time(row.getOffsetDateTime("created_at")));
  }
}
