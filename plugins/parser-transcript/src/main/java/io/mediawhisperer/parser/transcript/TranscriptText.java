package io.mediawhisperer.parser.transcript;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
  private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
  private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

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
    Charset marked = null;
    int bomLength = 0;
    if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      marked = UTF_32BE;
      bomLength = 4;
    } else if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      marked = UTF_32LE;
      bomLength = 4;
    } else if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      marked = StandardCharsets.UTF_8;
      bomLength = 3;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      marked = StandardCharsets.UTF_16BE;
      bomLength = 2;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      marked = StandardCharsets.UTF_16LE;
      bomLength = 2;
    }
    if (marked != null) {
      try {
        return new Decoded(strictly(bytes, bomLength, marked, cutShort), marked.name());
      } catch (InvalidAt invalid) {
        throw new MalformedText(marked.name(), invalid.offset);
      }
    }
    try {
      return new Decoded(strictly(bytes, 0, StandardCharsets.UTF_8, cutShort), StandardCharsets.UTF_8.name());
    } catch (InvalidAt notUtf8) {
      return new Decoded(new String(bytes, WINDOWS_1252), WINDOWS_1252.name());
    }
  }

  /** Thrown by {@link #strictly} where the bytes stop following the charset; cheap, no stack trace. */
  private static final class InvalidAt extends Exception {
    private final int offset;

    InvalidAt(int offset) {
      super(null, null, false, false);
      this.offset = offset;
    }
  }

  private static String strictly(byte[] bytes, int from, Charset charset, boolean cutShort) throws InvalidAt {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
    CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 2);
    CoderResult result = decoder.decode(in, out, !cutShort);
    if (result.isError()) {
      throw new InvalidAt(in.position());
    }
    if (!cutShort && decoder.flush(out).isError()) {
      throw new InvalidAt(in.position());
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
