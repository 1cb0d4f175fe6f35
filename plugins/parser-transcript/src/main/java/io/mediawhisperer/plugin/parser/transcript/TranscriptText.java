package io.mediawhisperer.plugin.parser.transcript;

import io.mediawhisperer.spi.parser.UnicodeDecoding;
import io.mediawhisperer.spi.parser.UnicodeDecoding.ByteOrderMark;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a transcript's bytes. A byte-order mark decides (UTF-8, UTF-16, UTF-32); without one the
 * bytes are read as strict UTF-8, and when they are not valid UTF-8 as windows-1252, which is what
 * subtitle files made on Windows usually are and which maps every byte to some character.
 */
final class TranscriptText {

  /** The text without its byte-order mark, and the name of the charset that decoded it. */
  record Decoded(String text, String encoding) {
  }

  /** A file whose byte-order mark names an encoding its bytes do not follow. */
  static final class MalformedText extends Exception {
    MalformedText(String encoding, int offset) {
      super("the file starts with a " + encoding + " byte-order mark but byte " + offset + " is not valid " + encoding);
    }
  }

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private TranscriptText() {
  }

  /** Decodes a whole file. */
  static Decoded decode(byte[] bytes) throws MalformedText {
    return decode(bytes, false);
  }

  /**
   * Decodes the first bytes of a file for detection: a character cut in half at the end is
   * dropped, and a bad byte-order-marked head decodes as nothing rather than failing.
   */
  static String decodeHead(byte[] head) {
    try {
      return decode(head, true).text();
    } catch (MalformedText e) {
      return "";
    }
  }

  private static Decoded decode(byte[] bytes, boolean cutShort) throws MalformedText {
    ByteOrderMark mark = UnicodeDecoding.byteOrderMark(bytes);
    if (mark != null) {
      try {
        return new Decoded(UnicodeDecoding.strictly(bytes, mark.length(), mark.charset(), cutShort), mark.charset().name());
      } catch (UnicodeDecoding.InvalidBytes invalid) {
        throw new MalformedText(mark.charset().name(), invalid.offset());
      }
    }
    try {
      return new Decoded(UnicodeDecoding.strictly(bytes, 0, StandardCharsets.UTF_8, cutShort), StandardCharsets.UTF_8.name());
    } catch (UnicodeDecoding.InvalidBytes notUtf8) {
      return new Decoded(new String(bytes, WINDOWS_1252), WINDOWS_1252.name());
    }
  }
}
