package io.mediawhisperer.plugin.parser.pdf;

import java.time.Duration;

/** The time a parse may take; checked between pages and between content-stream operators. */
final class Deadline {

  /**
   * Unchecked so that it passes through PDFBox's stream engine, which handles IOExceptions from
   * operators itself (it logs and goes on) but lets other exceptions through.
   */
  static final class Exceeded extends RuntimeException {
    Exceeded() {
      super("time limit exceeded", null, false, false);
    }
  }

  private long startNanos;
  private final long limitNanos;
  private final Duration limit;

  Deadline(Duration limit) {
    this.startNanos = System.nanoTime();
    this.limitNanos = limit.toNanos();
    this.limit = limit;
  }

  void check() {
    if (System.nanoTime() - startNanos > limitNanos) {
      throw new Exceeded();
    }
  }

  /** Leaves {@code nanos} out of the time taken: time the parse spent waiting for its caller. */
  void excuse(long nanos) {
    startNanos += nanos;
  }

  Duration limit() {
    return limit;
  }
}
