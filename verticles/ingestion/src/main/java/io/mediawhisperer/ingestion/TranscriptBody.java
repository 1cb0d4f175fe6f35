package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The HTTP contract's JSON transcript body, checked and reduced to the transcript-JSON document the parser
 * reads (so a transcript sent as JSON and one uploaded as a file take the same path). The limits
 * are {@link SourceFields}'.
 */
final class TranscriptBody {

  static final int MAX_SEGMENTS = 100_000;

  private TranscriptBody() {
  }

  static JsonObject validated(JsonObject body) {
    Object raw = body.getValue("segments");
    if (!(raw instanceof JsonArray segments) || segments.isEmpty()) {
      throw Failure.invalidInput("segments must be a non-empty array of {start, duration, text}").asException();
    }
    if (segments.size() > MAX_SEGMENTS) {
      throw Failure.invalidInput("segments may hold at most " + MAX_SEGMENTS + " items").asException();
    }
    JsonArray clean = new JsonArray();
    for (int i = 0; i < segments.size(); i++) {
      if (!(segments.getValue(i) instanceof JsonObject s)
          || !(s.getValue("start") instanceof Number start) || !finiteAndNotNegative(start)
          || !(s.getValue("duration") instanceof Number duration) || !finiteAndNotNegative(duration)
          || !(s.getValue("text") instanceof String text)) {
        throw Failure.invalidInput("segments[" + i + "] must be {start, duration: finite numbers >= 0, text}").asException();
      }
      SourceFields.check("segments[" + i + "].text", text, SourceFields.MAX_SEGMENT_TEXT);
      clean.add(new JsonObject().put("start", start).put("duration", duration).put("text", text));
    }
    JsonObject doc = new JsonObject().put("title", SourceFields.required(body, "title", SourceFields.MAX_TITLE));
    putIfPresent(doc, "videoId", SourceFields.videoId(body));
    putIfPresent(doc, "channelName", SourceFields.optional(body, "channelName", SourceFields.MAX_CHANNEL_NAME));
    putIfPresent(doc, "language", SourceFields.language(body));
    putIfPresent(doc, "durationSeconds", SourceFields.seconds(body, "durationSeconds"));
    return doc.put("segments", clean);
  }

  private static boolean finiteAndNotNegative(Number n) {
    return Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0;
  }

  private static void putIfPresent(JsonObject doc, String field, Object value) {
    if (value != null) {
      doc.put(field, value);
    }
  }
}
