package io.mediawhisperer.audiobook.audio;

import java.util.List;

/**
 * ffmpeg's metadata file ({@code ;FFMETADATA1}, read with {@code -f ffmetadata}): the book's tags
 * and a {@code [CHAPTER]} section per chapter, times in milliseconds.
 */
final class FfMetadata {

  private FfMetadata() {
  }

  static String of(BookTags tags, List<ChapterMark> chapters) {
    StringBuilder text = new StringBuilder(";FFMETADATA1\n");
    tag(text, "title", tags.title());
    tag(text, "artist", tags.author());
    tag(text, "album_artist", tags.author());
    tag(text, "album", tags.albumOrTitle());
    tag(text, "genre", "Audiobook");
    for (ChapterMark chapter : chapters) {
      text.append("\n[CHAPTER]\nTIMEBASE=1/1000\n")
          .append("START=").append(chapter.startMs()).append('\n')
          .append("END=").append(chapter.endMs()).append('\n');
      text.append("title=").append(escape(chapter.title())).append('\n');
    }
    return text.toString();
  }

  /**
   * A value as the format requires: {@code =}, {@code ;}, {@code #}, {@code \} and line breaks
   * preceded by a backslash (a break stays part of the value). Other control characters (a PDF
   * outline can hold some) are dropped: they have no meaning in a title and a NUL would end it.
   */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '=', ';', '#', '\\', '\n', '\r' -> out.append('\\').append(c);
        default -> {
          if (c == '\t' || !Character.isISOControl(c)) {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static void tag(StringBuilder text, String key, String value) {
    if (value != null && !value.isBlank()) {
      text.append(key).append('=').append(escape(value.strip())).append('\n');
    }
  }
}
