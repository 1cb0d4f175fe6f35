package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;

/** Tolerant reads of export trees: a field that is absent, null or of another type reads as absent. */
final class Nodes {

  private Nodes() {
  }

  /** The text of {@code node.field} when it is a string, else null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** Like {@link #text}, but null for blank text too. */
  static String nonBlank(JsonNode node, String field) {
    String text = text(node, field);
    return text == null || text.isBlank() ? null : text;
  }

  /** The first of {@code fields} that {@code node} holds as non-blank text, or null. */
  static String firstText(JsonNode node, String... fields) {
    for (String field : fields) {
      String text = nonBlank(node, field);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  /** An id written as a string, a number or MongoDB's {@code {"$oid": "..."}}; null otherwise. */
  static String id(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null) {
      return null;
    }
    if (value.isObject()) {
      value = value.get("$oid");
    }
    if (value != null && (value.isTextual() || value.isIntegralNumber())) {
      String id = value.asText();
      return id.isBlank() ? null : id;
    }
    return null;
  }

  /** {@code node.field} when it is an array, else null. */
  static JsonNode array(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isArray() ? value : null;
  }

  static boolean isObjectWith(JsonNode node, String field) {
    return node != null && node.isObject() && node.has(field);
  }
}
