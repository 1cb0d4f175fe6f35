package io.mediawhisperer.plugin.parser.transcript;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Segment;
import io.mediawhisperer.spi.parser.SourceParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our transcript JSON, as the transcript fetcher writes it:
 * {@code {"videoId", "title", "channelName" (or "channel"), "durationSeconds" (or "duration"),
 * "language", "segments": [{"start", "duration", "text"}]}}; everything but {@code segments} is
 * optional, and a segment may give {@code end} instead of {@code duration}. Times are seconds.
 */
public final class TranscriptJsonParser implements SourceParser {

  /**
   * Thread-safe once built; Jackson's default read constraints bound nesting depth and string
   * sizes, and trailing content after the object is an error rather than silently ignored.
   */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final String SEGMENTS = "segments";

  @Override
  public String name() {
    return "transcript-json";
  }

  @Override
  public String kind() {
    return TranscriptResult.KIND;
  }

  /** 90 when the head is (the start of) a JSON object with a top-level "segments" key. */
  @Override
  public int confidence(byte[] head) {
    String text = TranscriptText.decodeHead(head).stripLeading();
    if (!text.startsWith("{")) {
      return 0;
    }
    JsonParser parser = null;
    try {
      parser = JSON.getFactory().createParser(text);
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME && atTopLevelSegments(parser)) {
          return 90;
        }
      }
    } catch (IOException endOfHeadOrNotJson) {
      // the head may end just after the key, before its value: the key still counts
      if (parser != null && atTopLevelSegments(parser)) {
        return 90;
      }
    } finally {
      closeQuietly(parser);
    }
    return 0;
  }

  private static boolean atTopLevelSegments(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    return context.inObject() && context.getParent() != null && context.getParent().inRoot()
        && SEGMENTS.equals(context.getCurrentName());
  }

  private static void closeQuietly(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException ignored) {
        // a parser over a String holds nothing that needs closing
      }
    }
  }

  @Override
  public ParsedSource parse(Path file, ParseLimits limits) throws ParseException {
    TranscriptText.Decoded decoded = TranscriptFile.read(file, limits, "transcript JSON");
    JsonNode root = readTree(decoded.text());
    if (!root.isObject()) {
      throw corrupt("the file must hold one JSON object with a \"segments\" array");
    }
    JsonNode segmentsNode = root.get(SEGMENTS);
    if (segmentsNode == null || !segmentsNode.isArray()) {
      throw corrupt("it has no \"segments\" array");
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("encoding", decoded.encoding());
    putText(metadata, "videoId", root, "videoId");
    putText(metadata, "channelName", root, "channelName", "channel");
    putText(metadata, "language", root, "language");
    JsonNode duration = first(root, "durationSeconds", "duration");
    if (duration != null) {
      metadata.put("durationSeconds", seconds(duration, "durationSeconds"));
    }
    List<Segment> segments = new ArrayList<>(segmentsNode.size());
    for (int i = 0; i < segmentsNode.size(); i++) {
      segments.add(segment(segmentsNode.get(i), i));
    }
    String title = text(first(root, "title"), "title");
    return TranscriptResult.finish("transcript JSON", title == null || title.isBlank() ? null : title.strip(),
        metadata, segments, List.of(), limits);
  }

  private static JsonNode readTree(String text) throws ParseException {
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new ParseException(ParseException.EMPTY, "The transcript JSON file holds only whitespace.");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String position = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
      throw corrupt("it is not valid JSON" + position + ": " + e.getOriginalMessage());
    }
  }

  private static Segment segment(JsonNode node, int index) throws ParseException {
    String where = "segments[" + index + "]";
    if (node == null || !node.isObject()) {
      throw corrupt(where + " is not an object");
    }
    double start = seconds(require(node, "start", where), where + ".start");
    double end;
    JsonNode duration = node.get("duration");
    if (duration != null && !duration.isNull()) {
      end = start + seconds(duration, where + ".duration");
    } else if (node.hasNonNull("end")) {
      end = seconds(node.get("end"), where + ".end");
    } else {
      throw corrupt(where + " has neither \"duration\" nor \"end\"");
    }
    String text = text(node.get("text"), where + ".text");
    return new Segment(start, end, text == null ? "" : CueText.clean(text, false));
  }

  private static JsonNode require(JsonNode node, String field, String where) throws ParseException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw corrupt(where + " has no \"" + field + "\"");
    }
    return value;
  }

  /** A time in seconds: a finite, non-negative JSON number (a string "1.5" is refused, not guessed at). */
  private static double seconds(JsonNode value, String where) throws ParseException {
    if (!value.isNumber()) {
      throw corrupt(where + " must be a number of seconds, not " + value.getNodeType().toString().toLowerCase());
    }
    double seconds = value.asDouble();
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw corrupt(where + " is " + value.asText() + "; times must be zero or more seconds");
    }
    return seconds;
  }

  /** A JSON string or other scalar as text; null when absent; an object or array is refused. */
  private static String text(JsonNode value, String where) throws ParseException {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw corrupt(where + " must be text, not " + value.getNodeType().toString().toLowerCase());
    }
    return value.asText();
  }

  private static void putText(Map<String, Object> metadata, String key, JsonNode root, String... names)
      throws ParseException {
    String value = text(first(root, names), names[0]);
    if (value != null && !value.isBlank()) {
      metadata.put(key, value.strip());
    }
  }

  private static JsonNode first(JsonNode root, String... names) {
    for (String name : names) {
      JsonNode value = root.get(name);
      if (value != null && !value.isNull()) {
        return value;
      }
    }
    return null;
  }

  private static ParseException corrupt(String why) {
    return new ParseException(ParseException.CORRUPT, "This is not a usable transcript JSON file: " + why + ".");
  }
}
