package io.mediawhisperer.plugin.parser.transcript;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What every transcript parser does last: drops cues without text, repairs cues that end before
 * they start, puts segments in time order, checks the text limit and fills
 * {@code durationSeconds} when the file did not give it.
 */
final class TranscriptResult {

  static final String KIND = "transcript";

  private TranscriptResult() {
  }

  /** One segment per cue, its lines joined with spaces. */
  static List<Segment> oneSegmentPerCue(List<Cue> cues, boolean decodeReferences) {
    List<Segment> segments = new ArrayList<>(cues.size());
    for (Cue cue : cues) {
      segments.add(new Segment(cue.start(), cue.end(), String.join(" ", CueText.cleanLines(cue.lines(), decodeReferences))));
    }
    return segments;
  }

  /**
   * @param metadata mutable; {@code durationSeconds} is added when absent
   * @param format   the format's name as a person knows it, for messages ("SRT")
   */
  static ParsedSource finish(String format, String title, Map<String, Object> metadata, List<Segment> raw,
      List<String> warnings, ParseLimits limits) throws ParseException {
    List<Segment> segments = new ArrayList<>(raw.size());
    int endedBeforeStart = 0;
    long characters = 0;
    for (Segment segment : raw) {
      String text = segment.text().strip();
      if (text.isEmpty()) {
        continue;
      }
      double end = segment.end();
      if (end < segment.start()) {
        endedBeforeStart++;
        end = segment.start();
      }
      characters += text.length();
      if (characters > limits.maxTextChars()) {
        throw new ParseException(ParseException.TOO_LARGE,
            "The " + format + " transcript holds more than the limit of " + limits.maxTextChars() + " characters of text.");
      }
      segments.add(new Segment(segment.start(), end, text));
    }
    if (segments.isEmpty()) {
      throw new ParseException(ParseException.EMPTY, "The " + format + " file has no cues with text.");
    }
    List<String> allWarnings = new ArrayList<>(warnings);
    if (endedBeforeStart > 0) {
      allWarnings.add(endedBeforeStart + " cue(s) ended before they started; each now ends where it starts.");
    }
    segments.sort(Comparator.comparingDouble(Segment::start));
    double lastEnd = segments.stream().mapToDouble(Segment::end).max().orElse(0);
    metadata.putIfAbsent("durationSeconds", lastEnd);
    return new ParsedSource(KIND, title, metadata, List.of(), segments, List.of(), allWarnings);
  }
}
