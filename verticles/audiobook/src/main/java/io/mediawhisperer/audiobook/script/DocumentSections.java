package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.text.Headings;
import io.mediawhisperer.text.Outline;
import io.mediawhisperer.text.Outline.Start;
import io.mediawhisperer.text.PageText;
import io.mediawhisperer.text.PageText.Paragraph;
import io.mediawhisperer.text.TextBlocks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A document's pages as sections: cleaned with the shared {@link PageText} (running headers,
 * footers and page numbers gone, hyphenation joined, lines made paragraphs), code and tables
 * announced ({@link io.mediawhisperer.text.TextBlocks}), then cut where a chapter starts:
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

  private DocumentSections() {
  }

  static List<Section> of(SourceText source, ListeningScript.Settings settings) {
    List<PageIn> pages = source.pages().stream().sorted(Comparator.comparingInt(PageIn::number)).toList();
    if (pages.isEmpty()) {
      return List.of();
    }
    List<String> announced = PageText.removeRunningLines(pages.stream().map(PageIn::text).toList()).stream()
        .map(TextBlocks::announce).toList();
    List<Paragraph> paras = PageText.reflow(announced).stream()
        .map(p -> new Paragraph(pages.get(p.page() - 1).number(), p.text()))
        .toList();
    if (paras.isEmpty()) {
      return List.of();
    }
    List<Outline.Bookmark> outline = source.outline().stream()
        .map(e -> new Outline.Bookmark(e.title(), e.pageNumber(), e.level())).toList();
    List<Outline.Bookmark> entries = Outline.followedLevel(outline, pages.getFirst().number(), pages.getLast().number());
    if (!entries.isEmpty()) {
      String bookTitle = Outline.bookTitle(outline, entries);
      return cut(paras, Outline.locate(entries, paras), openingTitle(bookTitle, source.title(), paras), settings);
    }
    List<Start> starts = Outline.headings(paras);
    if (!starts.isEmpty()) {
      return cut(paras, starts, openingTitle(null, source.title(), paras), settings);
    }
    return byPages(paras, pages, source.title(), settings);
  }

  /**
   * The book's title: the outline's, else the source's, else the document's first paragraph when
   * it reads like a title (a few words, no sentence, no link), else {@code "Opening"}.
   */
  private static String openingTitle(String bookTitle, String sourceTitle, List<Paragraph> paras) {
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

  /** Sections between the starts, with the opening before the first. */
  private static List<Section> cut(List<Paragraph> paras, List<Start> starts, String openingTitle,
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
      List<Paragraph> body = new ArrayList<>();
      if (start.paragraph() < end) {
        Paragraph first = paras.get(start.paragraph());
        if (start.rest() != null) {
          body.add(new Paragraph(first.page(), start.rest()));
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
  private static List<Section> byPages(List<Paragraph> paras, List<PageIn> pages, String sourceTitle,
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
      List<Paragraph> group = new ArrayList<>();
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
  private static List<String> speak(List<Paragraph> paras, String title, ListeningScript.Settings settings) {
    List<String> spoken = new ArrayList<>();
    String titleKey = title == null ? null : normalized(title);
    for (Paragraph para : paras) {
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
    return Outline.normalized(text);
  }
}
