package io.mediawhisperer.plugin.parser.transcript;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a transcript file into text, refusing what is empty or too large before decoding it. */
final class TranscriptFile {

  /** The widest encoding read here (UTF-32) takes four bytes a character. */
  private static final int MAX_BYTES_PER_CHAR = 4;

  private TranscriptFile() {
  }

  static TranscriptText.Decoded read(Path file, ParseLimits limits, String format) throws ParseException {
    byte[] bytes;
    try {
      // a file this big holds more characters than the limit allows, whatever its encoding
      if (Files.size(file) > MAX_BYTES_PER_CHAR * limits.maxTextChars() + MAX_BYTES_PER_CHAR) {
        throw new ParseException(ParseException.TOO_LARGE,
            "The " + format + " file is larger than the limit of " + limits.maxTextChars() + " characters allows.");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParseException(ParseException.CORRUPT, "The " + format + " file could not be read: " + e.getMessage(), e);
    }
    if (bytes.length == 0) {
      throw new ParseException(ParseException.EMPTY, "The " + format + " file is empty.");
    }
    try {
      return TranscriptText.decode(bytes);
    } catch (TranscriptText.MalformedText e) {
      throw new ParseException(ParseException.CORRUPT, "The " + format + " file cannot be decoded: " + e.getMessage() + ".");
    }
  }
}
