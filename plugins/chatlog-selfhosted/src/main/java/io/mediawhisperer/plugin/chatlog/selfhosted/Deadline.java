package io.mediawhisperer.plugin.chatlog.selfhosted;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.time.Duration;

/** The read's time bound ({@link ParseLimits#maxTime()}), checked between conversations. */
final class Deadline {

  private final Duration allowed;
  private final long endNanos;

  Deadline(ParseLimits limits) {
    this.allowed = limits.maxTime();
    this.endNanos = System.nanoTime() + allowed.toNanos();
  }

  void check(String service) throws ParseException {
    if (System.nanoTime() - endNanos > 0) {
      String limit = allowed.toMillis() < 1000 ? allowed.toMillis() + " ms" : allowed.toSeconds() + " seconds";
      throw new ParseException(ParseException.TOO_LARGE, "Reading the " + service + " export took longer than " + limit
          + ", the limit for one file.");
    }
  }
}
