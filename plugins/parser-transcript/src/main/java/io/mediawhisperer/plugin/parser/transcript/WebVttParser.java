package io.mediawhisperer.plugin.parser.transcript;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Segment;
import io.mediawhisperer.spi.parser.SourceParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebVTT subtitles and captions, including YouTube's rolling auto-captions (see
 * {@link RollingCaptions}) and files that leave out the blank lines between cues.
 */
public final class WebVttParser implements SourceParser {

  static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
  private static final Pattern LANGUAGE_HEADER = Pattern.compile("^Language:\\s*(\\S.*?)\\s*$");
  private static final String SIGNATURE = "WEBVTT";

  @Override
  public String name() {
    return "webvtt";
  }

  @Override
  public String kind() {
    return TranscriptResult.KIND;
  }

  @Override
  public int confidence(byte[] head) {
    return hasSignature(TranscriptText.decodeHead(head).stripLeading()) ? 100 : 0;
  }

  @Override
  public ParsedSource parse(Path file, ParseLimits limits) throws ParseException {
    TranscriptText.Decoded decoded = TranscriptFile.read(file, limits, "WebVTT");
    String text = decoded.text().stripLeading();
    if (!hasSignature(text)) {
      throw new ParseException(ParseException.CORRUPT, "This is not a WebVTT file: it must start with the line WEBVTT.");
    }
    List<String> lines = List.of(LINE_BREAK.split(text, -1));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("encoding", decoded.encoding());
    int bodyStart = readHeader(lines, metadata);

    List<Cue> cues = CueReader.read(lines, bodyStart, CueReader.Dialect.WEBVTT);
    if (cues.isEmpty()) {
      throw new ParseException(ParseException.EMPTY, "The WebVTT file has no cues.");
    }
    boolean rolling = cues.stream().anyMatch(cue -> CueText.hasInlineTimestamps(cue.lines()));
    List<Segment> segments = rolling ? RollingCaptions.segments(cues) : TranscriptResult.oneSegmentPerCue(cues, true);
    return TranscriptResult.finish("WebVTT", null, metadata, segments, List.of(), limits);
  }

  /**
   * Reads the header block (the WEBVTT line and what follows it up to the first empty line, such
   * as YouTube's {@code Kind:} and {@code Language:}) and returns where the cues begin.
   */
  private static int readHeader(List<String> lines, Map<String, Object> metadata) {
    int i = 1;
    for (; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || Timecode.parseTimingLine(line) != null) {
        break;
      }
      Matcher language = LANGUAGE_HEADER.matcher(line);
      if (language.matches()) {
        metadata.put("language", language.group(1));
      }
    }
    return i;
  }

  private static boolean hasSignature(String text) {
    return text.startsWith(SIGNATURE)
        && (text.length() == SIGNATURE.length() || Character.isWhitespace(text.charAt(SIGNATURE.length())));
  }
}
