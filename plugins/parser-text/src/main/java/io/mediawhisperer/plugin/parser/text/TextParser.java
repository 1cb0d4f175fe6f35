package io.mediawhisperer.plugin.parser.text;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.SourceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Plain text and Markdown: one page numbered 1 holding the whole text. It is the fallback for
 * anything that is text, so it answers {@code confidence} 1 and lets every structured text
 * format (WebVTT, SRT, JSON ...) win.
 */
public final class TextParser implements SourceParser {

  /** More C0 control characters than this share of the text means binary data or a terminal dump, not prose. */
  private static final double MAX_CONTROL_SHARE = 0.01;
  /** The widest encoding here (UTF-32) takes four bytes a character; a larger file is over the limit unread. */
  private static final int MAX_BYTES_PER_CHAR = 4;

  @Override
  public String name() {
    return "text";
  }

  @Override
  public String kind() {
    return "text";
  }

  @Override
  public int confidence(byte[] head) {
    try {
      String text = UnicodeText.decode(head, true).text();
      return looksLikeText(text) ? 1 : 0;
    } catch (UnicodeText.NotText notText) {
      return 0;
    }
  }

  @Override
  public ParsedSource parse(Path file, ParseLimits limits) throws ParseException {
    byte[] bytes = read(file, limits);
    if (bytes.length == 0) {
      throw new ParseException(ParseException.EMPTY, "The file is empty.");
    }
    UnicodeText.Decoded decoded;
    try {
      decoded = UnicodeText.decode(bytes, false);
    } catch (UnicodeText.NotText notText) {
      throw new ParseException(ParseException.CORRUPT, "This is not a text file: byte " + notText.offset()
          + " is not valid " + notText.encoding() + " (text must be UTF-8, or UTF-16/UTF-32 with a byte-order mark).");
    }
    String text = decoded.text().replace("\r\n", "\n").replace('\r', '\n');
    if (text.indexOf('\0') >= 0) {
      throw new ParseException(ParseException.CORRUPT, "This is not a text file: it holds binary data (NUL characters).");
    }
    if (text.isBlank()) {
      throw new ParseException(ParseException.EMPTY, "The file holds only whitespace.");
    }
    if (text.length() > limits.maxTextChars()) {
      throw tooLarge(limits);
    }
    return new ParsedSource(kind(), DocumentTitle.of(text), Map.of("encoding", decoded.encoding()),
        List.of(new ParsedSource.Page(1, text)), List.of(), List.of(), List.of());
  }

  private static byte[] read(Path file, ParseLimits limits) throws ParseException {
    try {
      if (Files.size(file) > MAX_BYTES_PER_CHAR * limits.maxTextChars() + MAX_BYTES_PER_CHAR) {
        throw tooLarge(limits);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParseException(ParseException.CORRUPT, "The file could not be read: " + e.getMessage(), e);
    }
  }

  private static ParseException tooLarge(ParseLimits limits) {
    return new ParseException(ParseException.TOO_LARGE,
        "The text is longer than the limit of " + limits.maxTextChars() + " characters.");
  }

  private static boolean looksLikeText(String text) {
    int controls = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == 0x7F) {
        controls++;
      }
    }
    return controls <= text.length() * MAX_CONTROL_SHARE;
  }
}
