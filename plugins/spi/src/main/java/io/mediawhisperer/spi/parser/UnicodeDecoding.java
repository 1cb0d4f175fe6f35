package io.mediawhisperer.spi.parser;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What text parsers share to read bytes as Unicode: the byte-order mark (UTF-8, UTF-16, UTF-32)
 * and a strict decode that reports the first byte not valid in the charset instead of replacing
 * it. What to do without a mark, or with bytes that do not decode, is each parser's own rule.
 */
public final class UnicodeDecoding {

  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

  private UnicodeDecoding() {
  }

  /** The charset a byte-order mark names, and how many bytes the mark takes. */
  public record ByteOrderMark(Charset charset, int length) {
  }

  /** Where the bytes stop following the charset; cheap (no stack trace), since a parser may fall back on it. */
  public static final class InvalidBytes extends Exception {
    private final int offset;

    InvalidBytes(int offset) {
      super(null, null, false, false);
      this.offset = offset;
    }

    /** The first byte (from the start of the array, mark included) that is not valid. */
    public int offset() {
      return offset;
    }
  }

  /** The byte-order mark {@code bytes} start with, or null when they start with none. */
  public static ByteOrderMark byteOrderMark(byte[] bytes) {
    // UTF-32LE's mark begins with UTF-16LE's, so the longer marks are tried first
    if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      return new ByteOrderMark(UTF_32BE, 4);
    } else if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      return new ByteOrderMark(UTF_32LE, 4);
    } else if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return new ByteOrderMark(StandardCharsets.UTF_8, 3);
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      return new ByteOrderMark(StandardCharsets.UTF_16BE, 2);
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      return new ByteOrderMark(StandardCharsets.UTF_16LE, 2);
    }
    return null;
  }

  /**
   * Decodes {@code bytes} from {@code from} in {@code charset}, failing at the first byte that is
   * not valid; {@code cutShort} says the bytes are only the first of a file, so a character cut in
   * half at the end is dropped instead of counted as an error.
   */
  public static String strictly(byte[] bytes, int from, Charset charset, boolean cutShort) throws InvalidBytes {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
    CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 2);
    CoderResult result = decoder.decode(in, out, !cutShort);
    if (result.isError()) {
      throw new InvalidBytes(in.position());
    }
    if (!cutShort && decoder.flush(out).isError()) {
      throw new InvalidBytes(in.position());
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
