package io.mediawhisperer.plugin.transcript.youtube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON YouTube embeds in its HTML pages: objects assigned to a script variable
 * ({@code var ytInitialPlayerResponse = {...};}, {@code window["ytInitialData"] = {...};}) and the
 * string settings of {@code ytcfg.set({...})}.
 */
final class EmbeddedJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private EmbeddedJson() {
  }

  /**
   * The object assigned to {@code variable}, or empty when the page assigns it no object. The object
   * is read by Jackson's streaming parser from its opening brace to its matching close, so braces and
   * semicolons inside strings, and the script after it, do not matter; a cut-off or broken object is
   * INVALID_RESPONSE.
   */
  static Optional<JsonNode> assignedObject(String html, String variable) {
    Matcher assignment = Pattern.compile("\\b" + Pattern.quote(variable) + "\"?\\]?\\s*=\\s*\\{").matcher(html);
    if (!assignment.find()) {
      return Optional.empty();
    }
    int start = assignment.end() - 1;
    try (JsonParser parser = MAPPER.createParser(html.substring(start))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw Failures.invalid(variable + " is not a JSON object");
      }
      return Optional.of(MAPPER.readTree(parser));
    } catch (IOException e) {
      throw Failures.invalid(variable + " in the page is not valid JSON", e);
    }
  }

  /** A string setting of the page's {@code ytcfg} (e.g. {@code INNERTUBE_API_KEY}), or empty. */
  static Optional<String> configString(String html, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")").matcher(html);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(m.group(1), String.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Text as YouTube writes it in its renderers: {@code {"simpleText": ...}} or {@code {"runs": [{"text": ...}, ...]}}. */
  static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.hasNonNull("simpleText")) {
      return node.get("simpleText").asText();
    }
    JsonNode runs = node.path("runs");
    if (runs.isArray() && !runs.isEmpty()) {
      StringBuilder out = new StringBuilder();
      runs.forEach(run -> out.append(run.path("text").asText("")));
      return out.toString();
    }
    return null;
  }
}
