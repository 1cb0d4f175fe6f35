package io.mediawhisperer.plugin.chatlog.selfhosted;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object keys written in the head of a JSON document, for detection: a key is a quoted name
 * followed by a colon, not one inside a string (where its quotes would be escaped). Keys are what
 * tells exports apart; words in messages are not.
 */
record HeadKeys(char opening, Set<String> keys) {

  private static final Pattern KEY = Pattern.compile("(?<!\\\\)\"([A-Za-z_$][A-Za-z0-9_$]*)\"\\s*:");

  static HeadKeys of(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8);
    int start = 0;
    if (text.startsWith("\uFEFF")) {
      start = 1;
    }
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    char opening = start < text.length() ? text.charAt(start) : ' ';
    if (opening != '{' && opening != '[') {
      return new HeadKeys(opening, Set.of());
    }
    Set<String> keys = new HashSet<>();
    Matcher matcher = KEY.matcher(text);
    while (matcher.find()) {
      keys.add(matcher.group(1));
    }
    return new HeadKeys(opening, keys);
  }

  boolean has(String... names) {
    for (String name : names) {
      if (!keys.contains(name)) {
        return false;
      }
    }
    return true;
  }

  boolean isObject() {
    return opening == '{';
  }

  boolean isArray() {
    return opening == '[';
  }
}
