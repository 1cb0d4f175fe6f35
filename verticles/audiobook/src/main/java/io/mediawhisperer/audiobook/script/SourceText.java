package io.mediawhisperer.audiobook.script;

import java.util.List;

/**
 * What a book is made from, as ingestion hands it over: a document's pages (with its outline when
 * it has one), a transcript's segments, or a chat log's messages. Only the lists that fit the kind
 * are filled; {@link ListeningScript} reads segments when there are any, else messages, else pages.
 *
 * @param kind     the source's kind ({@code pdf}, {@code transcript}, {@code text}, {@code chat_log}, ...)
 * @param title    the source's title, spoken at the start when the text has no better one; may be null
 * @param language the source's language (BCP 47, such as {@code en}) when known; may be null
 */
public record SourceText(
    String kind,
    String title,
    String language,
    List<PageIn> pages,
    List<OutlineEntry> outline,
    List<SegmentIn> segments,
    List<MessageIn> messages) {

  public SourceText {
    kind = kind == null ? "" : kind;
    pages = pages == null ? List.of() : List.copyOf(pages);
    outline = outline == null ? List.of() : List.copyOf(outline);
    segments = segments == null ? List.of() : List.copyOf(segments);
    messages = messages == null ? List.of() : List.copyOf(messages);
  }

  /** A document: a PDF's pages and outline, or a text as one page. */
  public static SourceText ofPages(String kind, String title, String language, List<PageIn> pages,
      List<OutlineEntry> outline) {
    return new SourceText(kind, title, language, pages, outline, List.of(), List.of());
  }

  /** A transcript. */
  public static SourceText ofSegments(String title, String language, List<SegmentIn> segments) {
    return new SourceText("transcript", title, language, List.of(), List.of(), segments, List.of());
  }

  /** A chat log. */
  public static SourceText ofMessages(String title, String language, List<MessageIn> messages) {
    return new SourceText("chat_log", title, language, List.of(), List.of(), List.of(), messages);
  }
}
