package io.mediawhisperer.audiobook;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;

/** Rows to the HTTP contract's Audiobook and Job shapes; absent optional fields are left out. */
final class BookShapes {

  static final String JOB_TYPE = "audiobook";

  private BookShapes() {
  }

  /** A book with its chapters (those of {@code chapters} that are its, in order); starts add up the finished durations. */
  static JsonObject book(Row row, List<Row> chapters) {
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("sourceId", row.getUUID("source_id").toString())
        .put("title", row.getString("title"))
        .put("status", row.getString("status"))
        .put("format", row.getString("format"))
        .put("voice", row.getString("voice"))
        .put("speed", row.getDouble("speed"))
        .put("progress", row.getInteger("progress"));
    putIfPresent(json, "error", row.getString("error"));
    Long durationMs = row.getLong("duration_ms");
    if (durationMs != null) {
      json.put("durationSeconds", durationMs / 1000.0);
    }
    putIfPresent(json, "sizeBytes", row.getLong("audio_bytes"));
    JsonArray list = new JsonArray();
    long start = 0;
    for (Row chapter : chapters) {
      JsonObject item = new JsonObject()
          .put("number", chapter.getInteger("number"))
          .put("title", chapter.getString("title"))
          .put("status", chapter.getString("status"))
          .put("words", chapter.getInteger("words"));
      Long ms = chapter.getLong("duration_ms");
      if (ms != null) {
        item.put("start", start / 1000.0).put("duration", ms / 1000.0);
        start += ms;
      }
      list.add(item);
    }
    json.put("chapters", list).put("createdAt", time(row.getOffsetDateTime("created_at")));
    putIfPresent(json, "completedAt", time(row.getOffsetDateTime("completed_at")));
    return json;
  }

  /** The Job shape of the HTTP contract for a book (an audiobook is its own job). */
  static JsonObject job(Row row) {
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("type", JOB_TYPE)
        .put("status", row.getString("status"))
        .put("progress", row.getInteger("progress"))
        .put("stage", row.getString("stage"))
        .put("sourceId", row.getUUID("source_id").toString())
        .put("audiobookId", row.getUUID("id").toString())
        .put("attempts", row.getInteger("attempts"));
    putIfPresent(json, "error", row.getString("error"));
    json.put("createdAt", time(row.getOffsetDateTime("created_at")));
    putIfPresent(json, "startedAt", time(row.getOffsetDateTime("started_at")));
    putIfPresent(json, "completedAt", time(row.getOffsetDateTime("completed_at")));
    return json;
  }

  /** The WebSocket frame of the HTTP contract for a change of the book's job: {@code {"type": "job", "job"}}. */
  static JsonObject jobEvent(Row row) {
    return new JsonObject().put("type", "job").put("job", job(row));
  }

  private static void putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
