package io.mediawhisperer.audiobook.audio;

import java.nio.file.Path;
import java.util.List;

/** The list file of ffmpeg's concat demuxer ({@code -f concat}): one quoted {@code file} line per input. */
final class ConcatList {

  private ConcatList() {
  }

  static String of(List<Path> files) {
    StringBuilder text = new StringBuilder("ffconcat version 1.0\n");
    for (Path file : files) {
      text.append("file ").append(quote(Ffmpeg.file(file))).append('\n');
    }
    return text.toString();
  }

  /**
   * A path in single quotes, as ffmpeg's tokenizer reads them: inside quotes everything is literal,
   * so a quote closes, is escaped outside, and reopens ({@code '} becomes {@code '\''}).
   *
   * @throws IllegalArgumentException for a line break, which would end the list's line
   */
  static String quote(String path) {
    if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a file name with a line break cannot go in ffmpeg's concat list: " + path);
    }
    return "'" + path.replace("'", "'\\''") + "'";
  }
}
