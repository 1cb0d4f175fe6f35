package io.mediawhisperer.launcher;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for what a node does in its own time (a job finishing, a process starting): polls a
 * condition every 100 ms until it holds. A condition that throws has not held yet (a node still
 * starting answers nothing); past the limit the test fails naming what it waited for.
 */
final class Eventually {

  private Eventually() {
  }

  static void holds(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    holds(what, limit, condition, () -> "");
  }

  /** As {@link #holds(String, Duration, BooleanSupplier)}, the failure followed by {@code context} (the nodes' logs, say). */
  static void holds(String what, Duration limit, BooleanSupplier condition, Supplier<String> context) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      boolean met;
      try {
        met = condition.getAsBoolean();
      } catch (RuntimeException | AssertionError e) {
        met = false;
      }
      if (met) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what + context.get());
      }
      Thread.sleep(100);
    }
  }
}
