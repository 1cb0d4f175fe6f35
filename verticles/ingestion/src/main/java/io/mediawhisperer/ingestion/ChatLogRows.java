package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A user's chat log as the library reads it: 404 for another user's or a missing one, 400 for another kind. */
final class ChatLogRows {

  record ChatLog(UUID id, String title, String status, UUID collectionId, List<String> tags, int version, String platform) {
  }

  /** A stored message with where it came from (a merged chat log's). */
  record Stored(ChatMessage message, UUID originSourceId, Integer originIndex) {
  }

  private ChatLogRows() {
  }

  static Future<ChatLog> current(SqlClient db, UUID sourceId, UUID userId) {
    return db.preparedQuery(LibrarySql.CHAT_LOG).execute(Tuple.of(sourceId, userId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(Failure.notFound("no such source").asException());
      }
      Row row = rows.iterator().next();
      if (!"chat_log".equals(row.getString("kind"))) {
        return Future.failedFuture(Failure.invalidInput("this source is a " + row.getString("kind") + ", not a chat log").asException());
      }
      if (row.getInteger("current_version") == null) {
        return Future.failedFuture(Failure.invalidInput("this chat log has no text yet").asException());
      }
      String[] tags = row.getArrayOfStrings("tags");
      return Future.succeededFuture(new ChatLog(row.getUUID("id"), row.getString("title"), row.getString("status"),
          row.getUUID("collection_id"), tags == null ? List.of() : Arrays.asList(tags), row.getInteger("current_version"),
          row.getString("platform")));
    });
  }

  /** The messages of a version's branch, in order. */
  static Future<List<Stored>> messages(SqlClient db, UUID sourceId, int version, int branch) {
    return db.preparedQuery(LibrarySql.VERSION_MESSAGES).execute(Tuple.of(sourceId, version, branch)).map(rows -> {
      List<Stored> messages = new ArrayList<>();
      for (Row row : rows) {
        messages.add(new Stored(new ChatMessage(null, row.getString("role"), row.getString("content"),
            row.getOffsetDateTime("created_at") == null ? null : row.getOffsetDateTime("created_at").toInstant(),
            row.getString("model"), row.getString("tool_name")), row.getUUID("origin_source_id"), row.getInteger("origin_index")));
      }
      return messages;
    });
  }

  /**
   * Writes version {@code version} of a chat log: its row (with {@code hash}, what a re-import
   * compares) and every message of its main thread (branch 0) and of its branches (1, 2, ...).
   */
  static Future<Void> insertVersion(SqlConnection conn, UUID sourceId, int version, String origin, String hash,
      List<Stored> main, List<ChatBranch> branches) {
    JsonArray described = new JsonArray();
    List<Tuple> rows = new ArrayList<>();
    addMessages(rows, sourceId, version, 0, main);
    for (int b = 0; b < branches.size(); b++) {
      ChatBranch branch = branches.get(b);
      described.add(new JsonObject().put("branch", b + 1).put("forkIndex", branch.forkIndex()).put("messages", branch.messages().size()));
      addMessages(rows, sourceId, version, b + 1, branch.messages().stream().map(m -> new Stored(m, null, null)).toList());
    }
    return conn.preparedQuery(ChatLogSql.INSERT_VERSION).execute(Tuple.of(sourceId, version, origin, hash, described))
        .compose(v -> rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(ChatLogSql.INSERT_MESSAGE).executeBatch(rows).mapEmpty());
  }

  private static void addMessages(List<Tuple> rows, UUID sourceId, int version, int branch, List<Stored> messages) {
    for (int i = 0; i < messages.size(); i++) {
      Stored s = messages.get(i);
      ChatMessage m = s.message();
      rows.add(Tuple.from(new Object[] {sourceId, version, branch, i, m.role(), m.content().replace("\u0000", ""),
          m.createdAt() == null ? null : m.createdAt().atOffset(ZoneOffset.UTC), m.model(), m.toolName(), s.originSourceId(), s.originIndex()}));
    }
  }
}
