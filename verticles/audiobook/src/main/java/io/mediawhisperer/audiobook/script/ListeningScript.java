package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.spi.speech.SpeechRequest;
import java.util.List;

/**
 * What a book will speak: a source's text made for listening, in chapters. Pure computation (no
 * I/O, no Vert.x), but not instant: 1,000 dense pages (450,000 words) took 1.1 to 1.7 s on the
 * shared 2-core development machine, so it belongs on a worker thread, never on the event loop.
 *
 * <ul>
 *   <li>Documents (PDFs, texts): pages cleaned by the shared {@link io.mediawhisperer.text.PageText}
 *       (no running headers, footers, page numbers, hyphenation), code and tables announced, links
 *       and addresses said briefly; chapters from the outline, else headings, else every N pages
 *       ({@link DocumentSections}); the text before the first chapter opens the book under its title.</li>
 *   <li>Transcripts: chapters by time ({@link TranscriptSections}).</li>
 *   <li>Chat logs: chapters by conversation turns ({@link ChatSections}).</li>
 * </ul>
 * Then short chapters are merged, too many grouped and long ones split ({@link ChapterShaping}).
 * Every chapter's first paragraph speaks its title; every paragraph is at most
 * {@link Settings#maxParagraphChars()} characters. A source with nothing to say (no text layer,
 * whitespace, symbols only) gives no chapters: the caller fails the job with "no text to read".
 */
public final class ListeningScript {

  /**
   * How books are cut.
   *
   * @param pagesPerChapter              pages per chapter of a document with neither outline nor headings
   * @param minChapterWords              a chapter with fewer words is merged with its neighbours
   * @param maxChapterWords              a chapter with more words is split into parts
   * @param maxChapters                  more chapters than this are grouped (and page, time and turn
   *                                     chapters made longer) so a listener's list stays usable
   * @param maxParagraphChars            longest paragraph, i.e. longest text of one speech engine call
   * @param secondsPerTranscriptChapter  length of a transcript's chapter
   * @param messagesPerChapter           messages of a chat log per chapter (whole turns)
   */
  public record Settings(int pagesPerChapter, int minChapterWords, int maxChapterWords, int maxChapters,
      int maxParagraphChars, int secondsPerTranscriptChapter, int messagesPerChapter) {

    /** Paragraphs of at most 1,500 characters: far below {@link SpeechRequest#MAX_TEXT_CHARS}, a few seconds of work for any engine. */
    public static final int DEFAULT_MAX_PARAGRAPH_CHARS = 1_500;

    public Settings {
      positive("pagesPerChapter", pagesPerChapter);
      positive("minChapterWords", minChapterWords);
      positive("maxChapters", maxChapters);
      positive("secondsPerTranscriptChapter", secondsPerTranscriptChapter);
      positive("messagesPerChapter", messagesPerChapter);
      if (maxChapterWords < 2 * minChapterWords) {
        throw new IllegalArgumentException("maxChapterWords must be at least twice minChapterWords, got "
            + maxChapterWords + " and " + minChapterWords);
      }
      if (maxParagraphChars < 100 || maxParagraphChars > SpeechRequest.MAX_TEXT_CHARS) {
        throw new IllegalArgumentException("maxParagraphChars must be between 100 and " + SpeechRequest.MAX_TEXT_CHARS
            + ", got " + maxParagraphChars);
      }
    }

    /** 10 pages, 300 to 6,000 words (two to forty minutes at 150 words a minute), 40 chapters, 10 minutes, 8 messages. */
    public static Settings defaults() {
      return new Settings(10, 300, 6_000, 40, DEFAULT_MAX_PARAGRAPH_CHARS, 600, 8);
    }

    /** These settings with another page count per chapter (the one setting a user may choose). */
    public Settings withPagesPerChapter(int pages) {
      return new Settings(pages, minChapterWords, maxChapterWords, maxChapters, maxParagraphChars,
          secondsPerTranscriptChapter, messagesPerChapter);
    }

    private static void positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
    }
  }

  private final Settings settings;

  public ListeningScript(Settings settings) {
    this.settings = settings;
  }

  public static ListeningScript withDefaults() {
    return new ListeningScript(Settings.defaults());
  }

  public Settings settings() {
    return settings;
  }

  /** The chapters to speak, numbered from 1, in order; empty when the source has no text to read. */
  public List<Chapter> chapters(SourceText source) {
    if (!source.segments().isEmpty()) {
      return ChapterShaping.chapters(TranscriptSections.of(source.segments(), settings), settings, false);
    }
    if (!source.messages().isEmpty()) {
      return ChapterShaping.chapters(ChatSections.of(source.messages(), source.title(), settings), settings, false);
    }
    return ChapterShaping.chapters(DocumentSections.of(source, settings), settings, true);
  }
}
