package io.mediawhisperer.plugin.chatlog.assistants;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/**
 * The plain text of the small HTML Gemini writes for an answer ({@code safeHtmlItem}): tags
 * removed, entities decoded, paragraphs and list items on lines of their own (items as
 * {@code - } or {@code 1. }), headings as Markdown {@code #}, {@code <pre>} blocks as Markdown
 * code fences with their whitespace kept; scripts, styles and comments dropped. It is no HTML
 * parser: malformed markup still yields its text, which is all an answer needs.
 */
final class HtmlText {

  private static final Map<String, String> ENTITIES = Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
      Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
      Map.entry("ndash", "\u2013"), Map.entry("mdash", "\u2014"), Map.entry("hellip", "\u2026"),
      Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"), Map.entry("ldquo", "\u201C"),
      Map.entry("rdquo", "\u201D"), Map.entry("laquo", "\u00AB"), Map.entry("raquo", "\u00BB"),
      Map.entry("bull", "\u2022"), Map.entry("middot", "\u00B7"), Map.entry("times", "\u00D7"),
      Map.entry("divide", "\u00F7"), Map.entry("deg", "\u00B0"), Map.entry("copy", "\u00A9"),
      Map.entry("reg", "\u00AE"), Map.entry("trade", "\u2122"), Map.entry("euro", "\u20AC"));

  private final StringBuilder out = new StringBuilder();
  private final Deque<int[]> lists = new ArrayDeque<>(); // per open list: {ordered ? 1 : 0, next number}
  private int pendingBreaks;
  private boolean inPre;

  private HtmlText() {
  }

  static String toPlain(String html) {
    if (html == null) {
      return "";
    }
    HtmlText text = new HtmlText();
    text.scan(html);
    return text.out.toString().strip();
  }

  private void scan(String html) {
    int i = 0;
    while (i < html.length()) {
      int open = html.indexOf('<', i);
      if (open < 0) {
        text(html.substring(i));
        return;
      }
      if (open > i) {
        text(html.substring(i, open));
      }
      if (html.startsWith("<!--", open)) {
        int end = html.indexOf("-->", open + 4);
        i = end < 0 ? html.length() : end + 3;
        continue;
      }
      int close = html.indexOf('>', open);
      if (close < 0 || !isTagStart(html, open)) {
        text(html.substring(open, open + 1)); // a lone '<' is text
        i = open + 1;
        continue;
      }
      String tag = html.substring(open + 1, close);
      boolean closing = tag.startsWith("/");
      String name = tagName(closing ? tag.substring(1) : tag);
      i = close + 1;
      if (!closing && (name.equals("script") || name.equals("style"))) {
        int end = html.toLowerCase(Locale.ROOT).indexOf("</" + name, i);
        i = end < 0 ? html.length() : html.indexOf('>', end) < 0 ? html.length() : html.indexOf('>', end) + 1;
        continue;
      }
      tag(name, closing);
    }
  }

  private static boolean isTagStart(String html, int open) {
    if (open + 1 >= html.length()) {
      return false;
    }
    char next = html.charAt(open + 1);
    return Character.isLetter(next) || next == '/' || next == '!';
  }

  private static String tagName(String tag) {
    int end = 0;
    while (end < tag.length() && (Character.isLetterOrDigit(tag.charAt(end)))) {
      end++;
    }
    return tag.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private void tag(String name, boolean closing) {
    switch (name) {
      case "br" -> lineBreak();
      case "p", "div", "section", "article", "blockquote", "table", "hr" -> breakLines(2);
      case "tr" -> breakLines(1);
      case "td", "th" -> {
        if (closing) {
          emit(" ");
        }
      }
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        breakLines(2);
        if (!closing) {
          emit("#".repeat(name.charAt(1) - '0') + " ");
        }
      }
      case "ul", "ol" -> {
        if (closing) {
          lists.poll();
        } else {
          lists.push(new int[] {name.equals("ol") ? 1 : 0, 1});
        }
        breakLines(lists.isEmpty() ? 2 : 1);
      }
      case "li" -> {
        breakLines(1);
        if (!closing) {
          int[] list = lists.isEmpty() ? new int[] {0, 1} : lists.peek();
          emit("  ".repeat(Math.max(0, lists.size() - 1)) + (list[0] == 1 ? list[1]++ + ". " : "- "));
        }
      }
      case "pre" -> {
        if (closing) {
          if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
          }
          out.append("```");
          inPre = false;
          breakLines(2);
        } else {
          breakLines(2);
          emit("```\n");
          inPre = true;
        }
      }
      case "code" -> {
        if (!inPre) {
          emit("`");
        }
      }
      default -> {
        // inline formatting (b, i, a, span, ...) leaves its text as it is
      }
    }
  }

  private void text(String raw) {
    String decoded = decode(raw);
    if (inPre) {
      flushBreaks();
      // as in HTML, a line break right after <pre> is not part of the text
      out.append(decoded.startsWith("\n") && endsWith("```\n") ? decoded.substring(1) : decoded);
      return;
    }
    String collapsed = decoded.replaceAll("\\s+", " ");
    if (collapsed.isEmpty()) {
      return;
    }
    if (pendingBreaks > 0 || out.isEmpty() || Character.isWhitespace(out.charAt(out.length() - 1))) {
      collapsed = collapsed.stripLeading();
      if (collapsed.isEmpty()) {
        return;
      }
    }
    emit(collapsed);
  }

  /** Appends markup-made text (fences, bullets) after any pending line breaks. */
  private void emit(String text) {
    flushBreaks();
    out.append(text);
  }

  private void lineBreak() {
    if (inPre) {
      out.append('\n');
    } else {
      stripTrailingSpaces();
      out.append('\n');
    }
  }

  private void breakLines(int count) {
    pendingBreaks = Math.max(pendingBreaks, count);
  }

  private void flushBreaks() {
    if (pendingBreaks == 0) {
      return;
    }
    if (!out.isEmpty()) {
      stripTrailingSpaces();
      int have = 0;
      for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n' && have < pendingBreaks; i--) {
        have++;
      }
      out.append("\n".repeat(pendingBreaks - have));
    }
    pendingBreaks = 0;
  }

  private boolean endsWith(String suffix) {
    return out.length() >= suffix.length() && out.substring(out.length() - suffix.length()).equals(suffix);
  }

  private void stripTrailingSpaces() {
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    out.setLength(end);
  }

  static String decode(String text) {
    int amp = text.indexOf('&');
    if (amp < 0) {
      return text;
    }
    StringBuilder decoded = new StringBuilder(text.length());
    int i = 0;
    while (amp >= 0) {
      decoded.append(text, i, amp);
      int semicolon = text.indexOf(';', amp);
      String entity = semicolon > amp && semicolon - amp <= 10 ? text.substring(amp + 1, semicolon) : null;
      String value = entity == null ? null : entity(entity);
      if (value == null) {
        decoded.append('&');
        i = amp + 1;
      } else {
        decoded.append(value);
        i = semicolon + 1;
      }
      amp = text.indexOf('&', i);
    }
    return decoded.append(text, i, text.length()).toString();
  }

  private static String entity(String name) {
    if (name.startsWith("#")) {
      try {
        int codePoint = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
            ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
        return Character.isValidCodePoint(codePoint) && codePoint != 0 ? Character.toString(codePoint) : null;
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return ENTITIES.get(name);
  }
}
