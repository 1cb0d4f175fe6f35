package io.mediawhisperer.retrieval;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** The HTTP contract's Hit, with the provenance a citation needs and a deep link where one exists. */
final class Hits {

  private Hits() {
  }

  static JsonObject of(Row row, double score) {
    UUID sourceId = row.getUUID("source_id");
    JsonObject hit = new JsonObject()
        .put("chunkId", row.getUUID("id").toString())
        .put("sourceId", sourceId.toString())
        .put("sourceTitle", row.getString("title"))
        .put("kind", row.getString("kind"))
        .put("text", row.getString("text"))
        .put("score", score);
    Integer page = row.getInteger("page_start");
    Double start = row.getDouble("start_seconds");
    Double end = row.getDouble("end_seconds");
    Integer message = row.getInteger("message_index");
    if (page != null) {
      hit.put("pageNumber", page);
      if ("pdf".equals(row.getString("kind"))) {
        // PDF viewers open the file at this page
        hit.put("url", "/api/v1/sources/" + sourceId + "/file#page=" + page);
      }
    }
    if (start != null) {
      hit.put("start", start).put("end", end);
      String videoId = row.getString("video_id");
      if (videoId != null) {
        hit.put("url", "https://www.youtube.com/watch?v=" + videoId + "&t=" + (long) Math.floor(start) + "s");
      }
    }
    if (message != null) {
      // the chat log opened at the message
      hit.put("messageIndex", message).put("url", "/api/v1/sources/" + sourceId + "#m=" + message);
    }
    return hit;
  }
}
