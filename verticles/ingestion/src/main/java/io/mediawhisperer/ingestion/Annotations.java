package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.db.Pagination;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Notes on a passage of a chat log's message, placed by {@code {messageIndex, start, end}} (UTF-16
 * offsets, as a browser counts) in the current version's main thread and checked against its text.
 * When a new version comes, a note follows its quoted text: at the same place if it is still there,
 * else where the same message (then any message) holds it first; failing that it is detached, kept
 * with its quote but no longer placed.
 */
final class Annotations {

  static final int MAX_CONTENT = 10_000;

  private final Pool pool;

  Annotations(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> create(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    String content = SourceFields.required(body, "content", MAX_CONTENT);
    if (content.isBlank()) {
      throw Failure.invalidInput("content must not be blank").asException();
    }
    if (!(body.getValue("position") instanceof JsonObject position)) {
      throw Failure.invalidInput("position is required: {messageIndex, start, end}").asException();
    }
    int index = whole(position, "messageIndex");
    int start = whole(position, "start");
    int end = whole(position, "end");
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(source -> pool.preparedQuery(LibrarySql.VERSION_MESSAGES).execute(Tuple.of(sourceId, source.version(), 0))
            .compose(rows -> {
              String text = null;
              for (Row row : rows) {
                if (row.getInteger("seq") == index) {
                  text = row.getString("content");
                }
              }
              if (text == null) {
                return Future.failedFuture(Failure.invalidInput("messageIndex " + index + " is not a message of this chat log (it has "
                    + rows.size() + ")").asException());
              }
              if (start >= end || end > text.length()) {
                return Future.failedFuture(Failure.invalidInput("start and end must satisfy 0 <= start < end <= " + text.length()
                    + ", the length of message " + index).asException());
              }
              return pool.preparedQuery(LibrarySql.INSERT_ANNOTATION).execute(Tuple.from(new Object[] {userId, sourceId, source.version(),
                  index, start, end, text.substring(start, end), content}));
            }))
        .map(rows -> new JsonObject().put("annotation", annotation(rows.iterator().next())));
  }

  Future<JsonObject> list(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    Pagination page = Pagination.from(body);
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(source -> pool.preparedQuery(LibrarySql.ANNOTATIONS)
            .execute(Tuple.of(sourceId, userId, page.afterTime(), page.afterId(), page.fetchSize())))
        .map(rows -> page.page(rows, Annotations::annotation));
  }

  Future<JsonObject> delete(JsonObject body) {
    return pool.preparedQuery(LibrarySql.DELETE_ANNOTATION)
        .execute(Tuple.of(Payloads.requiredIdOrNotFound(body, "annotationId", "annotation"), Payloads.userId(body)))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(Failure.notFound("no such annotation").asException())
            : Future.succeededFuture(new JsonObject()));
  }

  /** In the transaction that makes {@code version} current: every placed note follows its text into {@code messages}. */
  static Future<Void> follow(SqlConnection conn, UUID sourceId, int version, List<ChatMessage> messages) {
    return conn.preparedQuery(LibrarySql.ATTACHED_ANNOTATIONS).execute(Tuple.of(sourceId)).compose(rows -> {
      List<Tuple> moves = new ArrayList<>();
      for (Row row : rows) {
        moves.add(place(row, version, messages));
      }
      return moves.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(LibrarySql.MOVE_ANNOTATION).executeBatch(moves).mapEmpty();
    });
  }

  private static Tuple place(Row note, int version, List<ChatMessage> messages) {
    String quote = note.getString("quote");
    int index = note.getInteger("message_index");
    int start = note.getInteger("start_offset");
    if (index < messages.size()) {
      String text = messages.get(index).content();
      if (text.startsWith(quote, start)) {
        return Tuple.of(note.getUUID("id"), version, index, start, start + quote.length(), false);
      }
      int moved = text.indexOf(quote);
      if (moved >= 0) {
        return Tuple.of(note.getUUID("id"), version, index, moved, moved + quote.length(), false);
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      int found = messages.get(i).content().indexOf(quote);
      if (found >= 0) {
        return Tuple.of(note.getUUID("id"), version, i, found, found + quote.length(), false);
      }
    }
    return Tuple.of(note.getUUID("id"), note.getInteger("version"), index, start, note.getInteger("end_offset"), true);
  }

  private static int whole(JsonObject position, String field) {
    if (!(position.getValue(field) instanceof Integer n) || n < 0) {
      throw Failure.invalidInput("position." + field + " must be a whole number, 0 or more").asException();
    }
    return n;
  }

  static JsonObject annotation(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("sourceId", row.getUUID("source_id").toString())
        .put("content", row.getString("content"))
        .put("position", new JsonObject().put("messageIndex", row.getInteger("message_index"))
            .put("start", row.getInteger("start_offset")).put("end", row.getInteger("end_offset")))
        .put("quote", row.getString("quote"))
        .put("version", row.getInteger("version"))
        .put("detached", row.getBoolean("detached"))
        .put("createdAt", Shapes.time(row.getOffsetDateTime("created_at")));
  }
}
