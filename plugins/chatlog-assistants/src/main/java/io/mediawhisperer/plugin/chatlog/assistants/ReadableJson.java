package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * A tool's input or result as a person reads it: a string as itself, an object as one
 * {@code key: value} line per field (a multi-line value starts on its own line, so code stays
 * code), anything else as compact JSON.
 */
final class ReadableJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReadableJson() {
  }

  static String of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (!node.isObject()) {
      return node.toString();
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String value = field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(field.getKey()).append(value.contains("\n") ? ":\n" : ": ").append(value);
    }
    return text.toString();
  }

  /** A string that may itself hold JSON (Le Chat writes tool arguments so): read as JSON when it is an object. */
  static String ofEncoded(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
      try {
        return of(MAPPER.readTree(trimmed));
      } catch (java.io.IOException notJson) {
        return text;
      }
    }
    return text;
  }
}
