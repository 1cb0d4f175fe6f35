package io.mediawhisperer.chat.openai;

import java.time.Duration;
import java.util.Optional;

/**
 * When to ask again after a failure: up to {@code maxRetries} more times, waiting what the
 * server asked (Retry-After) or else {@code initialDelay} doubled for each retry, at most
 * {@link #MAX_BACKOFF}. Someone is waiting for the answer, so a server that asks for more than
 * {@link #MAX_RETRY_AFTER} is not waited for: the caller gets a retryable failure at once.
 */
record RetryPolicy(int maxRetries, Duration initialDelay) {

  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  /** The wait before retry {@code retry} (1 for the first), or empty to give up. */
  Optional<Duration> delayBefore(int retry, Optional<Duration> retryAfter) {
    if (retry > maxRetries) {
      return Optional.empty();
    }
    if (retryAfter.isPresent()) {
      return retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? Optional.empty() : retryAfter;
    }
    Duration backoff = initialDelay.multipliedBy(1L << Math.min(retry - 1, 20));
    return Optional.of(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
  }
}
