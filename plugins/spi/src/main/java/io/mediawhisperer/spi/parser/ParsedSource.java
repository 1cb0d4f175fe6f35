package io.mediawhisperer.spi.parser;

import java.util.List;
import java.util.Map;

/**
 * What a parser read. PDFs fill {@code pages} (and {@code images}); transcripts fill
 * {@code segments}; plain text fills {@code pages} with one page numbered 1.
 *
 * @param title    the document's own title when it has one (PDF metadata, a Markdown heading,
 *                 a transcript's title), else null
 * @param metadata kind-specific facts, JSON-friendly values only (String, Number, Boolean, List,
 *                 Map): {@code author}, {@code pageCount}, {@code videoId}, {@code channelName},
 *                 {@code durationSeconds}, {@code language}, {@code encoding}, ...
 * @param warnings sentences a person should see (for example "no text layer: scanned pages are
 *                 not OCRed"); the source still completes
 */
public record ParsedSource(
    String kind,
    String title,
    Map<String, Object> metadata,
    List<Page> pages,
    List<Segment> segments,
    List<Image> images,
    List<String> warnings) {

  public ParsedSource {
    metadata = Map.copyOf(metadata);
    pages = List.copyOf(pages);
    segments = List.copyOf(segments);
    images = List.copyOf(images);
    warnings = List.copyOf(warnings);
  }

  /** The title, metadata and warnings alone: what a streamed parse returns once its sink has the rest. */
  public ParsedSource withoutContent() {
    return new ParsedSource(kind, title, metadata, List.of(), List.of(), List.of(), warnings);
  }

  /** One page of text, numbered from 1, in reading order. */
  public record Page(int number, String text) {
  }

  /** A timed piece of a transcript, in seconds from the start. */
  public record Segment(double start, double end, String text) {
  }

  /** An image embedded in a page, encoded as {@code format} (png or jpeg). */
  public record Image(int pageNumber, int width, int height, String format, byte[] data) {
  }
}
