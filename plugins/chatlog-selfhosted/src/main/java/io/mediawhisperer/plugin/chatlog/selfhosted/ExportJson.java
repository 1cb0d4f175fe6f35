package io.mediawhisperer.plugin.chatlog.selfhosted;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediawhisperer.spi.parser.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The JSON side shared by the three readers: one parser configuration, the translation of
 * Jackson's failures into sentences, and tolerant field access on the tree of one conversation.
 */
final class ExportJson {

  /**
   * LibreChat's recursive export nests every message one level (two JSON levels) below its
   * parent, so a long conversation is deeper than Jackson's default limit allows; the depth costs
   * one small context object per level, bounded by the file's size anyway.
   */
  private static final int MAX_NESTING = 1_000_000;

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
          .build())
      .build();

  private ExportJson() {
  }

  /** A streaming parser over {@code in} that can read values as trees. */
  static JsonParser open(InputStream in) throws IOException {
    return MAPPER.createParser(in);
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Jackson's complaint as a sentence, with where it happened and no class names. */
  static ParseException notJson(JsonProcessingException e, String service) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : " near line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new ParseException(ParseException.CORRUPT, "The file could not be read as a " + service
        + " export: it is not valid JSON, or it breaks off" + where + ".", e);
  }

  /** The document ends in the middle (a download cut short). */
  static ParseException brokenOff(String service) {
    return new ParseException(ParseException.CORRUPT, "The " + service + " export breaks off before its end;"
        + " the file was probably cut short.");
  }

  /** A text field, or null when it is missing, null, or not a scalar. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }

  /** A text field that says something: null when missing or blank. */
  static String nonBlank(JsonNode node, String field) {
    String text = text(node, field);
    return text == null || text.isBlank() ? null : text;
  }

  /**
   * A time written as epoch seconds (Open WebUI), milliseconds, micro- or nanoseconds (told apart
   * by size: no chat was written before 1973 or after 5138), or an ISO 8601 string (LibreChat).
   */
  static Instant time(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      return epoch(value.asDouble());
    }
    if (value.isTextual()) {
      String text = value.asText().trim();
      if (text.isEmpty()) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notIso) {
        try {
          return epoch(Double.parseDouble(text));
        } catch (NumberFormatException notANumber) {
          return null;
        }
      }
    }
    return null;
  }

  private static Instant epoch(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      return null;
    }
    double seconds = value;
    while (seconds > 1e11) { // milliseconds, microseconds, nanoseconds
      seconds /= 1000;
    }
    long whole = (long) Math.floor(seconds);
    long nanos = Math.round((seconds - whole) * 1e9);
    return Instant.ofEpochSecond(whole, Math.min(nanos, 999_999_999L));
  }
}
