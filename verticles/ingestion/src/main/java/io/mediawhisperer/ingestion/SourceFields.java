package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The limits of every field a client gives a source or a collection (README, "Limits on ingested
 * fields"). Past one, or with a NUL character (PostgreSQL stores no NUL in text), the request gets
 * 400 {@code invalid_input} whose message starts with the field's name. Values a parsed file
 * brings (a transcript file's videoId, say) are checked by the same rules but dropped, with a
 * warning, since the upload was accepted long before.
 */
final class SourceFields {

  static final int MAX_TITLE = 300;
  static final int MAX_FILE_NAME = 255;
  static final int MAX_VIDEO_ID = 64;
  static final int MAX_CHANNEL_NAME = 200;
  static final int MAX_LANGUAGE = 35;
  static final int MAX_SEGMENT_TEXT = 10_000;
  static final int MAX_TEXT = 1_000_000;
  static final int MAX_COLLECTION_NAME = 300;
  static final int MAX_COLLECTION_URL = 2_048;

  /** YouTube's ids are 11 of [A-Za-z0-9_-]; other sites' opaque ids add dots and colons. */
  private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9._:-]+");
  /** A BCP 47 tag's shape (en, en-GB, zh-Hant-TW, es-419), not its registry. */
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

  private SourceFields() {
  }

  /** An optional string of at most {@code max} characters without NUL; null when absent. */
  static String optional(JsonObject body, String field, int max) {
    String value = Payloads.optionalString(body, field);
    if (value != null) {
      check(field, value, max);
    }
    return value;
  }

  static String required(JsonObject body, String field, int max) {
    String value = Payloads.requiredString(body, field);
    check(field, value, max);
    return value;
  }

  static void check(String field, String value, int max) {
    String problem = problem(value, max);
    if (problem != null) {
      throw Failure.invalidInput(field + " " + problem).asException();
    }
  }

  static String videoId(JsonObject body) {
    String value = optional(body, "videoId", MAX_VIDEO_ID);
    if (value != null && !VIDEO_ID.matcher(value).matches()) {
      throw Failure.invalidInput("videoId may hold only letters, digits, '-', '_', '.' and ':'").asException();
    }
    return value;
  }

  static String language(JsonObject body) {
    String value = optional(body, "language", MAX_LANGUAGE);
    if (value != null && !LANGUAGE.matcher(value).matches()) {
      throw Failure.invalidInput("language must be a BCP 47 tag such as en or pt-BR").asException();
    }
    return value;
  }

  /** A number that is finite and not negative, or null when absent. */
  static Double seconds(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
      throw Failure.invalidInput(field + " must be a finite number >= 0").asException();
    }
    return n.doubleValue();
  }

  /** A collection's id in a request body: a UUID, else 400 (a path id that is no UUID is 404 instead). */
  static UUID collectionId(JsonObject body) {
    String value = Payloads.optionalString(body, "collectionId");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Failure.invalidInput("collectionId must be a UUID").asException();
    }
  }

  /** What a parsed file brings for a field, or null (and a warning) when it breaks the field's rule. */
  static String fromFile(String field, Object value, java.util.List<String> warnings) {
    if (!(value instanceof String text) || text.isEmpty()) {
      return null;
    }
    int max = switch (field) {
      case "videoId" -> MAX_VIDEO_ID;
      case "channelName" -> MAX_CHANNEL_NAME;
      case "language" -> MAX_LANGUAGE;
      default -> MAX_TITLE;
    };
    Pattern shape = switch (field) {
      case "videoId" -> VIDEO_ID;
      case "language" -> LANGUAGE;
      default -> null;
    };
    if (problem(text, max) != null || (shape != null && !shape.matcher(text).matches())) {
      warnings.add("The file's " + field + " was left out: it breaks the field's limit (" + max
          + " characters" + (shape != null ? " of a fixed set" : "") + ", no NUL).");
      return null;
    }
    return text;
  }

  private static String problem(String value, int max) {
    if (value.indexOf('\u0000') >= 0) {
      return "must not contain the NUL character (U+0000)";
    }
    if (value.length() > max) {
      return "must have at most " + max + " characters";
    }
    return null;
  }
}
