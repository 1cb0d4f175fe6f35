package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the loosely typed values of exports. */
final class Json {

  private Json() {
  }

  /** The value when it is a non-blank string, else null (absent, null, a number, an object ...). */
  static String text(JsonNode value) {
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }
}
