package io.mediawhisperer.plugin.chatlog.assistants;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The first bytes of a document as detection sees them: which bracket it opens with and which
 * keys it writes. Keys are matched as {@code "key":}, so a word in a message's text does not count.
 */
final class Head {

  private final String text;
  private final char opening;

  private Head(String text, char opening) {
    this.text = text;
    this.opening = opening;
  }

  static Head of(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8);
    int start = text.startsWith("\uFEFF") ? 1 : 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    return new Head(text, start < text.length() ? text.charAt(start) : 0);
  }

  /** True when the document opens a JSON array. */
  boolean isArray() {
    return opening == '[';
  }

  /** True when the document opens a JSON object. */
  boolean isObject() {
    return opening == '{';
  }

  boolean hasKey(String key) {
    return Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:").matcher(text).find();
  }

  /** True when {@code key} holds the string {@code value} somewhere, e.g. {@code "header": "Gemini Apps"}. */
  boolean hasKeyWithValue(String key, String value) {
    return Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\[?\\s*\"" + Pattern.quote(value)).matcher(text).find();
  }
}
