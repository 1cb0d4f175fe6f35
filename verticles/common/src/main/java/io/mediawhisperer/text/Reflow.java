package io.mediawhisperer.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lines back into paragraphs. A PDF's text comes as the lines the page was set in; a reader
 * (and a listener) wants paragraphs. The rules, kept simple on purpose:
 * <ul>
 *   <li>a blank line ends a paragraph;</li>
 *   <li>a line that stops well short of the document's full line width ({@link #SHORT_LINE} of
 *       it) ends a paragraph: set text fills its lines up to the margin except the last one, and
 *       a heading is a short line too;</li>
 *   <li>a short line that starts with a capital letter or a digit right after a line that ends a
 *       sentence starts a paragraph of its own (a heading under a full last line);</li>
 *   <li>a bullet ({@code •}, {@code -}, {@code *}, ...) starts a paragraph;</li>
 *   <li>otherwise lines are joined with a space, and a word broken at a line end is joined: when
 *       the line ends with a hyphen between lower-case letters and the next line starts with a
 *       lower-case letter, the hyphen goes ({@code "informa-" + "tion"} is {@code information});
 *       any other hyphen at a line end is kept and the lines are joined without a space
 *       ({@code "Gal-" + "Eich"}). Without a dictionary a compound broken at its own hyphen
 *       ({@code "well-" + "known"}) loses the hyphen; that costs a listener nothing.</li>
 * </ul>
 * The full line width is the 80th percentile of the document's line lengths, so one page of short
 * lines (a list, a title page) does not change what a full line is elsewhere. Text whose full
 * lines are longer than {@link #UNWRAPPED_WIDTH} was never wrapped (a paragraph per line, as in
 * chat messages and notes; a printed line holds 60 to 100 characters): each of its lines is a
 * paragraph.
 */
final class Reflow {

  /** A line shorter than this share of the full width ends its paragraph. */
  static final double SHORT_LINE = 0.7;
  private static final double FULL_WIDTH_PERCENTILE = 0.8;
  /** Full lines longer than this were not set on a page. */
  static final int UNWRAPPED_WIDTH = 120;
  private static final Pattern BULLET = Pattern.compile("^(?:[•◦▪▫●○■□‣⁃∙·*+]|[-–—](?=\\s))\\s*.*");
  private static final String SENTENCE_MARKS = ".!?:;";
  private static final String CLOSING_MARKS = "\"'”’)]";
  private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");

  private final int fullWidth;

  private Reflow(int fullWidth) {
    this.fullWidth = fullWidth;
  }

  /** A reflow for these pages, whose full line width it measures. */
  static Reflow of(List<String> pages) {
    List<Integer> lengths = new ArrayList<>();
    for (String page : pages) {
      for (String line : lines(page)) {
        if (!line.isEmpty()) {
          lengths.add(line.length());
        }
      }
    }
    if (lengths.isEmpty()) {
      return new Reflow(0);
    }
    int[] sorted = lengths.stream().mapToInt(Integer::intValue).sorted().toArray();
    return new Reflow(sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * FULL_WIDTH_PERCENTILE))]);
  }

  /** The paragraphs of one page, each on one line, in order. */
  List<String> paragraphs(String page) {
    List<String> paragraphs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    String previous = null;
    for (String line : lines(page)) {
      if (line.isEmpty()) {
        flush(current, paragraphs);
        previous = null;
        continue;
      }
      if (previous != null && startsParagraph(previous, line)) {
        flush(current, paragraphs);
      }
      join(current, line);
      previous = line;
    }
    flush(current, paragraphs);
    return paragraphs;
  }

  private boolean startsParagraph(String previous, String line) {
    if (endsWithHyphen(previous)) {
      return false;
    }
    if (BULLET.matcher(line).matches() || fullWidth > UNWRAPPED_WIDTH) {
      return true;
    }
    if (isShort(previous)) {
      return true;
    }
    int first = line.codePointAt(0);
    return endsSentence(previous) && isShort(line)
        && (Character.isUpperCase(first) || Character.isDigit(first));
  }

  private boolean isShort(String line) {
    return line.length() < SHORT_LINE * fullWidth;
  }

  /** Appends a line to a paragraph, joining a word broken at the line end. */
  static void join(StringBuilder paragraph, String line) {
    int length = paragraph.length();
    if (length == 0) {
      paragraph.append(line);
      return;
    }
    char last = paragraph.charAt(length - 1);
    if (last == '\u00AD') {
      paragraph.setLength(length - 1);
      paragraph.append(line);
    } else if (last == '-' && length >= 2 && Character.isLetter(paragraph.charAt(length - 2))) {
      if (Character.isLowerCase(paragraph.charAt(length - 2)) && Character.isLowerCase(line.codePointAt(0))) {
        paragraph.setLength(length - 1);
      }
      paragraph.append(line);
    } else {
      paragraph.append(' ').append(line);
    }
  }

  /** Whether the text ends with {@code . ! ? : ;}, perhaps followed by closing quotes or brackets. */
  static boolean endsSentence(String text) {
    int i = text.length() - 1;
    while (i >= 0 && CLOSING_MARKS.indexOf(text.charAt(i)) >= 0) {
      i--;
    }
    return i >= 0 && SENTENCE_MARKS.indexOf(text.charAt(i)) >= 0;
  }

  private static boolean endsWithHyphen(String line) {
    char last = line.charAt(line.length() - 1);
    return last == '\u00AD' || last == '-' && line.length() >= 2 && Character.isLetter(line.charAt(line.length() - 2));
  }

  private static void flush(StringBuilder current, List<String> paragraphs) {
    String text = current.toString().strip();
    if (!text.isEmpty()) {
      paragraphs.add(text);
    }
    current.setLength(0);
  }

  /** The page's lines, stripped, with runs of spaces as one (PDF text spaces words with several). */
  private static List<String> lines(String page) {
    if (page == null || page.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(page.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1))
        .map(line -> SPACES.matcher(line).replaceAll(" ").strip())
        .toList();
  }
}
