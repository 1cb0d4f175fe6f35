package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A chat log's versions: an edit of its messages makes version n+1, which is what gets indexed
 * (by a {@code chat_index} job); every version stays readable and can be restored (as a newer one);
 * and several chat logs merge into a new one, in time order, each message keeping where it came
 * from. The originals are never changed.
 */
final class ChatVersions {

  static final int MAX_MESSAGES = 10_000;
  static final int MAX_MESSAGE_CHARS = 200_000;
  static final int MAX_MERGED = 50;

  private final Vertx vertx;
  private final Pool pool;
  private final java.util.function.BiFunction<UUID, UUID, Future<JsonObject>> sourceJson;

  ChatVersions(Vertx vertx, Pool pool, java.util.function.BiFunction<UUID, UUID, Future<JsonObject>> sourceJson) {
    this.vertx = vertx;
    this.pool = pool;
    this.sourceJson = sourceJson;
  }

  /** {@code PUT .../messages}: the given messages become the next version. */
  Future<JsonObject> edit(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    List<ChatLogRows.Stored> messages = messages(body);
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(log -> pool.withTransaction(conn -> nextVersion(conn, userId, sourceId, log.version(), "edit", messages)))
        .compose(job -> queued(userId, sourceId, job));
  }

  Future<JsonObject> list(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    io.mediawhisperer.db.Pagination.BySequence page = io.mediawhisperer.db.Pagination.BySequence.from(body);
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(log -> pool.preparedQuery(LibrarySql.VERSIONS).execute(Tuple.of(sourceId, userId, page.afterSeq(), page.fetchSize()))
            .map(rows -> page.page(rows, row -> version(row, log.version()), "version")));
  }

  Future<JsonObject> get(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    int number = versionNumber(body);
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(log -> versionRow(sourceId, userId, number)
            .compose(row -> ChatLogRows.messages(pool, sourceId, number, 0).map(stored -> {
              JsonArray messages = new JsonArray();
              for (int i = 0; i < stored.size(); i++) {
                messages.add(message(i, stored.get(i)));
              }
              return version(row, log.version()).put("messages", messages);
            })));
  }

  /** A restored version is copied as the newest, so history only grows. */
  Future<JsonObject> restore(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    int number = versionNumber(body);
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(log -> versionRow(sourceId, userId, number)
            .compose(row -> ChatLogRows.messages(pool, sourceId, number, 0))
            .compose(messages -> pool.withTransaction(conn -> nextVersion(conn, userId, sourceId, log.version(), "restore", messages))))
        .compose(job -> queued(userId, sourceId, job));
  }

  private Future<Row> versionRow(UUID sourceId, UUID userId, int number) {
    return pool.preparedQuery(LibrarySql.VERSION).execute(Tuple.of(sourceId, userId, number))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Failure.notFound("no such version").asException())
            : Future.succeededFuture(rows.iterator().next()));
  }

  /** {@code POST /sources/merge}: a new chat log from several, in time order, exact duplicates once. */
  Future<JsonObject> merge(JsonObject body) {
    UUID userId = Payloads.userId(body);
    String title = SourceFields.required(body, "title", SourceFields.MAX_TITLE).strip();
    if (title.isEmpty()) {
      throw Failure.invalidInput("title must not be blank").asException();
    }
    if (!(body.getValue("sourceIds") instanceof JsonArray ids) || ids.size() < 2 || ids.size() > MAX_MERGED) {
      throw Failure.invalidInput("sourceIds must name 2 to " + MAX_MERGED + " chat logs").asException();
    }
    List<UUID> sourceIds = new ArrayList<>();
    for (Object id : ids) {
      UUID sourceId = Payloads.idOrNotFound(id, "source");
      if (!sourceIds.contains(sourceId)) {
        sourceIds.add(sourceId);
      }
    }
    List<Future<List<ChatLogRows.Stored>>> threads = new ArrayList<>();
    for (UUID sourceId : sourceIds) {
      threads.add(ChatLogRows.current(pool, sourceId, userId).compose(log -> ChatLogRows.messages(pool, sourceId, log.version(), 0)
          .map(stored -> withOrigin(sourceId, stored))));
    }
    return Future.all(threads).compose(all -> {
      List<List<ChatLogRows.Stored>> each = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        each.add(all.resultAt(i));
      }
      List<ChatLogRows.Stored> merged = interleave(each);
      UUID mergedId = UUID.randomUUID();
      String hash = Upload.sha256("merged\n" + mergedId);
      long chars = merged.stream().mapToLong(m -> m.message().content().length()).sum();
      JsonObject metadata = new JsonObject().put("mergedFrom", new JsonArray(sourceIds.stream().map(UUID::toString).toList()));
      return pool.withTransaction(conn -> conn.preparedQuery(LibrarySql.INSERT_MERGED_SOURCE).execute(Tuple.from(new Object[] {
              mergedId, userId, title.length() > 300 ? title.substring(0, 300) : title, hash, chars, mergedId.toString(), merged.size(), metadata}))
          .compose(v -> insertVersion(conn, mergedId, 1, "merge", merged))
          .compose(v -> conn.preparedQuery(LibrarySql.INSERT_INDEX_JOB).execute(Tuple.of(userId, mergedId)))
          .map(rows -> rows.iterator().next()))
          .compose(job -> queued(userId, mergedId, job));
    });
  }

  private static List<ChatLogRows.Stored> withOrigin(UUID sourceId, List<ChatLogRows.Stored> stored) {
    List<ChatLogRows.Stored> out = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      ChatLogRows.Stored m = stored.get(i);
      // a message merged twice keeps its first origin
      out.add(new ChatLogRows.Stored(m.message(), m.originSourceId() != null ? m.originSourceId() : sourceId,
          m.originSourceId() != null ? m.originIndex() : Integer.valueOf(i)));
    }
    return out;
  }

  /**
   * Time order across the chat logs; a message without a time sorts with the last time before it in
   * its own chat log, after it, so a chat log's own order is never broken. Exact duplicates (role,
   * text and time) are kept once.
   */
  static List<ChatLogRows.Stored> interleave(List<List<ChatLogRows.Stored>> threads) {
    record Keyed(Instant time, int thread, int position, ChatLogRows.Stored message) {
    }
    List<Keyed> keyed = new ArrayList<>();
    for (int t = 0; t < threads.size(); t++) {
      Instant last = Instant.MIN;
      for (int p = 0; p < threads.get(t).size(); p++) {
        ChatLogRows.Stored m = threads.get(t).get(p);
        if (m.message().createdAt() != null) {
          last = m.message().createdAt();
        }
        keyed.add(new Keyed(last, t, p, m));
      }
    }
    keyed.sort(Comparator.comparing(Keyed::time).thenComparing(Keyed::thread).thenComparing(Keyed::position));
    Set<String> seen = new HashSet<>();
    List<ChatLogRows.Stored> out = new ArrayList<>();
    for (Keyed k : keyed) {
      ChatMessage m = k.message().message();
      if (seen.add(m.role() + "\u0000" + m.content() + "\u0000" + m.createdAt())) {
        out.add(k.message());
      }
    }
    return out;
  }

  /** Inserts version {@code current + 1} (only if {@code current} is still the current one), moves the notes, queues its indexing. */
  private static Future<Row> nextVersion(SqlConnection conn, UUID userId, UUID sourceId, int current, String origin,
      List<ChatLogRows.Stored> messages) {
    int version = current + 1;
    long chars = messages.stream().mapToLong(m -> m.message().content().length()).sum();
    return insertVersion(conn, sourceId, version, origin, messages)
        .compose(v -> conn.preparedQuery(LibrarySql.SET_VERSION).execute(Tuple.from(new Object[] {sourceId, userId, version,
            messages.size(), chars, current})))
        .compose(updated -> updated.size() == 0
            ? Future.failedFuture(new Failure(409, IngestionBus.VERSION_CONFLICT, "the chat log changed meanwhile; read it again").asException())
            : Annotations.follow(conn, sourceId, version, messages.stream().map(ChatLogRows.Stored::message).toList()))
        .compose(v -> conn.preparedQuery(LibrarySql.INSERT_INDEX_JOB).execute(Tuple.of(userId, sourceId)))
        .map(rows -> rows.iterator().next());
  }

  /** The version's hash covers its origin and its messages' roles and texts. */
  private static Future<Void> insertVersion(SqlConnection conn, UUID sourceId, int version, String origin, List<ChatLogRows.Stored> messages) {
    StringBuilder text = new StringBuilder(origin);
    for (ChatLogRows.Stored s : messages) {
      text.append('\u0000').append(s.message().role()).append('\u0000').append(s.message().content());
    }
    return ChatLogRows.insertVersion(conn, sourceId, version, origin, Upload.sha256(text.toString()), messages, List.of());
  }

  private Future<JsonObject> queued(UUID userId, UUID sourceId, Row job) {
    vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
    return sourceJson.apply(userId, sourceId).map(source -> new JsonObject().put("source", source).put("job", Shapes.job(job)));
  }

  private static List<ChatLogRows.Stored> messages(JsonObject body) {
    if (!(body.getValue("messages") instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_MESSAGES) {
      throw Failure.invalidInput("messages must be an array of 1 to " + MAX_MESSAGES + " messages").asException();
    }
    List<ChatLogRows.Stored> messages = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject m)) {
        throw Failure.invalidInput("messages[" + i + "] must be an object {role, content, createdAt?}").asException();
      }
      String role = Payloads.requiredString(m, "role");
      if (!ChatMessage.ROLES.contains(role)) {
        throw Failure.invalidInput("messages[" + i + "].role must be one of user, assistant, system, tool").asException();
      }
      String content = Payloads.optionalString(m, "content");
      if (content == null || content.length() > MAX_MESSAGE_CHARS) {
        throw Failure.invalidInput("messages[" + i + "].content must be a string of at most " + MAX_MESSAGE_CHARS + " characters").asException();
      }
      Instant createdAt = null;
      String time = Payloads.optionalString(m, "createdAt");
      if (time != null) {
        try {
          createdAt = Instant.parse(time);
        } catch (DateTimeParseException e) {
          throw Failure.invalidInput("messages[" + i + "].createdAt must be an ISO 8601 time such as 2026-01-31T10:15:30Z").asException();
        }
      }
      messages.add(new ChatLogRows.Stored(new ChatMessage(null, role, content, createdAt, null, null), null, null));
    }
    return messages;
  }

  private static int versionNumber(JsonObject body) {
    if (!(body.getValue("version") instanceof Integer n) || n < 1) {
      throw Failure.notFound("no such version").asException();
    }
    return n;
  }

  private static JsonObject version(Row row, int current) {
    JsonObject json = new JsonObject().put("versionNumber", row.getInteger("version")).put("origin", row.getString("origin"))
        .put("createdAt", Shapes.time(row.getOffsetDateTime("created_at"))).put("current", row.getInteger("version") == current)
        .put("branches", row.getJsonArray("branches") == null ? new JsonArray() : row.getJsonArray("branches"));
    if (row.getColumnIndex("messages") >= 0) {
      json.put("messageCount", row.getLong("messages"));
    }
    return json;
  }

  static JsonObject message(int index, ChatLogRows.Stored stored) {
    ChatMessage m = stored.message();
    JsonObject json = new JsonObject().put("index", index).put("role", m.role()).put("content", m.content());
    if (m.createdAt() != null) {
      json.put("createdAt", m.createdAt().toString());
    }
    if (stored.originSourceId() != null) {
      json.put("origin", new JsonObject().put("sourceId", stored.originSourceId().toString()).put("index", stored.originIndex()));
    }
    return json;
  }
}
