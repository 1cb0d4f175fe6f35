package io.mediawhisperer.chat;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.db.Pagination;
import io.mediawhisperer.writing.SourceScope;
import io.mediawhisperer.spi.chat.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The conversations and messages tables: every read and write is the given user's only. */
final class Conversations {

  static final int TITLE_CHARS = 80;
  /** How many messages a conversation is read with; older ones are paged with {@link #messages}. */
  static final int LATEST_MESSAGES = 50;

  /** A conversation's scope, as retrieval needs it. */
  record Scope(UUID id, List<UUID> sourceIds, UUID collectionId) {
  }

  private final Pool pool;
  private final EventBus bus;

  Conversations(Pool pool, EventBus bus) {
    this.pool = pool;
    this.bus = bus;
  }

  /** Creates one after checking that each source and the collection are the user's (404 otherwise). */
  Future<JsonObject> create(UUID userId, String title, List<UUID> sourceIds, UUID collectionId) {
    return SourceScope.checkOwned(bus, userId, sourceIds, collectionId)
        .compose(v -> pool.preparedQuery(ChatSql.INSERT_CONVERSATION).execute(Tuple.of(userId, title,
            sourceIds == null ? null : sourceIds.stream().distinct().toArray(UUID[]::new), collectionId)))
        .map(rows -> Shapes.conversation(rows.iterator().next()));
  }

  /**
   * A conversation brought from an export: created unscoped or in the given scope, its messages kept
   * with their times, roles, contents and metadata (the citations name the passages as they were).
   */
  Future<JsonObject> importConversation(UUID userId, String title, List<UUID> sourceIds, UUID collectionId, List<Tuple> messages) {
    return SourceScope.checkOwned(bus, userId, sourceIds, collectionId)
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(ChatSql.INSERT_CONVERSATION).execute(Tuple.of(userId, title,
                sourceIds == null ? null : sourceIds.stream().distinct().toArray(UUID[]::new), collectionId))
            .compose(rows -> {
              Row conversation = rows.iterator().next();
              UUID id = conversation.getUUID("id");
              List<Tuple> rowsToInsert = messages.stream().map(m -> Tuple.of(id, userId, m.getValue(0), m.getValue(1), m.getValue(2),
                  m.getValue(3))).toList();
              Future<Void> inserted = rowsToInsert.isEmpty() ? Future.succeededFuture()
                  : conn.preparedQuery(ChatSql.INSERT_IMPORTED_MESSAGE).executeBatch(rowsToInsert).mapEmpty();
              OffsetDateTime last = messages.isEmpty() ? null : (OffsetDateTime) messages.get(messages.size() - 1).getValue(3);
              return inserted
                  .compose(x -> last == null ? Future.succeededFuture()
                      : conn.preparedQuery(ChatSql.TOUCH_CONVERSATION).execute(Tuple.of(id, userId, last, title)).mapEmpty())
                  .compose(x -> conn.preparedQuery(ChatSql.CONVERSATION).execute(Tuple.of(id, userId)))
                  .map(again -> Shapes.conversation(again.iterator().next()));
            })));
  }

  Future<JsonObject> list(UUID userId, Pagination page) {
    return pool.preparedQuery(ChatSql.LIST_CONVERSATIONS)
        .execute(Tuple.of(userId, page.afterTime(), page.afterId(), page.fetchSize()))
        .map(rows -> page.page(rows, row -> {
          JsonObject conversation = Shapes.conversation(row);
          if (row.getUUID("m_id") != null) {
            conversation.put("lastMessage", Shapes.message(row, "m_"));
          }
          return conversation;
        }, "updated_at"));
  }

  /**
   * The conversation with its {@value #LATEST_MESSAGES} latest messages, oldest first (as a chat
   * shows them), and {@code messagesCursor}: the cursor of {@link #messages} for the older ones,
   * null when these are all.
   */
  Future<JsonObject> withLatestMessages(UUID userId, UUID conversationId) {
    Pagination latest = new Pagination(LATEST_MESSAGES, null, null);
    return row(userId, conversationId).compose(row -> messagePage(userId, conversationId, latest)
        .map(newestFirst -> {
          List<Object> messages = new ArrayList<>(newestFirst.getJsonArray("items").getList());
          Collections.reverse(messages);
          return Shapes.conversation(row).put("messages", new JsonArray(messages))
              .put("messagesCursor", newestFirst.getString("nextCursor"));
        }));
  }

  /** A page of the conversation's messages, newest first: a client reads a long history backwards from its end. */
  Future<JsonObject> messages(UUID userId, UUID conversationId, Pagination page) {
    return row(userId, conversationId).compose(row -> messagePage(userId, conversationId, page));
  }

  private Future<JsonObject> messagePage(UUID userId, UUID conversationId, Pagination page) {
    return pool.preparedQuery(ChatSql.MESSAGES)
        .execute(Tuple.of(conversationId, userId, page.afterTime(), page.afterId(), page.fetchSize()))
        .map(rows -> page.page(rows, m -> Shapes.message(m, "")));
  }

  Future<Scope> scope(UUID userId, UUID conversationId) {
    return row(userId, conversationId).map(row -> {
      UUID[] ids = row.getArrayOfUUIDs("source_ids");
      return new Scope(conversationId, ids == null ? null : List.of(ids), row.getUUID("collection_id"));
    });
  }

  Future<Void> delete(UUID userId, UUID conversationId) {
    return pool.preparedQuery(ChatSql.DELETE_CONVERSATION).execute(Tuple.of(conversationId, userId))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(Failure.notFound("conversation not found").asException()));
  }

  /**
   * Stores a message and moves the conversation's activity time to it, in one transaction; the
   * first question also names an untitled conversation.
   */
  Future<JsonObject> add(UUID userId, UUID conversationId, String role, String content, JsonObject metadata) {
    return pool.withTransaction(conn -> conn.preparedQuery(ChatSql.INSERT_MESSAGE)
        .execute(Tuple.of(conversationId, userId, role, content, metadata))
        .compose(rows -> {
          Row row = rows.iterator().next();
          OffsetDateTime at = row.getOffsetDateTime("created_at");
          String title = "user".equals(role) ? title(content) : null;
          return conn.preparedQuery(ChatSql.TOUCH_CONVERSATION).execute(Tuple.of(conversationId, userId, at, title))
              .map(v -> Shapes.message(row, ""));
        }));
  }

  /** Up to {@code limit} messages before {@code questionId}, oldest first, for the model's context. */
  Future<List<ChatMessage>> history(UUID conversationId, UUID questionId, int limit) {
    if (limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(ChatSql.HISTORY).execute(Tuple.of(conversationId, questionId, limit))
        .map(rows -> {
          List<ChatMessage> newestFirst = new ArrayList<>();
          rows.forEach(r -> newestFirst.add(new ChatMessage(
              ChatMessage.Role.valueOf(r.getString("role").toUpperCase(Locale.ROOT)), r.getString("content"))));
          Collections.reverse(newestFirst);
          return newestFirst;
        });
  }

  private Future<Row> row(UUID userId, UUID conversationId) {
    return pool.preparedQuery(ChatSql.CONVERSATION).execute(Tuple.of(conversationId, userId))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(rows.iterator().next())
            : Future.failedFuture(Failure.notFound("conversation not found").asException()));
  }

  /** The first question, on one line, cut at a word boundary. */
  static String title(String question) {
    String line = question.strip().replaceAll("\\s+", " ");
    if (line.length() <= TITLE_CHARS) {
      return line;
    }
    int cut = line.lastIndexOf(' ', TITLE_CHARS - 1);
    return line.substring(0, cut > TITLE_CHARS / 2 ? cut : TITLE_CHARS - 1) + "…";
  }
}
