package io.mediawhisperer.plugin.parser.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns cue lines into plain text: markup removed ({@code <c>}, {@code <v Speaker>},
 * {@code <i>}, inline {@code <00:00:01.000>} timestamps, SRT's {@code {\an8}}), WebVTT character
 * references decoded, whitespace collapsed.
 */
final class CueText {

  /** A tag starts with a letter, a slash or a digit (timestamps), so "a < b" in dialogue survives. */
  private static final Pattern TAG = Pattern.compile("</?[A-Za-z0-9][^<>\\n]*>");
  private static final Pattern INLINE_TIMESTAMP = Pattern.compile("<(\\d+:)?\\d{2}:\\d{2}\\.\\d{3}>");
  private static final Pattern ASS_OVERRIDE = Pattern.compile("\\{\\\\[^}]*}");
  private static final Pattern CHARACTER_REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,6});");
  private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\p{Cc}]+");

  private CueText() {
  }

  /** Whether cue lines carry word-level timestamps, the mark of YouTube's rolling auto-captions. */
  static boolean hasInlineTimestamps(List<String> lines) {
    for (String line : lines) {
      if (line.indexOf('<') >= 0 && INLINE_TIMESTAMP.matcher(line).find()) {
        return true;
      }
    }
    return false;
  }

  /** Each line cleaned; lines left empty are dropped. */
  static List<String> cleanLines(List<String> lines, boolean decodeReferences) {
    List<String> cleaned = new ArrayList<>(lines.size());
    for (String line : lines) {
      String plain = clean(line, decodeReferences);
      if (!plain.isEmpty()) {
        cleaned.add(plain);
      }
    }
    return cleaned;
  }

  static String clean(String line, boolean decodeReferences) {
    String plain = ASS_OVERRIDE.matcher(TAG.matcher(line).replaceAll("")).replaceAll("");
    if (decodeReferences && plain.indexOf('&') >= 0) {
      plain = decodeReferences(plain);
    }
    return SPACES.matcher(plain).replaceAll(" ").strip();
  }

  private static String decodeReferences(String text) {
    Matcher m = CHARACTER_REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(decodeReference(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String decodeReference(String name, String whole) {
    if (name.startsWith("#")) {
      boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
      int codePoint = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
      boolean encodable = Character.isValidCodePoint(codePoint) && codePoint != 0
          && Character.getType(codePoint) != Character.SURROGATE;
      return encodable ? Character.toString(codePoint) : whole;
    }
    return switch (name) {
      case "amp" -> "&";
      case "lt" -> "<";
      case "gt" -> ">";
      case "quot" -> "\"";
      case "apos" -> "'";
      case "nbsp" -> " ";
      case "lrm", "rlm" -> "";
      default -> whole;
    };
  }
}
