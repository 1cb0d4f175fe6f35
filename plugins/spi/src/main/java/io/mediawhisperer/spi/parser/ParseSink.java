package io.mediawhisperer.spi.parser;

/**
 * Receives a document while it is read, so that a caller can chunk and embed its first pages
 * while the parser reads the rest, and never holds the whole text at once (since SPI 0.7).
 * Calls come from the parser's thread, in reading order. A call may block while the caller is
 * busy with what it was given earlier: that is the back-pressure that bounds memory, and a
 * parser must not count that wait against its time limit. A sink that throws stops the parse;
 * the exception reaches the caller unchanged.
 */
public interface ParseSink {

  /** How many pages the document holds, when the parser knows it before the first page; at most once. */
  default void pageCount(int pages) {
  }

  void page(ParsedSource.Page page);

  void segment(ParsedSource.Segment segment);

  void image(ParsedSource.Image image);
}
