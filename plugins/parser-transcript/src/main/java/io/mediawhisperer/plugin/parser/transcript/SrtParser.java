package io.mediawhisperer.plugin.parser.transcript;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.SourceParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SubRip (.srt) subtitles: numbered cues with {@code HH:MM:SS,mmm --> HH:MM:SS,mmm} timings, in
 * whatever encoding Windows tools wrote them. Missing numbers and missing blank lines are
 * tolerated; {@code <i>}-style tags and {@code {\an8}} overrides are removed.
 */
public final class SrtParser implements SourceParser {

  /** Detection reads this many non-blank lines: an optional cue number, then the timing line. */
  private static final int DETECTION_LINES = 2;

  @Override
  public String name() {
    return "srt";
  }

  @Override
  public String kind() {
    return TranscriptResult.KIND;
  }

  /**
   * SRT has no magic number; a file that opens with a cue (a number, then an SRT timing line, or
   * the timing line itself) is one.
   */
  @Override
  public int confidence(byte[] head) {
    List<String> firstLines = WebVttParser.LINE_BREAK.splitAsStream(TranscriptText.decodeHead(head))
        .filter(line -> !line.isBlank())
        .limit(DETECTION_LINES)
        .toList();
    if (firstLines.isEmpty()) {
      return 0;
    }
    if (Timecode.isSrtTimingLine(firstLines.get(0))) {
      return 80;
    }
    boolean numbered = firstLines.get(0).strip().matches("\\d+");
    return numbered && firstLines.size() > 1 && Timecode.isSrtTimingLine(firstLines.get(1)) ? 90 : 0;
  }

  @Override
  public ParsedSource parse(Path file, ParseLimits limits) throws ParseException {
    TranscriptText.Decoded decoded = TranscriptFile.read(file, limits, "SRT");
    List<String> lines = List.of(WebVttParser.LINE_BREAK.split(decoded.text(), -1));
    List<Cue> cues = CueReader.read(lines, 0, CueReader.Dialect.SRT);
    if (cues.isEmpty()) {
      if (decoded.text().isBlank()) {
        throw new ParseException(ParseException.EMPTY, "The SRT file holds only whitespace.");
      }
      throw new ParseException(ParseException.CORRUPT,
          "This is not an SRT file: it has no cue timing line such as 00:00:01,000 --> 00:00:04,000.");
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("encoding", decoded.encoding());
    return TranscriptResult.finish("SRT", null, metadata, TranscriptResult.oneSegmentPerCue(cues, false),
        List.of(), limits);
  }
}
