package io.mediawhisperer.spi.parser;

import io.mediawhisperer.spi.NamedPlugin;
import java.nio.file.Path;

/**
 * Plugin kind "source parser": turns an upload into pages (PDF), timed segments (transcripts) or
 * plain text, plus metadata. Implementations are stateless and thread-safe; {@link #parse} is
 * blocking and is always called off the event loop.
 *
 * <p>Detection is by content, never by file name: the ingestion verticle reads the first
 * {@link #HEAD_BYTES} bytes of an upload, asks every parser for {@link #confidence}, and hands
 * the file to the most confident one; an upload no parser recognises is refused (415). Every
 * loaded parser takes part: no configuration key selects one, so a new parser only has to
 * recognise its format and stay at 0 for everything else.
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.parser.SourceParser}; contract
 * kit: {@code SourceParserContract}.
 */
public interface SourceParser extends NamedPlugin {

  int HEAD_BYTES = 64 * 1024;

  /**
   * What the HTTP contract calls the source's kind: {@code pdf}, {@code transcript}, {@code chat_log}
   * or {@code text}.
   */
  String kind();

  /**
   * How sure this parser is that {@code head} (the first bytes of the upload, at most
   * {@link #HEAD_BYTES}; the whole file when it is shorter) is something it reads: 0 for
   * "not mine", up to 100 for a format with a magic number. Plain text answers low (1) so
   * that any structured format that also is text wins.
   */
  int confidence(byte[] head);

  /**
   * Reads the file. Must respect {@code limits} (pages, time, images) so that a hostile file
   * cannot exhaust the node, and must fail with a {@link ParseException} whose code and
   * message a person can act on; it never returns partial garbage silently.
   */
  ParsedSource parse(Path file, ParseLimits limits) throws ParseException;

  /**
   * Reads the file and hands its pages, segments and images to {@code sink} as they are read;
   * returns what is left: the title, metadata and warnings, with empty pages, segments and
   * images. The limits hold as in {@link #parse(Path, ParseLimits)}, except that time spent in
   * the sink does not count. The default reads the whole file first and then replays it, which
   * is right for formats that are small or cannot be read in pieces; a parser of long documents
   * overrides it so that memory does not grow with the document (since SPI 0.7).
   */
  default ParsedSource parse(Path file, ParseLimits limits, ParseSink sink) throws ParseException {
    ParsedSource whole = parse(file, limits);
    if (!whole.pages().isEmpty()) {
      sink.pageCount(whole.pages().size());
    }
    whole.pages().forEach(sink::page);
    whole.segments().forEach(sink::segment);
    whole.images().forEach(sink::image);
    return whole.withoutContent();
  }
}
