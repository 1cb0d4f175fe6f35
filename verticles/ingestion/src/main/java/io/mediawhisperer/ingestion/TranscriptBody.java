package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * API.md's JSON transcript body, checked and reduced to the transcript-JSON document the parser
 * reads (so a transcript sent as JSON and one uploaded as a file take the same path).
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
      throw Failure.invalidInput("at most " + MAX_SEGMENTS + " segments").asException();
    }
    JsonArray clean = new JsonArray();
    for (int i = 0; i < segments.size(); i++) {
      if (!(segments.getValue(i) instanceof JsonObject s)
          || !(s.getValue("start") instanceof Number start) || start.doubleValue() < 0
          || !(s.getValue("duration") instanceof Number duration) || duration.doubleValue() < 0
          || !(s.getValue("text") instanceof String text)) {
        throw Failure.invalidInput("segments[" + i + "] must be {start >= 0, duration >= 0, text}").asException();
      }
      clean.add(new JsonObject().put("start", start).put("duration", duration).put("text", text));
    }
    JsonObject doc = new JsonObject().put("title", Payloads.requiredString(body, "title"));
    copy(body, doc, "videoId");
    copy(body, doc, "channelName");
    copy(body, doc, "language");
    if (body.getValue("durationSeconds") != null) {
      if (!(body.getValue("durationSeconds") instanceof Number d) || d.doubleValue() < 0) {
        throw Failure.invalidInput("durationSeconds must be a number >= 0").asException();
      }
      doc.put("durationSeconds", d);
    }
    return doc.put("segments", clean);
  }

  private static void copy(JsonObject from, JsonObject to, String field) {
    String value = Payloads.optionalString(from, field);
    if (value != null) {
      to.put(field, value);
    }
  }
}
