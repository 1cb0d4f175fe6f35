package io.mediawhisperer.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a document's parts start, found from its outline (bookmarks) or, without one, from the
 * headings in its text: the audiobook cuts its chapters there and a summary gives each part its
 * sentences, so both must agree on what the parts are.
 *
 * <ol>
 *   <li>The bookmarks of the outline's top level are followed (or the level under it when the top
 *       holds one bookmark only, usually the book's own title); a bookmark's part starts at the
 *       paragraph on its page (or the next) that reads like its title, else at the first paragraph
 *       of its page.</li>
 *   <li>Else the {@link Headings} found in the paragraphs.</li>
 * </ol>
 */
public final class Outline {

  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern LEADING_NUMBER = Pattern.compile("^(?:\\d+(?: \\d+)*|[ivxlc]+) ");

  /** A bookmark of a PDF's outline: its title, the page it opens (from 1) and its depth (1 for the top). */
  public record Bookmark(String title, int pageNumber, int level) {

    public Bookmark {
      title = title == null ? "" : title.strip();
    }
  }

  /**
   * Where a part starts: its first paragraph, and whether that paragraph is its heading (to be
   * dropped) or carries the heading in front of its text ({@code rest} is the text after it).
   */
  public record Start(int paragraph, String title, boolean headingParagraph, String rest) {
  }

  private Outline() {
  }

  /**
   * The parts of a document whose paragraphs (page numbers as in the bookmarks) are given: from the
   * bookmarks when they give at least two, else from the headings; empty when it has neither.
   */
  public static List<Start> starts(List<Bookmark> outline, List<PageText.Paragraph> paragraphs) {
    if (paragraphs.isEmpty()) {
      return List.of();
    }
    List<Bookmark> followed = followedLevel(outline, paragraphs.getFirst().page(), paragraphs.getLast().page());
    if (!followed.isEmpty()) {
      return locate(followed, paragraphs);
    }
    return headings(paragraphs);
  }

  /** The parts that the headings in the text start; empty when there are fewer than two. */
  public static List<Start> headings(List<PageText.Paragraph> paragraphs) {
    return Headings.find(paragraphs.stream().map(PageText.Paragraph::text).toList()).stream()
        .map(i -> new Start(i, Headings.title(paragraphs.get(i).text()), true, null))
        .toList();
  }

  /** The bookmarks that parts follow, among those on pages {@code first} to {@code last}; none when they would be fewer than two. */
  public static List<Bookmark> followedLevel(List<Bookmark> outline, int first, int last) {
    List<Bookmark> valid = outline.stream()
        .filter(e -> !e.title().isBlank() && e.pageNumber() >= first && e.pageNumber() <= last && e.level() >= 1)
        .toList();
    if (valid.isEmpty()) {
      return List.of();
    }
    int top = valid.stream().mapToInt(Bookmark::level).min().orElseThrow();
    List<Bookmark> topLevel = valid.stream().filter(e -> e.level() == top).toList();
    if (topLevel.size() >= 2) {
      return topLevel;
    }
    int next = valid.stream().mapToInt(Bookmark::level).filter(level -> level > top).min().orElse(-1);
    List<Bookmark> nextLevel = valid.stream().filter(e -> e.level() == next).toList();
    return nextLevel.size() >= 2 ? nextLevel : List.of();
  }

  /** The single top-level bookmark when the parts come from the level under it: the book's title; else null. */
  public static String bookTitle(List<Bookmark> outline, List<Bookmark> followed) {
    int level = followed.getFirst().level();
    return outline.stream().filter(e -> e.level() < level && !e.title().isBlank()).map(Bookmark::title)
        .findFirst().orElse(null);
  }

  /** Where each bookmark's part starts, in order; bookmarks that point back before the previous one are left out. */
  public static List<Start> locate(List<Bookmark> entries, List<PageText.Paragraph> paras) {
    List<Start> starts = new ArrayList<>();
    int cursor = 0;
    int lastPage = 0;
    for (Bookmark entry : entries) {
      if (entry.pageNumber() < lastPage) {
        continue;
      }
      lastPage = entry.pageNumber();
      String wanted = normalized(entry.title());
      Start start = null;
      for (int i = cursor; i < paras.size() && paras.get(i).page() <= entry.pageNumber() + 1; i++) {
        if (paras.get(i).page() >= entry.pageNumber()) {
          start = headingAt(i, paras.get(i).text(), entry.title(), wanted);
          if (start != null) {
            break;
          }
        }
      }
      if (start == null) {
        int i = cursor;
        while (i < paras.size() && paras.get(i).page() < entry.pageNumber()) {
          i++;
        }
        start = new Start(i, entry.title(), false, null);
        cursor = i;
      } else {
        cursor = start.paragraph() + 1;
      }
      starts.add(start);
    }
    return starts;
  }

  /** The start a bookmark has at this paragraph when the paragraph is its heading or begins with it; else null. */
  private static Start headingAt(int index, String paragraph, String title, String wanted) {
    String have = normalized(paragraph);
    if (wanted.isEmpty()) {
      return null;
    }
    if (have.equals(wanted) || withoutNumber(have).equals(withoutNumber(wanted)) && !withoutNumber(wanted).isEmpty()) {
      return new Start(index, title, true, null);
    }
    if (have.startsWith(wanted + " ") && wanted.length() >= 3) {
      String[] words = paragraph.strip().split("\\s+");
      StringBuilder prefix = new StringBuilder();
      for (int w = 0; w < words.length; w++) {
        prefix.append(prefix.isEmpty() ? "" : " ").append(words[w]);
        if (normalized(prefix.toString()).equals(wanted)) {
          String rest = String.join(" ", List.of(words).subList(w + 1, words.length));
          return new Start(index, title, false, rest);
        }
      }
    }
    return null;
  }

  /** Lower case, words and numbers only, single spaces: {@code "Chapter 2: ASN.1"} is {@code "chapter 2 asn 1"}. */
  public static String normalized(String text) {
    return NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  private static String withoutNumber(String normalized) {
    return LEADING_NUMBER.matcher(normalized).replaceFirst("");
  }
}
