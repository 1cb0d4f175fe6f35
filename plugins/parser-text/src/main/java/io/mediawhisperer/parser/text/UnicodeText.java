package io.mediawhisperer.parser.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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

  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

  private UnicodeText() {
  }

  /**
   * Decodes {@code bytes}; {@code cutShort} says they are only the first bytes of a file, so a
   * character cut in half at the end is dropped instead of counted as an error.
   */
  static Decoded decode(byte[] bytes, boolean cutShort) throws NotText {
    int bomLength;
    Charset charset;
    if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      charset = UTF_32BE;
      bomLength = 4;
    } else if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      charset = UTF_32LE;
      bomLength = 4;
    } else if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      charset = StandardCharsets.UTF_8;
      bomLength = 3;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      bomLength = 2;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      bomLength = 2;
    } else {
      charset = StandardCharsets.UTF_8;
      bomLength = 0;
    }
    return new Decoded(strictly(bytes, bomLength, charset, cutShort), charset.name());
  }

  private static String strictly(byte[] bytes, int from, Charset charset, boolean cutShort) throws NotText {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
    CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 2);
    CoderResult result = decoder.decode(in, out, !cutShort);
    if (result.isError()) {
      throw new NotText(charset.name(), in.position());
    }
    if (!cutShort) {
      result = decoder.flush(out);
      if (result.isError()) {
        throw new NotText(charset.name(), in.position());
      }
    }
    out.flip();
    return out.toString();
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
