package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.Passage;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a sentence appears in an answer: in double quotes, verbatim but for whitespace, followed
 * by where it comes from and its marker. Two liberties are taken, both so that the quote cannot
 * mislead: a sentence over {@link #MAX_CHARS} characters is cut at a word with an ellipsis, and
 * bracketed numbers inside it that name one of the request's passages ("as shown in [3]", a
 * paper's own references) become parenthesised, so that nobody, and no citation parser,
 * mistakes them for citations of the user's sources.
 */
final class Quotes {

  static final int MAX_CHARS = 350;
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** What {@link io.mediawhisperer.spi.chat.Citations} reads as a marker group. */
  private static final Pattern MARKER_LIKE = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

  private Quotes() {
  }

  /** {@code "text" (Title, p. 3) [n]}; {@code markers} are those of the request's passages. */
  static String of(Sentence sentence, Set<Integer> markers) {
    return "\"" + text(sentence.text(), markers) + "\" (" + where(sentence.passage(), markers) + ") ["
        + sentence.passage().marker() + "]";
  }

  static String text(String sentence, Set<Integer> markers) {
    String text = unmarked(SPACES.matcher(sentence).replaceAll(" ").strip(), markers);
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    int cut = text.lastIndexOf(' ', MAX_CHARS);
    if (cut < MAX_CHARS / 2) {
      cut = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    }
    return text.substring(0, cut).stripTrailing() + " …";
  }

  /** The source and locator as a reader finds them: "Title, p. 3", "Title, 12:05" or just "Title". */
  static String where(Passage passage, Set<Integer> markers) {
    String title = passage.sourceTitle() == null || passage.sourceTitle().isBlank()
        ? "untitled source" : SPACES.matcher(passage.sourceTitle()).replaceAll(" ").strip();
    String locator = passage.locator() == null || passage.locator().isBlank() ? null : passage.locator().strip();
    return unmarked(locator == null ? title : title + ", " + locator, markers);
  }

  /** {@code text} with each bracketed group that names a passage in parentheses instead. */
  private static String unmarked(String text, Set<Integer> markers) {
    Matcher m = MARKER_LIKE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      boolean namesAPassage = false;
      for (String n : m.group(1).split(",")) {
        namesAPassage |= markers.contains(Integer.parseInt(n.trim()));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(namesAPassage ? "(" + m.group(1) + ")" : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
