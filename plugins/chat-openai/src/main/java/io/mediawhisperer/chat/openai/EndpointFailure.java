package io.mediawhisperer.chat.openai;

import java.time.Duration;
import java.util.Optional;

/**
 * One failed request, with what the retry loop needs to know: whether asking again may help
 * the caller later ({@link #retryable}), whether to ask again right now ({@link #retryNow}: a
 * 429, a 5xx or a lost connection, but not a timeout, which would only double the wait), how long
 * the server asked us to wait (Retry-After), and whether part of the answer had already been
 * handed on, after which asking again would show the user a second, different beginning.
 */
final class EndpointFailure extends Exception {

  private final boolean retryable;
  private final boolean retryNow;
  private final boolean afterOutput;
  private final transient Optional<Duration> retryAfter;

  private EndpointFailure(String message, boolean retryable, boolean retryNow, boolean afterOutput,
      Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryNow = retryNow && !afterOutput;
    this.afterOutput = afterOutput;
    this.retryAfter = retryAfter;
  }

  /** Asking again will fail the same way: a refused key, a bad request, nonsense in the answer. */
  static EndpointFailure permanent(String message, boolean afterOutput) {
    return new EndpointFailure(message, false, false, afterOutput, Optional.empty(), null);
  }

  /** The server was too slow: worth asking again later, not at once. */
  static EndpointFailure timeout(String message, boolean afterOutput) {
    return new EndpointFailure(message, true, false, afterOutput, Optional.empty(), null);
  }

  /** Busy, broken for now, or unreachable: worth asking again at once, unless the answer had begun. */
  static EndpointFailure transientFailure(String message, boolean afterOutput, Optional<Duration> retryAfter,
      Throwable cause) {
    return new EndpointFailure(message, true, true, afterOutput, retryAfter, cause);
  }

  boolean retryable() {
    return retryable;
  }

  boolean retryNow() {
    return retryNow;
  }

  boolean afterOutput() {
    return afterOutput;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
