package io.mediawhisperer.audiobook.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A paragraph as a speech engine should get it: things that read badly aloud replaced by what a
 * person reading to someone would say, and long paragraphs cut at sentence ends.
 * <ul>
 *   <li>a web address becomes {@code "(link to example.com)"}; a Markdown link {@code [text](url)}
 *       its text;</li>
 *   <li>an e-mail address {@code help@gnu.org} becomes {@code "help at gnu dot org"}, a list of
 *       them {@code {gal,eich}@mozilla.com} {@code "(addresses at mozilla dot com)"};</li>
 *   <li>a run of nine digits or more becomes {@code "(a long number)"}, a hexadecimal string of
 *       sixteen characters or more (a hash, a key) {@code "(a long code)"};</li>
 *   <li>bullets and Markdown marks (headings' {@code #}, emphasis, inline code's backticks) go;
 *       {@code "!!!"} is {@code "!"}, rules such as {@code "-----"} or {@code "****"} go, and so do
 *       dot leaders;</li>
 *   <li>a paragraph that ends without punctuation (a heading) gets a full stop, for the pause;</li>
 *   <li>a paragraph longer than the limit is cut between sentences (or, for a sentence longer
 *       than the limit, between clauses, then words).</li>
 * </ul>
 */
final class SpokenText {

  private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[([^\\]\\n]{1,300})]\\((?:https?://|www\\.|/|#)[^)\\s]*\\)");
  /** A web address, without the punctuation that ends the sentence after it; group 1 is its host (and port). */
  private static final Pattern URL = Pattern.compile("<?\\b(?:(?:https?|ftp)://|www\\.)"
      + "([^\\s/<>\"'()\\[\\]]*[^\\s/<>\"'()\\[\\].,;:!?])(?:[/?#][^\\s<>\"]*[^\\s<>\".,;:!?)])?/?>?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern EMAIL = Pattern.compile("\\b([\\w.+-]+)@([\\w-]+(?:\\.[\\w-]+)+)\\b");
  private static final Pattern LONG_DIGITS = Pattern.compile("\\b\\d{9,}\\b");
  private static final Pattern LONG_HEX = Pattern.compile("\\b(?=[0-9a-fA-F]{16})(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{16,}\\b");
  private static final Pattern HEADING_MARKS = Pattern.compile("^#{1,6}\\s+");
  private static final Pattern BULLET = Pattern.compile("^(?:[•◦▪▫●○■□‣⁃∙·*+]|[-–—](?=\\s))\\s*");
  private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|`+)(?=\\S)(.+?)(?<=\\S)\\1");
  private static final Pattern RULE = Pattern.compile("([-=_*~#+])\\1{2,}");
  private static final Pattern DOT_LEADER = Pattern.compile("(?:\\s?\\.){4,}");
  private static final Pattern REPEATED_MARK = Pattern.compile("([!?,;:])\\1+");
  private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\n\\t]]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern SPACE_BEFORE_MARK = Pattern.compile("\\s+([.,;:!?])(?=\\s|$)");
  /** {@code {gal,brendan}@mozilla.com}, the way papers list their authors' addresses. */
  private static final Pattern EMAIL_GROUP = Pattern.compile("\\{[^{}\\n]{1,500}}@([\\w-]+(?:\\.[\\w-]+)+)\\b");
  private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?…][\"'”’)\\]]?)\\s+(?=[\\p{Lu}\\p{N}\"'“‘(\\[])");
  private static final Pattern CLAUSE_BREAK = Pattern.compile("(?<=[,;:—–])\\s+");

  private SpokenText() {
  }

  /** The paragraph made fit to speak; empty when nothing in it can be spoken (symbols only). */
  static String speakable(String paragraph) {
    String text = INVISIBLE.matcher(paragraph).replaceAll("");
    text = HEADING_MARKS.matcher(text.strip()).replaceFirst("");
    text = BULLET.matcher(text).replaceFirst("");
    // the costlier patterns only where their first character is
    if (text.indexOf('[') >= 0) {
      text = MARKDOWN_LINK.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
    }
    if (text.contains("://") || text.toLowerCase(Locale.ROOT).contains("www.")) {
      text = URL.matcher(text).replaceAll(match -> Matcher.quoteReplacement("(link to " + host(match.group(1)) + ")"));
    }
    if (text.indexOf('@') >= 0) {
      text = EMAIL_GROUP.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
          "(addresses at " + match.group(1).replace(".", " dot ") + ")"));
      text = EMAIL.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
          match.group(1) + " at " + match.group(2).replace(".", " dot ")));
    }
    if (text.chars().anyMatch(Character::isDigit)) {
      text = LONG_DIGITS.matcher(text).replaceAll("(a long number)");
      text = LONG_HEX.matcher(text).replaceAll("(a long code)");
    }
    if (text.indexOf('*') >= 0 || text.indexOf('_') >= 0 || text.indexOf('`') >= 0) {
      text = EMPHASIS.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(2)));
    }
    text = DOT_LEADER.matcher(text).replaceAll(" ");
    text = RULE.matcher(text).replaceAll(" ");
    text = REPEATED_MARK.matcher(text).replaceAll("$1");
    text = SPACES.matcher(text).replaceAll(" ").strip();
    text = SPACE_BEFORE_MARK.matcher(text).replaceAll("$1");
    if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return "";
    }
    int last = text.codePointBefore(text.length());
    return Character.isLetterOrDigit(last) ? text + "." : text;
  }

  /** A title as a paragraph: {@code "Article I – Article 5"} is spoken {@code "Article I to Article 5."}. */
  static String title(String title) {
    return speakable(title.replace(" – ", " to "));
  }

  /** The paragraph in pieces of at most {@code maxChars}, cut between sentences where it can be. */
  static List<String> split(String paragraph, int maxChars) {
    if (paragraph.length() <= maxChars) {
      return List.of(paragraph);
    }
    List<String> pieces = new ArrayList<>();
    pack(SENTENCE_BREAK.split(paragraph), maxChars, pieces, 0);
    return pieces;
  }

  /**
   * Packs parts into pieces of at most {@code maxChars}; a part too long for one is cut by clauses,
   * else by words, else (a "word" of thousands of characters) by characters.
   */
  private static void pack(String[] parts, int maxChars, List<String> pieces, int depth) {
    StringBuilder piece = new StringBuilder();
    for (String part : parts) {
      if (part.length() > maxChars) {
        flush(piece, pieces);
        cut(part, maxChars, pieces, depth);
        continue;
      }
      if (!piece.isEmpty() && piece.length() + 1 + part.length() > maxChars) {
        flush(piece, pieces);
      }
      piece.append(piece.isEmpty() ? "" : " ").append(part);
    }
    flush(piece, pieces);
  }

  private static void cut(String part, int maxChars, List<String> pieces, int depth) {
    for (int level = depth; level < 2; level++) {
      String[] smaller = (level == 0 ? CLAUSE_BREAK : SPACES).split(part);
      if (smaller.length > 1) {
        pack(smaller, maxChars, pieces, level + 1);
        return;
      }
    }
    for (int start = 0; start < part.length(); start += maxChars) {
      pieces.add(part.substring(start, Math.min(part.length(), start + maxChars)));
    }
  }

  private static void flush(StringBuilder piece, List<String> pieces) {
    if (!piece.isEmpty()) {
      pieces.add(piece.toString());
      piece.setLength(0);
    }
  }

  /** {@code www.Example.com:8080} as {@code example.com}. */
  private static String host(String authority) {
    String host = authority.toLowerCase(Locale.ROOT);
    int at = host.lastIndexOf('@');
    if (at >= 0) {
      host = host.substring(at + 1);
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    while (host.endsWith(".") || host.endsWith(",")) {
      host = host.substring(0, host.length() - 1);
    }
    return host;
  }
}
