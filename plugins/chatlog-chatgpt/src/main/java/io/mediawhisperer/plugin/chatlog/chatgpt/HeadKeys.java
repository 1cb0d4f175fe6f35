package io.mediawhisperer.plugin.chatlog.chatgpt;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object keys found in the first bytes of a JSON document, which is what detection looks at:
 * keys only one service writes say whose export it is, whatever the messages say (a key is a
 * quoted name followed by a colon, so text inside messages, where quotes are escaped, never counts).
 */
final class HeadKeys {

  private static final Pattern KEY = Pattern.compile("\"([A-Za-z_$][A-Za-z0-9_$]*)\"\\s*:");

  private final String text;
  private final Set<String> keys;

  private HeadKeys(String text, Set<String> keys) {
    this.text = text;
    this.keys = keys;
  }

  /** The keys of {@code head}, or empty when it does not start like a JSON object or array. */
  static Optional<HeadKeys> of(byte[] head) {
    // keys are ASCII, so a byte-per-character decoding finds them even when the head ends mid-character
    String text = new String(head, StandardCharsets.ISO_8859_1);
    int start = text.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0; // a UTF-8 byte-order mark
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start >= text.length() || (text.charAt(start) != '[' && text.charAt(start) != '{')) {
      return Optional.empty();
    }
    Set<String> keys = new HashSet<>();
    Matcher matcher = KEY.matcher(text);
    while (matcher.find()) {
      keys.add(matcher.group(1));
    }
    return Optional.of(new HeadKeys(text, keys));
  }

  boolean has(String key) {
    return keys.contains(key);
  }

  /** Whether the head holds text matching {@code pattern} anywhere (for a key's typical value). */
  boolean contains(Pattern pattern) {
    return pattern.matcher(text).find();
  }
}
