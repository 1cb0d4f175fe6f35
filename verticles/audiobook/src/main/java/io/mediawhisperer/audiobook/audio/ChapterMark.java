package io.mediawhisperer.audiobook.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * A chapter of a book file: its title and where it starts and ends, in milliseconds from the
 * book's start.
 */
public record ChapterMark(String title, long startMs, long endMs) {

  public ChapterMark {
    if (title == null) {
      throw new IllegalArgumentException("a chapter needs a title (it may be empty)");
    }
    if (startMs < 0 || endMs <= startMs) {
      throw new IllegalArgumentException("chapter '" + title + "' must start at 0 ms or later and end after it starts: "
          + startMs + ".." + endMs);
    }
  }

  /**
   * Chapters one after the other, each as long as its chapter file: pass the durations
   * {@link AudioEncoder#encodeChapter} measured ({@link AudioProbe#durationMs()}), not the WAVs'
   * (an encoded chapter is a few milliseconds longer, and the book is made of the encoded ones).
   */
  public static List<ChapterMark> consecutive(List<String> titles, List<Long> durationsMs) {
    if (titles.size() != durationsMs.size()) {
      throw new IllegalArgumentException(titles.size() + " titles for " + durationsMs.size() + " durations");
    }
    List<ChapterMark> marks = new ArrayList<>(titles.size());
    long start = 0;
    for (int i = 0; i < titles.size(); i++) {
      long end = start + durationsMs.get(i);
      marks.add(new ChapterMark(titles.get(i), start, end));
      start = end;
    }
    return List.copyOf(marks);
  }
}
