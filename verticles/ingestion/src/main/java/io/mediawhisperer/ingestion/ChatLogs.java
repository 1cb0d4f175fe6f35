package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.db.Pagination;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Reading a chat log: its messages, by branch and page, in the current version. */
final class ChatLogs {

  private final Pool pool;

  ChatLogs(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> messages(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source");
    Object rawBranch = body.getValue("branch", 0);
    if (!(rawBranch instanceof Integer branch) || branch < 0) {
      throw Failure.invalidInput("branch must be a whole number, 0 for the main thread").asException();
    }
    Pagination.BySequence page = Pagination.BySequence.from(body);
    return pool.preparedQuery(ChatLogSql.BRANCHES).execute(Tuple.of(sourceId, userId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(Failure.notFound("no such source").asException());
          }
          Row source = rows.iterator().next();
          if (!"chat_log".equals(source.getString("kind"))) {
            return Future.failedFuture(Failure.invalidInput("this source is a " + source.getString("kind")
                + ", not a chat log: it has no messages").asException());
          }
          JsonArray branches = source.getJsonArray("branches") == null ? new JsonArray() : source.getJsonArray("branches");
          if (branch > branches.size()) {
            return Future.failedFuture(Failure.notFound("no such branch: this chat log has " + branches.size()).asException());
          }
          return pool.preparedQuery(ChatLogSql.MESSAGES).execute(Tuple.of(sourceId, userId, branch, page.afterSeq(), page.fetchSize()))
              .map(messages -> page.page(messages, m -> message(m, branch), "seq").put("branches", branches));
        });
  }

  private static JsonObject message(Row m, int branch) {
    JsonObject json = new JsonObject().put("index", m.getInteger("seq")).put("role", m.getString("role"))
        .put("content", m.getString("content")).put("branch", branch);
    if (m.getOffsetDateTime("created_at") != null) {
      json.put("createdAt", m.getOffsetDateTime("created_at").toInstant().toString());
    }
    if (m.getString("model") != null) {
      json.put("model", m.getString("model"));
    }
    if (m.getString("tool_name") != null) {
      json.put("toolName", m.getString("tool_name"));
    }
    return json;
  }
}
