package io.mediawhisperer.plugin.parser.transcript;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cue timing lines of WebVTT ({@code 00:01.000 --> 00:04.000 align:start}) and SRT
 * ({@code 00:00:01,000 --> 00:00:04,000}). Both accept either decimal separator, because files
 * converted between the two formats often keep the other one's.
 */
final class Timecode {

  /** One cue's start and end, in seconds. */
  record Timing(double start, double end) {
  }

  private static final String TIME = "(?:(\\d{1,6}):)?(\\d{1,2}):(\\d{1,2})(?:[.,](\\d{1,3}))?";
  private static final Pattern TIMING_LINE = Pattern.compile("^\\s*" + TIME + "\\s*-->\\s*" + TIME + "(?:\\s.*)?$");
  private static final Pattern SRT_TIMING_LINE = Pattern.compile(
      "^\\s*\\d{1,6}:\\d{2}:\\d{2}[,.]\\d{1,3}\\s*-->\\s*\\d{1,6}:\\d{2}:\\d{2}[,.]\\d{1,3}(?:\\s.*)?$");

  private Timecode() {
  }

  /** The timing on {@code line}, or null when it is not a timing line. */
  static Timing parseTimingLine(String line) {
    if (line.indexOf("-->") < 0) {
      return null;
    }
    Matcher m = TIMING_LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    return new Timing(seconds(m, 1), seconds(m, 5));
  }

  /** Strictly SRT-shaped (hours always present), used to recognise SRT by content. */
  static boolean isSrtTimingLine(String line) {
    return SRT_TIMING_LINE.matcher(line).matches();
  }

  private static double seconds(Matcher m, int firstGroup) {
    String hours = m.group(firstGroup);
    String fraction = m.group(firstGroup + 3);
    long millis = ((hours == null ? 0 : Long.parseLong(hours)) * 3600
        + Integer.parseInt(m.group(firstGroup + 1)) * 60L
        + Integer.parseInt(m.group(firstGroup + 2))) * 1000;
    if (fraction != null) {
      // a decimal fraction: ",5" is half a second
      millis += Integer.parseInt(fraction) * (long) Math.pow(10, 3 - fraction.length());
    }
    // whole milliseconds divided once, so 00:00:01.464 is exactly the double nearest 1.464
    return millis / 1000.0;
  }
}
