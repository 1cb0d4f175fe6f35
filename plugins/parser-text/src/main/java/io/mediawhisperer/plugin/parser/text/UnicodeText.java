package io.mediawhisperer.plugin.parser.text;

import io.mediawhisperer.spi.parser.UnicodeDecoding;
import io.mediawhisperer.spi.parser.UnicodeDecoding.ByteOrderMark;
import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes that claim to be Unicode text: a byte-order mark selects UTF-8, UTF-16 or UTF-32,
 * and without one the bytes must be strict UTF-8. Nothing is guessed beyond that, so a binary
 * file is never mistaken for text.
 */
final class UnicodeText {

  /** The text, without its byte-order mark, and the charset name that decoded it. */
  record Decoded(String text, String encoding) {
  }

  /** Where decoding failed: {@code offset} is the first byte that is not valid in {@code encoding}. */
  static final class NotText extends Exception {
    private final String encoding;
    private final long offset;

    NotText(String encoding, long offset) {
      super(encoding + " decoding failed at byte " + offset);
      this.encoding = encoding;
      this.offset = offset;
    }

    String encoding() {
      return encoding;
    }

    long offset() {
      return offset;
    }
  }

  private UnicodeText() {
  }

  /**
   * Decodes {@code bytes}; {@code cutShort} says they are only the first bytes of a file, so a
   * character cut in half at the end is dropped instead of counted as an error.
   */
  static Decoded decode(byte[] bytes, boolean cutShort) throws NotText {
    ByteOrderMark mark = UnicodeDecoding.byteOrderMark(bytes);
    ByteOrderMark read = mark != null ? mark : new ByteOrderMark(StandardCharsets.UTF_8, 0);
    try {
      return new Decoded(UnicodeDecoding.strictly(bytes, read.length(), read.charset(), cutShort), read.charset().name());
    } catch (UnicodeDecoding.InvalidBytes invalid) {
      throw new NotText(read.charset().name(), invalid.offset());
    }
  }
}
