package io.mediawhisperer.plugin.openai;

import java.time.Duration;
import java.util.Optional;

/**
 * One failed request, with what the retry loop needs to know: whether asking again may help
 * the caller later ({@link #retryable}), whether to ask again right now ({@link #retryNow}),
 * how long the server asked us to wait (Retry-After), and whether part of the answer had already
 * been handed on, after which asking again would show the user a second, different beginning.
 * The endpoint decides which kind a failure is: a timeout, say, may be worth asking again at
 * once for a batch of embeddings, but not for an answer someone is waiting for, where it would
 * only double the wait.
 */
public final class EndpointFailure extends Exception {

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
  public static EndpointFailure permanent(String message, boolean afterOutput) {
    return new EndpointFailure(message, false, false, afterOutput, Optional.empty(), null);
  }

  /** The server was too slow, and someone is waiting: worth asking again later, not at once. */
  public static EndpointFailure timeout(String message, boolean afterOutput) {
    return new EndpointFailure(message, true, false, afterOutput, Optional.empty(), null);
  }

  /** Busy, broken for now, or unreachable: worth asking again at once, unless the answer had begun. */
  public static EndpointFailure transientFailure(String message, boolean afterOutput, Optional<Duration> retryAfter,
      Throwable cause) {
    return new EndpointFailure(message, true, true, afterOutput, retryAfter, cause);
  }

  /** A status worth asking again for: too many requests (429), request timeout (408), the server's own error (5xx). */
  public static boolean transientStatus(int status) {
    return status == 429 || status == 408 || status >= 500;
  }

  /** A status that refuses the credentials (401, 403): a wrong key, or none where one is wanted. */
  public static boolean credentialsStatus(int status) {
    return status == 401 || status == 403;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean retryNow() {
    return retryNow;
  }

  public boolean afterOutput() {
    return afterOutput;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
