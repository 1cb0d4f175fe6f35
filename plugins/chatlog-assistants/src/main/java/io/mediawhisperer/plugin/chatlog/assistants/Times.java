package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The times exports write: ISO 8601 strings (with or without an offset), epoch numbers (seconds
 * or milliseconds), and MongoDB's extended JSON {@code {"$date": {"$numberLong": "<ms>"}}} that
 * Grok writes. A time that cannot be read is absent (null), never a failure: a message without its
 * time is still worth keeping.
 */
final class Times {

  /** Epoch values above this are milliseconds: as seconds they would lie past the year 5000. */
  private static final double MILLIS_THRESHOLD = 100_000_000_000d;

  private Times() {
  }

  static Instant of(JsonNode node, String field) {
    return node == null ? null : of(node.get(field));
  }

  static Instant of(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isObject()) {
      if (value.has("$date")) {
        return of(value.get("$date"));
      }
      JsonNode millis = value.get("$numberLong");
      return millis == null ? null : epochMillis(millis.asText());
    }
    if (value.isNumber()) {
      return epoch(value.asDouble());
    }
    return value.isTextual() ? parse(value.asText().trim()) : null;
  }

  static Instant parse(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        // a time without an offset: exports that write these mean UTC
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notIso) {
        return text.chars().allMatch(Character::isDigit) ? epochMillis(text) : null;
      }
    }
  }

  private static Instant epochMillis(String digits) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(digits.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant epoch(double value) {
    if (!Double.isFinite(value) || value <= 0) {
      return null;
    }
    if (value > MILLIS_THRESHOLD) {
      return Instant.ofEpochMilli((long) value);
    }
    long seconds = (long) value;
    return Instant.ofEpochSecond(seconds, Math.round((value - seconds) * 1_000_000) * 1_000);
  }
}
