package io.mediawhisperer.ingestion;

import io.mediawhisperer.text.Outline;
import io.mediawhisperer.text.PageText;
import io.mediawhisperer.text.TextBlocks;
import io.mediawhisperer.writing.Passages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a source's summary is written from, as the chat model's summarize request
 * ({@code ChatBus.SUMMARIZE}): the source's whole text made fit to write from, not a sample of
 * its chunks (which carry running headers and page numbers glued into their sentences and
 * begin mid-sentence).
 * <ul>
 *   <li>A document: its pages cleaned by the shared {@link PageText} (running headers, footers,
 *       page numbers and hyphenation gone, lines made paragraphs) with code, tables and figures
 *       left out ({@link TextBlocks}), one passage per paragraph ({@code "p. N"}); its parts
 *       ({@link Outline}: the outline's top level, else its headings) as sections, so the summary
 *       follows the document, the same parts its audiobook has as chapters.</li>
 *   <li>A transcript: its sentences, each with the time it starts ({@code "12:05"}), and its
 *       topic {@link TranscriptChapters chapters} as sections; the summary is a short overview,
 *       and the chapters are kept with the source.</li>
 * </ul>
 * The length fits the document: about {@code 40 + 1.4√words} words (60 to 500; a 14-page paper gets
 * about 200), and for a document of many parts 20 words a part, at most 500 words and an eighth of
 * the document's. Pure computation: on a worker thread.
 */
final class SummaryInput {

  static final int MIN_WORDS = 60;
  static final int MAX_WORDS = 500;
  static final int WORDS_PER_PART = 20;
  static final int MAX_WORDS_WITH_PARTS = 500;
  /** A summary never takes more than this share of the document's words. */
  static final int MAX_SHARE_DIVISOR = 8;
  static final int MIN_OVERVIEW_WORDS = 50;
  static final int MAX_OVERVIEW_WORDS = 120;
  private static final Set<String> ANNOUNCEMENTS = Set.of(TextBlocks.CODE, TextBlocks.TABLE, TextBlocks.CONTENTS,
      TextBlocks.FIGURE);

  /** A page as stored. */
  record Page(int number, String text) {
  }

  /** A transcript segment as stored. */
  record Segment(double start, double end, String text) {
  }

  /**
   * The request for a transcript, and its chapters ({@code [{"title", "start", "end"}]}, seconds)
   * to keep with the source.
   */
  record Transcript(JsonObject request, JsonArray chapters) {
  }

  private SummaryInput() {
  }

  /** The summarize request for a document's pages and outline ({@code [{"title", "pageNumber", "level"}]}); null when it has no text. */
  static JsonObject document(String title, List<Page> pages, List<?> outline, int maxPassages) {
    if (pages.isEmpty()) {
      return null;
    }
    List<String> announced = PageText.removeRunningLines(pages.stream().map(Page::text).toList()).stream()
        .map(TextBlocks::announce).toList();
    List<PageText.Paragraph> paragraphs = new ArrayList<>();
    for (PageText.Paragraph p : PageText.reflow(announced)) {
      if (!ANNOUNCEMENTS.contains(p.text().strip())) {
        paragraphs.add(new PageText.Paragraph(pages.get(p.page() - 1).number(), p.text()));
      }
    }
    if (paragraphs.isEmpty()) {
      return null;
    }
    List<Outline.Start> starts = Outline.starts(bookmarks(outline), paragraphs);
    List<String> texts = new ArrayList<>(paragraphs.stream().map(PageText.Paragraph::text).toList());
    for (Outline.Start start : starts) {
      if (start.rest() != null && start.paragraph() < texts.size()) {
        texts.set(start.paragraph(), start.rest()); // the heading in front of the paragraph is not a sentence of it
      }
    }
    // a book of many thousand paragraphs is sampled evenly; a part keeps its start at its first kept paragraph
    int step = Math.max(1, (paragraphs.size() + maxPassages - 1) / maxPassages);
    JsonArray passages = new JsonArray();
    int[] keptIndex = new int[paragraphs.size() + 1];
    for (int i = 0; i < paragraphs.size(); i++) {
      keptIndex[i] = passages.size();
      if (i % step == 0) {
        passages.add(new JsonObject().put("text", texts.get(i)).put("locator", "p. " + paragraphs.get(i).page()));
      }
    }
    JsonArray sections = new JsonArray();
    int previous = -1;
    for (Outline.Start start : starts) {
      int first = keptIndex[Math.min(start.paragraph(), paragraphs.size() - 1)];
      if (first > previous && first < passages.size()) {
        sections.add(new JsonObject().put("title", start.title()).put("firstPassage", first));
        previous = first;
      }
    }
    int words = texts.stream().mapToInt(SummaryInput::words).sum();
    int maxWords = lengthFor(words);
    if (sections.size() >= 2) {
      maxWords = Math.max(maxWords, Math.min(Math.min(MAX_WORDS_WITH_PARTS, words / MAX_SHARE_DIVISOR),
          WORDS_PER_PART * sections.size()));
    }
    return new JsonObject().put("title", title).put("kind", "document").put("passages", passages)
        .put("sections", sections.size() >= 2 ? sections : new JsonArray()).put("maxWords", maxWords);
  }

  /** The summarize request and the chapters of a transcript; null when it has no text. */
  static Transcript transcript(String title, List<Segment> segments) {
    List<TranscriptChapters.Sentence> sentences = TranscriptChapters.sentences(segments);
    if (sentences.isEmpty()) {
      return null;
    }
    double end = segments.stream().mapToDouble(s -> Double.isFinite(s.end()) ? Math.max(s.start(), s.end()) : s.start())
        .filter(Double::isFinite).max().orElse(sentences.getLast().start());
    List<TranscriptChapters.Chapter> chapters = TranscriptChapters.of(sentences, end);
    JsonArray passages = new JsonArray();
    for (TranscriptChapters.Sentence sentence : sentences) {
      passages.add(new JsonObject().put("text", sentence.text()).put("locator", Passages.timestamp(sentence.start())));
    }
    JsonArray sections = new JsonArray();
    JsonArray kept = new JsonArray();
    for (TranscriptChapters.Chapter chapter : chapters) {
      sections.add(new JsonObject().put("title", chapter.title()).put("firstPassage", chapter.firstSentence()));
      kept.add(new JsonObject().put("title", chapter.title()).put("start", chapter.start()).put("end", chapter.end()));
    }
    int words = sentences.stream().mapToInt(s -> words(s.text())).sum();
    int maxWords = Math.clamp(30 + (int) Math.round(Math.sqrt(words)), MIN_OVERVIEW_WORDS, MAX_OVERVIEW_WORDS);
    JsonObject request = new JsonObject().put("title", title).put("kind", "transcript").put("passages", passages)
        .put("sections", chapters.size() >= 2 ? sections : new JsonArray()).put("maxWords", maxWords);
    return new Transcript(request, kept);
  }

  /** About {@code 40 + 1.4√words}, from {@link #MIN_WORDS} to {@link #MAX_WORDS}: a paper gets a paragraph, a manual a page. */
  static int lengthFor(int words) {
    return Math.clamp(40 + Math.round(1.4 * Math.sqrt(words)), MIN_WORDS, MAX_WORDS);
  }

  private static List<Outline.Bookmark> bookmarks(List<?> outline) {
    List<Outline.Bookmark> bookmarks = new ArrayList<>();
    if (outline == null) {
      return bookmarks;
    }
    for (Object entry : outline) {
      Map<?, ?> map = entry instanceof JsonObject json ? json.getMap() : entry instanceof Map<?, ?> m ? m : null;
      if (map != null && map.get("title") instanceof String t && map.get("pageNumber") instanceof Number page) {
        int level = map.get("level") instanceof Number l ? l.intValue() : 1;
        bookmarks.add(new Outline.Bookmark(t, page.intValue(), level));
      }
    }
    return bookmarks;
  }

  static int words(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
