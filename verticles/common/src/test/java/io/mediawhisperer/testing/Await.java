package io.mediawhisperer.testing;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Waits on the test thread (never an event loop) for a future, so that a test reads top to
 * bottom and its assertions run where JUnit sees them.
 */
public final class Await {

  /** How long a test waits for any one answer. */
  static final long SECONDS = 30;

  private Await() {
  }

  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no result within " + SECONDS + " s", e);
    }
  }

  /** The {@link Failure} a bus request ended with; fails the test if it succeeded. */
  public static Failure failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return Failure.from(e.getCause());
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within " + SECONDS + " s", e);
    }
  }
}
