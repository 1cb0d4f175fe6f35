package io.mediawhisperer.spi.chat;

import java.util.List;

/**
 * What to summarise: a source's passages in reading order, or, for a collection, one passage per
 * source (its own summary), or the passages retrieved for a topic.
 *
 * @param title what is summarised (a source or collection title)
 * @param passages the text, in order
 * @param maxWords about how long the summary may be
 * @param kind what the passages are, which decides the summary's shape
 * @param sections the source's parts in order (a document's chapters, a transcript's chapters),
 *     each from its first passage to the next part's; empty when the source has none. A summary
 *     that follows the source gives each main part its sentence or two, in this order.
 */
public record SummaryRequest(String title, List<Passage> passages, int maxWords, Kind kind, List<Section> sections) {

  /** What the passages are. */
  public enum Kind {
    /** Anything: retrieved passages, a collection's summaries, a source of unknown shape. */
    GENERAL,
    /** A document's paragraphs in reading order (page furniture already removed), locators {@code "p. N"}. */
    DOCUMENT,
    /** A transcript's sentences in time order, locators {@code "12:05"}. */
    TRANSCRIPT,
    /** A conversation's messages in order, each passage one message starting {@code "User: "} or {@code "Assistant: "}. */
    CHAT_LOG
  }

  /**
   * A part of the source.
   *
   * @param title its heading (a bookmark's, a heading's, a transcript chapter's title)
   * @param firstPassage the index (from 0) in {@code passages} where it starts
   */
  public record Section(String title, int firstPassage) {
  }

  public SummaryRequest {
    passages = List.copyOf(passages);
    kind = kind == null ? Kind.GENERAL : kind;
    sections = sections == null ? List.of() : List.copyOf(sections);
    if (maxWords < 10) {
      throw new IllegalArgumentException("maxWords must be at least 10");
    }
    int previous = -1;
    for (Section section : sections) {
      if (section.firstPassage() <= previous || section.firstPassage() >= Math.max(1, passages.size())) {
        throw new IllegalArgumentException("sections must start at increasing passage indices inside the passages");
      }
      previous = section.firstPassage();
    }
  }

  /** Passages of no particular shape, without sections. */
  public SummaryRequest(String title, List<Passage> passages, int maxWords) {
    this(title, passages, maxWords, Kind.GENERAL, List.of());
  }
}
