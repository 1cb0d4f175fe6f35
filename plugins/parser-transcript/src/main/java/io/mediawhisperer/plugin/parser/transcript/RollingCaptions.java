package io.mediawhisperer.plugin.parser.transcript;

import io.mediawhisperer.spi.parser.ParsedSource.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * YouTube's auto-captions roll: each cue shows the line(s) already on screen and then the new
 * line, and between two such cues a short "snapshot" cue repeats what is on screen. Read cue by
 * cue that says everything two or three times. Here each cue keeps only the lines that follow
 * the longest run of its leading lines equal to the last lines already emitted, and a cue with
 * nothing new is dropped, so the text reads as it was spoken, once.
 *
 * <p>Only used for files with inline word timestamps: elsewhere a cue that repeats the previous
 * one is a speaker repeating themselves, and must stay.
 */
final class RollingCaptions {

  private RollingCaptions() {
  }

  static List<Segment> segments(List<Cue> cues) {
    List<Segment> segments = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (Cue cue : cues) {
      List<String> lines = CueText.cleanLines(cue.lines(), true);
      List<String> fresh = lines.subList(overlap(shown, lines), lines.size());
      if (!fresh.isEmpty()) {
        segments.add(new Segment(cue.start(), cue.end(), String.join(" ", fresh)));
        shown.addAll(fresh);
      }
    }
    return segments;
  }

  /** The largest k such that the first k of {@code lines} are the last k of {@code shown}. */
  private static int overlap(List<String> shown, List<String> lines) {
    for (int k = Math.min(shown.size(), lines.size()); k > 0; k--) {
      if (shown.subList(shown.size() - k, shown.size()).equals(lines.subList(0, k))) {
        return k;
      }
    }
    return 0;
  }
}
