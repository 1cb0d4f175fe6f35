package io.mediawhisperer.plugin.parser.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits WebVTT or SRT lines into cues. A timing line always starts a new cue, so files without
 * blank lines between cues read correctly: the line just before a timing line is taken as that
 * cue's identifier when it opens a block (WebVTT) or is a bare number (both), rather than as
 * the previous cue's last line of text.
 */
final class CueReader {

  enum Dialect {
    /** Blocks are separated by empty lines; NOTE, STYLE and REGION blocks and stray blocks are not cues. */
    WEBVTT,
    /** Blank lines separate cues, but a text block after one belongs to the cue before it. */
    SRT
  }

  private static final Pattern NUMBER = Pattern.compile("\\s*\\d+\\s*");
  private static final Pattern NOT_A_CUE_BLOCK = Pattern.compile("^(NOTE|STYLE|REGION)(\\s.*)?$");

  private final Dialect dialect;
  private final List<Cue> cues = new ArrayList<>();
  /** Lines of a block that did not start with a timing line: an identifier, a NOTE, or stray text. */
  private final List<String> block = new ArrayList<>();
  private Timecode.Timing timing;
  private List<String> text;
  private boolean inCueText;
  private boolean skippingBlock;
  private boolean atBlockStart = true;

  private CueReader(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The cues in {@code lines}, starting at index {@code from} (after a WebVTT header). */
  static List<Cue> read(List<String> lines, int from, Dialect dialect) {
    CueReader reader = new CueReader(dialect);
    for (int i = from; i < lines.size(); i++) {
      reader.accept(lines.get(i));
    }
    reader.closeBlock();
    reader.finishCue();
    return reader.cues;
  }

  private void accept(String line) {
    if (isSeparator(line)) {
      closeBlock();
      inCueText = false;
      skippingBlock = false;
      atBlockStart = true;
      return;
    }
    Timecode.Timing lineTiming = Timecode.parseTimingLine(line);
    if (lineTiming != null) {
      takeIdentifierBack();
      closeBlock();
      finishCue();
      timing = lineTiming;
      text = new ArrayList<>();
      inCueText = true;
      skippingBlock = false;
      atBlockStart = false;
      return;
    }
    if (inCueText) {
      text.add(line);
    } else if (!skippingBlock) {
      if (atBlockStart && dialect == Dialect.WEBVTT && NOT_A_CUE_BLOCK.matcher(line).matches()) {
        skippingBlock = true;
      } else {
        block.add(line);
      }
    }
    atBlockStart = false;
  }

  /** A timing line just arrived: the line before it names this cue and is not text. */
  private void takeIdentifierBack() {
    if (inCueText) {
      if (!text.isEmpty() && NUMBER.matcher(text.get(text.size() - 1)).matches()) {
        text.remove(text.size() - 1);
      }
    } else if (!block.isEmpty()) {
      String last = block.get(block.size() - 1);
      if (dialect == Dialect.WEBVTT || NUMBER.matcher(last).matches()) {
        block.remove(block.size() - 1);
      }
    }
  }

  private void closeBlock() {
    boolean loneNumber = block.size() == 1 && NUMBER.matcher(block.get(0)).matches();
    if (dialect == Dialect.SRT && text != null && !loneNumber) {
      text.addAll(block);
    }
    block.clear();
  }

  private void finishCue() {
    if (timing != null) {
      cues.add(new Cue(timing.start(), timing.end(), List.copyOf(text)));
    }
    timing = null;
    text = null;
  }

  private boolean isSeparator(String line) {
    // WebVTT ends a block only at an empty line; a line of spaces is cue text (YouTube writes them)
    return dialect == Dialect.WEBVTT ? line.isEmpty() : line.isBlank();
  }
}
