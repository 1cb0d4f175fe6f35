package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Times as exports write them: ChatGPT epoch seconds with a fraction ({@code 1704629915.775304}),
 * DeepSeek ISO 8601 strings with an offset ({@code 2025-03-14T09:21:07.412000+08:00}). Whatever
 * cannot be read is null: a missing time never costs a message.
 */
final class Instants {

  /** Past this, a number counts milliseconds, not seconds (it would be the year 5138 in seconds). */
  private static final double MILLIS_THRESHOLD = 1e11;

  private Instants() {
  }

  static Instant of(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isNumber()) {
      return epoch(value.doubleValue());
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      return null;
    }
    String text = value.asText().strip();
    try {
      return epoch(Double.parseDouble(text));
    } catch (NumberFormatException notANumber) {
      return iso(text);
    }
  }

  private static Instant epoch(double value) {
    if (!Double.isFinite(value)) {
      return null;
    }
    double seconds = Math.abs(value) > MILLIS_THRESHOLD ? value / 1000 : value;
    // microseconds: what the exports write, and exactly what a double holds for these magnitudes
    long micros = Math.round(seconds * 1_000_000d);
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static Instant iso(String text) {
    String normalized = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
    try {
      TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(normalized, ZonedDateTime::from, LocalDateTime::from);
      // a time without an offset is taken as UTC: the exports that write one say nothing else
      return parsed instanceof ZonedDateTime zoned ? zoned.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}
