package io.mediawhisperer.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Rows to the HTTP contract's Conversation and Message. */
final class Shapes {

  private Shapes() {
  }

  static JsonObject conversation(Row row) {
    UUID[] sourceIds = row.getArrayOfUUIDs("source_ids");
    JsonArray scope = new JsonArray();
    if (sourceIds != null) {
      for (UUID id : sourceIds) {
        scope.add(id.toString());
      }
    }
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("title", row.getString("title"))
        .put("sourceIds", scope);
    UUID collection = row.getUUID("collection_id");
    if (collection != null) {
      json.put("collectionId", collection.toString());
    }
    if (row.getString("summary") != null) {
      json.put("summary", row.getString("summary"));
    }
    return json.put("createdAt", time(row.getOffsetDateTime("created_at")))
        .put("updatedAt", time(row.getOffsetDateTime("updated_at")));
  }

  /** A message from columns named with {@code prefix} ({@code ""}, or {@code "m_"} for a joined last message). */
  static JsonObject message(Row row, String prefix) {
    JsonObject metadata = row.getJsonObject(prefix + "metadata");
    return new JsonObject()
        .put("id", row.getUUID(prefix + "id").toString())
        .put("role", row.getString(prefix + "role"))
        .put("content", row.getString(prefix + "content"))
        .put("createdAt", time(row.getOffsetDateTime(prefix + "created_at")))
        .put("metadata", metadata == null ? new JsonObject() : metadata);
  }

  static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
