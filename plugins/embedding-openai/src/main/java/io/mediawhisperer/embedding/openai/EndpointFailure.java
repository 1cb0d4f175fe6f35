package io.mediawhisperer.embedding.openai;

import java.time.Duration;
import java.util.Optional;

/**
 * One failed request, with what the retry loop needs to know: whether trying again may help,
 * and how long the server asked us to wait (Retry-After).
 */
final class EndpointFailure extends Exception {

  private final boolean retryable;
  private final transient Optional<Duration> retryAfter;

  EndpointFailure(String message, boolean retryable, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  static EndpointFailure permanent(String message) {
    return new EndpointFailure(message, false, Optional.empty(), null);
  }

  boolean retryable() {
    return retryable;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
