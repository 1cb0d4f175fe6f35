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

  private final long startNanos;
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

  Duration limit() {
    return limit;
  }
}
