package io.mediawhisperer.ingestion;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/** Rows to the HTTP contract's JSON shapes (Source, Job, Collection); absent optional fields are left out. */
final class Shapes {

  private Shapes() {
  }

  static JsonObject source(Row row) {
    JsonObject metadata = row.getJsonObject("metadata");
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("kind", row.getString("kind"))
        .put("title", row.getString("title"))
        .put("status", row.getString("status"));
    putIfPresent(json, "error", row.getString("error"));
    putIfPresent(json, "pageCount", row.getInteger("page_count"));
    putIfPresent(json, "durationSeconds", row.getDouble("duration_seconds"));
    putIfPresent(json, "videoId", row.getString("video_id"));
    putIfPresent(json, "channelName", row.getString("channel_name"));
    putIfPresent(json, "language", row.getString("language"));
    putIfPresent(json, "collectionId", uuid(row.getUUID("collection_id")));
    putIfPresent(json, "summary", row.getString("summary"));
    // a chat log's platform, the messages of its main thread, and which version of its text is current
    putIfPresent(json, "platform", row.getString("platform"));
    putIfPresent(json, "messageCount", row.getInteger("message_count"));
    putIfPresent(json, "version", row.getInteger("current_version"));
    String[] tags = row.getArrayOfStrings("tags");
    return json
        .put("tags", new JsonArray(tags == null ? java.util.List.of() : Arrays.asList(tags)))
        .put("chunkCount", row.getInteger("chunk_count"))
        .put("metadata", metadata == null ? new JsonObject() : metadata)
        .put("createdAt", time(row.getOffsetDateTime("created_at")))
        .put("updatedAt", time(row.getOffsetDateTime("updated_at")));
  }

  static JsonObject job(Row row) {
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("type", row.getString("type"))
        .put("status", row.getString("status"))
        .put("progress", row.getInteger("progress"));
    putIfPresent(json, "stage", row.getString("stage"));
    putIfPresent(json, "error", row.getString("error"));
    putIfPresent(json, "sourceId", uuid(row.getUUID("source_id")));
    putIfPresent(json, "collectionId", uuid(row.getUUID("collection_id")));
    json.put("attempts", row.getInteger("attempts"));
    if (row.getJsonObject("result") != null) {
      json.put("result", row.getJsonObject("result"));
    }
    json.put("createdAt", time(row.getOffsetDateTime("created_at")));
    putIfPresent(json, "startedAt", time(row.getOffsetDateTime("started_at")));
    putIfPresent(json, "completedAt", time(row.getOffsetDateTime("completed_at")));
    return json;
  }

  static JsonObject collection(Row row) {
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("kind", row.getString("kind"));
    putIfPresent(json, "url", row.getString("url"));
    putIfPresent(json, "summary", row.getString("summary"));
    putIfPresent(json, "playlistId", row.getString("playlist_id"));
    putIfPresent(json, "channelName", row.getString("channel_name"));
    if ("playlist".equals(row.getString("kind"))) {
      // the videos a playlist's job could not make sources of, with the reason
      Object skipped = row.getValue("skipped");
      json.put("skipped", skipped instanceof io.vertx.core.json.JsonArray list ? list : new io.vertx.core.json.JsonArray());
    }
    return json
        .put("sourceCount", row.getLong("source_count"))
        .put("createdAt", time(row.getOffsetDateTime("created_at")))
        .put("updatedAt", time(row.getOffsetDateTime("updated_at")));
  }

  static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static String uuid(UUID id) {
    return id == null ? null : id.toString();
  }

  private static void putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
