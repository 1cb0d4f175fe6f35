package io.mediawhisperer.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the running headers, footers and page numbers of a document's pages and removes them.
 * Only the first and last {@link #EDGE_LINES} non-blank lines of a page are looked at: that is
 * where PDF producers put them (PDFBox reads a page in content-stream order, and headers and
 * footers are drawn first or last). An edge line goes when it is
 * <ol>
 *   <li>a page marker: a bare number, a roman numeral, {@code Page 3}, {@code Page 3 of 10},
 *       {@code 3 / 10}, {@code - 3 -};</li>
 *   <li>repeated: the same line, ignoring case, spacing and digits ({@code "Chapter 7: Reading
 *       data from files 35"} and {@code "... 36"} are one line), at the same edge of at least
 *       {@link #MIN_REPEATS} pages;</li>
 *   <li>numbered like the page: a short line that starts or ends with a number that is the page's
 *       index plus the offset most edge lines of the document share (printed page 35 on the
 *       39th page), for headers whose chapter title changes too often to repeat.</li>
 * </ol>
 * A heading label such as {@code "Article 6"} or {@code "Chapter 3"} is never taken for a running
 * line by rules 2 and 3, though it may open several pages; and each edge of a page gives up at
 * most one line to the page number (rules 1 and 3), so a chapter that starts on printed page 2
 * with the heading {@code "2 Structure"} under the page number {@code "2"} keeps its heading.
 */
final class RunningLines {

  /** Lines at the top and at the bottom of a page that may be running lines. */
  static final int EDGE_LINES = 2;
  /** Pages a line must open (or close) to be a running header (or footer). */
  static final int MIN_REPEATS = 3;
  /** Words a line numbered like the page may have besides its number: a header, not a sentence. */
  private static final int MAX_NUMBERED_WORDS = 12;

  /** A lower-case roman numeral (front matter); upper-case ones alone on a line are too often words ("I", "DC"). */
  private static final String ROMAN = "(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})";
  private static final Pattern PAGE_MARKER = Pattern.compile(
      "(?:(?iu:page|p\\.|pg\\.|seite|página|pagina)\\s*)?[-–—\\[(]?\\s*(?:\\d{1,5}|" + ROMAN + ")\\s*[-–—\\])]?"
          + "(?:\\s*(?iu:of|/|von|de|sur)\\s*\\d{1,5})?");
  private static final Pattern EDGE_NUMBER = Pattern.compile("^(\\d{1,5})\\b|\\b(\\d{1,5})$");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** A word and a number alone: a heading label that may open several pages without being a header. */
  private static final Pattern HEADING_LABEL = Pattern.compile("\\p{L}+\\.? #\\.?");

  private RunningLines() {
  }

  /** The pages with their running lines removed; every other line, blank ones included, kept as it was. */
  static List<String> remove(List<String> pages) {
    List<Page> read = new ArrayList<>(pages.size());
    for (int i = 0; i < pages.size(); i++) {
      read.add(new Page(i + 1, pages.get(i) == null ? "" : pages.get(i)));
    }
    Map<String, Set<Integer>> tops = new HashMap<>();
    Map<String, Set<Integer>> bottoms = new HashMap<>();
    Map<Integer, Set<Integer>> offsets = new HashMap<>();
    for (Page page : read) {
      for (int index : page.top) {
        tops.computeIfAbsent(key(page.lines[index]), k -> new HashSet<>()).add(page.number);
      }
      for (int index : page.bottom) {
        bottoms.computeIfAbsent(key(page.lines[index]), k -> new HashSet<>()).add(page.number);
      }
      for (int index : page.edges()) {
        Integer number = edgeNumber(page.lines[index]);
        if (number != null) {
          offsets.computeIfAbsent(number - page.number, k -> new HashSet<>()).add(page.number);
        }
      }
    }
    Integer offset = dominantOffset(offsets);
    List<String> cleaned = new ArrayList<>(read.size());
    for (Page page : read) {
      Set<Integer> drop = new HashSet<>();
      mark(page, page.top, tops, offset, drop);
      mark(page, page.bottom.reversed(), bottoms, offset, drop);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < page.lines.length; i++) {
        if (!drop.contains(i)) {
          if (!text.isEmpty()) {
            text.append('\n');
          }
          text.append(page.lines[i]);
        }
      }
      cleaned.add(text.toString().strip());
    }
    return cleaned;
  }

  /** Marks the running lines of one edge, from the outside in. */
  private static void mark(Page page, List<Integer> edge, Map<String, Set<Integer>> repeats, Integer offset,
      Set<Integer> drop) {
    boolean pageNumberSeen = false;
    for (int index : edge) {
      String line = page.lines[index].strip();
      String key = key(line);
      boolean label = HEADING_LABEL.matcher(key).matches() && !isPageMarker(line);
      if (!pageNumberSeen && isPageMarker(line)) {
        drop.add(index);
        pageNumberSeen = true;
      } else if (!label && repeats.getOrDefault(key, Set.of()).size() >= MIN_REPEATS) {
        drop.add(index);
        pageNumberSeen |= edgeNumber(line) != null;
      } else if (!label && !pageNumberSeen && offset != null && numberedLikePage(line, page.number + offset)) {
        drop.add(index);
        pageNumberSeen = true;
      }
    }
  }

  static boolean isPageMarker(String line) {
    return PAGE_MARKER.matcher(line.strip()).matches();
  }

  private static boolean numberedLikePage(String line, int printed) {
    Integer number = edgeNumber(line);
    return number != null && number == printed && words(line) <= MAX_NUMBERED_WORDS + 1;
  }

  /** The offset from page index to printed page number that at least {@link #MIN_REPEATS} pages agree on. */
  private static Integer dominantOffset(Map<Integer, Set<Integer>> offsets) {
    Integer best = null;
    int votes = MIN_REPEATS - 1;
    for (Map.Entry<Integer, Set<Integer>> entry : offsets.entrySet()) {
      if (entry.getValue().size() > votes) {
        votes = entry.getValue().size();
        best = entry.getKey();
      }
    }
    return best;
  }

  private static Integer edgeNumber(String line) {
    Matcher matcher = EDGE_NUMBER.matcher(line.strip());
    if (!matcher.find()) {
      return null;
    }
    String digits = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    return Integer.parseInt(digits);
  }

  /** The line as compared across pages: lower case, digits as {@code #}, single spaces. */
  static String key(String line) {
    String lower = line.strip().toLowerCase(Locale.ROOT);
    return SPACES.matcher(DIGITS.matcher(lower).replaceAll("#")).replaceAll(" ");
  }

  private static int words(String line) {
    String stripped = line.strip();
    return stripped.isEmpty() ? 0 : SPACES.split(stripped).length;
  }

  /** A page's lines and which of them are its top and bottom edge lines (indices, outermost first for the top). */
  private static final class Page {
    final int number;
    final String[] lines;
    final List<Integer> top = new ArrayList<>();
    final List<Integer> bottom = new ArrayList<>();

    Page(int number, String text) {
      this.number = number;
      this.lines = text.split("\n", -1);
      List<Integer> nonBlank = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          nonBlank.add(i);
        }
      }
      int edge = Math.min(EDGE_LINES, nonBlank.size());
      top.addAll(nonBlank.subList(0, edge));
      // a short page's lines are top lines only: a two-line page has no separate footer to find
      for (int i = Math.max(edge, nonBlank.size() - EDGE_LINES); i < nonBlank.size(); i++) {
        bottom.add(nonBlank.get(i));
      }
    }

    List<Integer> edges() {
      List<Integer> all = new ArrayList<>(top);
      all.addAll(bottom);
      return all;
    }
  }
}
