package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A source's whole text in one reply, for the audiobook role ({@link IngestionBus#READING}): the
 * pages with the PDF's outline, a transcript's segments, or a chat log's main thread.
 */
final class Reading {

  private final Pool pool;

  Reading(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> read(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source not found");
    return pool.preparedQuery(IngestionSql.READING_SOURCE).execute(Tuple.of(sourceId, userId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(Failure.notFound("source not found").asException());
      }
      Row source = rows.iterator().next();
      String status = source.getString("status");
      if (!"completed".equals(status)) {
        return Future.failedFuture(new Failure(409, IngestionBus.NOT_READY, "failed".equals(status)
            ? "the source failed to ingest; retry it before reading it aloud"
            : "the source is still being ingested (" + status + "); try again when it is completed").asException());
      }
      JsonObject reply = new JsonObject()
          .put("kind", source.getString("kind"))
          .put("title", source.getString("title"))
          .put("language", source.getString("language"))
          .put("outline", source.getJsonArray("outline") == null ? new JsonArray() : source.getJsonArray("outline"))
          .put("pages", new JsonArray()).put("segments", new JsonArray()).put("messages", new JsonArray());
      Future<JsonObject> text = "chat_log".equals(source.getString("kind")) && source.getInteger("current_version") != null
          ? messages(reply, sourceId, userId)
          : pagesAndSegments(reply, sourceId);
      return text.compose(Reading::withinLimit);
    });
  }

  private Future<JsonObject> pagesAndSegments(JsonObject reply, UUID sourceId) {
    return pool.preparedQuery(IngestionSql.READING_PAGES).execute(Tuple.of(sourceId))
        .compose(pages -> {
          pages.forEach(row -> reply.getJsonArray("pages").add(new JsonObject()
              .put("number", row.getInteger("page_number")).put("text", row.getString("text"))));
          return pool.preparedQuery(IngestionSql.READING_SEGMENTS).execute(Tuple.of(sourceId));
        })
        .map(segments -> {
          segments.forEach(row -> reply.getJsonArray("segments").add(new JsonObject()
              .put("start", row.getDouble("start_seconds")).put("end", row.getDouble("end_seconds"))
              .put("text", row.getString("text"))));
          return reply;
        });
  }

  private Future<JsonObject> messages(JsonObject reply, UUID sourceId, UUID userId) {
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(log -> ChatLogRows.messages(pool, sourceId, log.version(), 0))
        .map(messages -> {
          for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i).message();
            reply.getJsonArray("messages").add(new JsonObject()
                .put("index", i).put("role", message.role()).put("content", message.content()));
          }
          return reply;
        });
  }

  private static Future<JsonObject> withinLimit(JsonObject reply) {
    long chars = 0;
    for (String list : new String[] {"pages", "segments"}) {
      for (Object item : reply.getJsonArray(list)) {
        chars += ((JsonObject) item).getString("text", "").length();
      }
    }
    for (Object item : reply.getJsonArray("messages")) {
      chars += ((JsonObject) item).getString("content", "").length();
    }
    if (chars > IngestionBus.MAX_READING_CHARS) {
      return Future.failedFuture(new Failure(413, IngestionBus.TOO_LONG, "the source holds " + chars
          + " characters; at most " + IngestionBus.MAX_READING_CHARS + " can be read aloud").asException());
    }
    return Future.succeededFuture(reply);
  }
}
