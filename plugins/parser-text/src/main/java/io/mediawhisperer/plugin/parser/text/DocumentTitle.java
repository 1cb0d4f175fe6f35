package io.mediawhisperer.plugin.parser.text;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks a title for a text or Markdown file: the {@code title:} of YAML front matter, else the
 * first level-one heading ({@code # Title}) outside code fences, else the first non-empty line.
 */
final class DocumentTitle {

  static final int MAX_LENGTH = 200;

  private static final Pattern LEVEL_ONE_HEADING = Pattern.compile("^ {0,3}#[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern ANY_HEADING_MARK = Pattern.compile("^ {0,3}#{1,6}[ \\t]+");
  private static final Pattern FRONT_MATTER_TITLE = Pattern.compile("^title:[ \\t]*(.*?)[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
  /** Front matter longer than this is not front matter but a document that starts with a rule. */
  private static final int MAX_FRONT_MATTER_LINES = 100;

  private DocumentTitle() {
  }

  /** The title, or null when the text has no non-empty line. */
  static String of(String text) {
    List<String> lines = text.lines().toList();
    int bodyStart = 0;
    int frontMatterEnd = frontMatterEnd(lines);
    if (frontMatterEnd > 0) {
      for (int i = 1; i < frontMatterEnd; i++) {
        Matcher title = FRONT_MATTER_TITLE.matcher(lines.get(i));
        if (title.matches() && !unquote(title.group(1)).isBlank()) {
          return clip(unquote(title.group(1)));
        }
      }
      bodyStart = frontMatterEnd + 1;
    }
    String firstLine = null;
    boolean inFence = false;
    for (int i = bodyStart; i < lines.size(); i++) {
      String line = lines.get(i);
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
      }
      if (inFence) {
        continue;
      }
      Matcher heading = LEVEL_ONE_HEADING.matcher(line);
      if (heading.matches() && !heading.group(1).isBlank()) {
        return clip(heading.group(1));
      }
      if (firstLine == null && !line.isBlank()) {
        firstLine = ANY_HEADING_MARK.matcher(line).replaceFirst("");
      }
    }
    return firstLine == null || firstLine.isBlank() ? null : clip(firstLine);
  }

  /** Index of the closing {@code ---} of front matter that opens the text, or -1. */
  private static int frontMatterEnd(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      return -1;
    }
    for (int i = 1; i < Math.min(lines.size(), MAX_FRONT_MATTER_LINES); i++) {
      String line = lines.get(i).strip();
      if (line.equals("---") || line.equals("...")) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** Trimmed, at most {@link #MAX_LENGTH} characters, never cutting a surrogate pair in two. */
  static String clip(String title) {
    String trimmed = title.strip();
    if (trimmed.length() <= MAX_LENGTH) {
      return trimmed;
    }
    int end = Character.isHighSurrogate(trimmed.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
    return trimmed.substring(0, end).strip();
  }
}
