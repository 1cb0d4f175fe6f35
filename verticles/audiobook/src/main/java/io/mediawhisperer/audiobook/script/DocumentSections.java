package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.text.PageText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A document's pages as sections: cleaned with the shared {@link PageText} (running headers,
 * footers and page numbers gone, hyphenation joined, lines made paragraphs), code and tables
 * announced ({@link TextBlocks}), then cut where a chapter starts:
 * <ol>
 *   <li>at the outline's bookmarks, from its top level (or the level under it when the top holds
 *       one bookmark only, usually the book's own title); a bookmark's chapter starts at the
 *       paragraph on its page (or the next) that reads like its title, else at the first
 *       paragraph of its page;</li>
 *   <li>else at the {@link Headings} found in the text;</li>
 *   <li>else every {@link ListeningScript.Settings#pagesPerChapter()} pages.</li>
 * </ol>
 * Text before the first chapter is the opening, titled with the book's title.
 */
final class DocumentSections {

  private static final String OPENING = "Opening";
  private static final int MAX_TITLE_CHARS = 120;
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern LEADING_NUMBER = Pattern.compile("^(?:\\d+(?: \\d+)*|[ivxlc]+) ");

  /** A paragraph and the page it starts on. */
  private record Para(int page, String text) {
  }

  /** Where a chapter starts: its first paragraph, and whether that paragraph is its heading (dropped) or carries one in front (cut off). */
  private record Start(int paragraph, String title, boolean headingParagraph, String rest) {
  }

  private DocumentSections() {
  }

  static List<Section> of(SourceText source, ListeningScript.Settings settings) {
    List<PageIn> pages = source.pages().stream().sorted(Comparator.comparingInt(PageIn::number)).toList();
    if (pages.isEmpty()) {
      return List.of();
    }
    List<String> announced = PageText.removeRunningLines(pages.stream().map(PageIn::text).toList()).stream()
        .map(TextBlocks::announce).toList();
    List<Para> paras = PageText.reflow(announced).stream()
        .map(p -> new Para(pages.get(p.page() - 1).number(), p.text()))
        .toList();
    if (paras.isEmpty()) {
      return List.of();
    }
    List<OutlineEntry> entries = outlineLevel(source.outline(), pages);
    if (!entries.isEmpty()) {
      String bookTitle = bookTitle(source.outline(), entries);
      return cut(paras, locate(entries, paras), openingTitle(bookTitle, source.title(), paras), settings);
    }
    List<Integer> headings = Headings.find(paras.stream().map(Para::text).toList());
    if (!headings.isEmpty()) {
      List<Start> starts = headings.stream()
          .map(i -> new Start(i, Headings.title(paras.get(i).text()), true, null))
          .toList();
      return cut(paras, starts, openingTitle(null, source.title(), paras), settings);
    }
    return byPages(paras, pages, source.title(), settings);
  }

  /** The bookmarks chapters follow, or none when the outline gives fewer than two. */
  private static List<OutlineEntry> outlineLevel(List<OutlineEntry> outline, List<PageIn> pages) {
    int first = pages.getFirst().number();
    int last = pages.getLast().number();
    List<OutlineEntry> valid = outline.stream()
        .filter(e -> !e.title().isBlank() && e.pageNumber() >= first && e.pageNumber() <= last && e.level() >= 1)
        .toList();
    if (valid.isEmpty()) {
      return List.of();
    }
    int top = valid.stream().mapToInt(OutlineEntry::level).min().orElseThrow();
    List<OutlineEntry> topLevel = valid.stream().filter(e -> e.level() == top).toList();
    if (topLevel.size() >= 2) {
      return topLevel;
    }
    int next = valid.stream().mapToInt(OutlineEntry::level).filter(level -> level > top).min().orElse(-1);
    List<OutlineEntry> nextLevel = valid.stream().filter(e -> e.level() == next).toList();
    return nextLevel.size() >= 2 ? nextLevel : List.of();
  }

  /** The single top-level bookmark when the chapters come from the level under it: the book's title. */
  private static String bookTitle(List<OutlineEntry> outline, List<OutlineEntry> chosen) {
    int level = chosen.getFirst().level();
    return outline.stream().filter(e -> e.level() < level && !e.title().isBlank()).map(OutlineEntry::title)
        .findFirst().orElse(null);
  }

  /**
   * The book's title: the outline's, else the source's, else the document's first paragraph when
   * it reads like a title (a few words, no sentence, no link), else {@code "Opening"}.
   */
  private static String openingTitle(String bookTitle, String sourceTitle, List<Para> paras) {
    if (bookTitle != null && !bookTitle.isBlank()) {
      return bookTitle.strip();
    }
    if (sourceTitle != null && !sourceTitle.isBlank()) {
      return sourceTitle.strip();
    }
    String first = Headings.title(paras.getFirst().text());
    boolean titleLike = first.split("\\s+").length <= Headings.MAX_WORDS && first.length() <= MAX_TITLE_CHARS
        && !first.matches(".*[.,;:!?]$") && !first.contains("://") && !first.contains("@")
        && first.codePoints().anyMatch(Character::isLetter) && !Announcements.is(first);
    return titleLike ? first : OPENING;
  }

  /** Where each bookmark's chapter starts, in order; bookmarks that point back before the previous one are left out. */
  private static List<Start> locate(List<OutlineEntry> entries, List<Para> paras) {
    List<Start> starts = new ArrayList<>();
    int cursor = 0;
    int lastPage = 0;
    for (OutlineEntry entry : entries) {
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

  /** Sections between the starts, with the opening before the first. */
  private static List<Section> cut(List<Para> paras, List<Start> starts, String openingTitle,
      ListeningScript.Settings settings) {
    List<Section> sections = new ArrayList<>();
    int firstStart = starts.isEmpty() ? paras.size() : starts.getFirst().paragraph();
    if (firstStart > 0) {
      // even a title page alone (its one paragraph, the title, spoken as the opening's title) opens the book
      sections.add(Section.opening(openingTitle, speak(paras.subList(0, firstStart), openingTitle, settings)));
    }
    for (int k = 0; k < starts.size(); k++) {
      Start start = starts.get(k);
      int end = k + 1 < starts.size() ? starts.get(k + 1).paragraph() : paras.size();
      List<Para> body = new ArrayList<>();
      if (start.paragraph() < end) {
        Para first = paras.get(start.paragraph());
        if (start.rest() != null) {
          body.add(new Para(first.page(), start.rest()));
        } else if (!start.headingParagraph()) {
          body.add(first);
        }
        body.addAll(paras.subList(start.paragraph() + 1, end));
      }
      sections.add(Section.titled(start.title(), speak(body, start.title(), settings)));
    }
    return sections;
  }

  /** Every N pages a section (N grown so that there are at most {@link ListeningScript.Settings#maxChapters()}). */
  private static List<Section> byPages(List<Para> paras, List<PageIn> pages, String sourceTitle,
      ListeningScript.Settings settings) {
    int first = pages.getFirst().number();
    int last = pages.getLast().number();
    int count = last - first + 1;
    int per = Math.max(settings.pagesPerChapter(), (count + settings.maxChapters() - 1) / settings.maxChapters());
    if (count <= per) {
      // one group: the book is one chapter, under its title
      String title = openingTitle(null, sourceTitle, paras);
      return List.of(Section.opening(title, speak(paras, title, settings)));
    }
    List<Section> sections = new ArrayList<>();
    int index = 0;
    for (int from = first; from <= last; from += per) {
      int to = Math.min(last, from + per - 1);
      List<Para> group = new ArrayList<>();
      while (index < paras.size() && paras.get(index).page() <= to) {
        group.add(paras.get(index++));
      }
      sections.add(Section.pages(from, to, speak(group, null, settings)));
    }
    return sections;
  }

  /**
   * The paragraphs made speakable and cut to the engine's size; a first paragraph that only repeats
   * the title (spoken anyway) and an announcement right after the same one are left out.
   */
  private static List<String> speak(List<Para> paras, String title, ListeningScript.Settings settings) {
    List<String> spoken = new ArrayList<>();
    String titleKey = title == null ? null : normalized(title);
    for (Para para : paras) {
      String text = SpokenText.speakable(para.text());
      if (text.isEmpty() || spoken.isEmpty() && titleKey != null && normalized(text).equals(titleKey)) {
        continue;
      }
      if (Announcements.is(text) && !spoken.isEmpty() && spoken.getLast().equals(text)) {
        continue;
      }
      spoken.addAll(SpokenText.split(text, settings.maxParagraphChars()));
    }
    return spoken;
  }

  /** Lower case, words and numbers only, single spaces: {@code "Chapter 2: ASN.1"} is {@code "chapter 2 asn 1"}. */
  static String normalized(String text) {
    return NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  private static String withoutNumber(String normalized) {
    return LEADING_NUMBER.matcher(normalized).replaceFirst("");
  }
}
