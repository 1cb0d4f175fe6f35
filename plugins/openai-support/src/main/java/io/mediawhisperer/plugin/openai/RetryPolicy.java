package io.mediawhisperer.plugin.openai;

import java.time.Duration;
import java.util.Optional;

/**
 * When to try a failed request again, and the loop that does: up to {@code maxRetries} more
 * times, waiting what the server asked (Retry-After) or else {@code initialDelay} doubled for
 * each retry, at most {@code maxBackoff}. A server that asks for more than {@code maxRetryAfter}
 * is not waited for: the caller gets a retryable failure at once. The two caps are each plugin's
 * own (see its settings): how long a wait is bearable depends on who is waiting.
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxBackoff, Duration maxRetryAfter) {

  /** One request to the endpoint. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws EndpointFailure, InterruptedException;
  }

  /** How a plugin reports a failure to its caller: its SPI's exception, made from these three. */
  @FunctionalInterface
  public interface Report<E extends Exception> {
    E exception(String message, boolean retryable, Throwable cause);
  }

  /** The wait before retry {@code retry} (1 for the first), or empty to give up. */
  public Optional<Duration> delayBefore(int retry, Optional<Duration> retryAfter) {
    if (retry > maxRetries) {
      return Optional.empty();
    }
    if (retryAfter.isPresent()) {
      return retryAfter.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : retryAfter;
    }
    Duration backoff = initialDelay.multipliedBy(1L << Math.min(retry - 1, 20));
    return Optional.of(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
  }

  /**
   * What {@code call} returns, asked again as this policy allows. A failure not worth asking
   * again at once, or one that outlasts the retries, becomes {@code report}'s exception. An
   * interruption of the call itself is thrown on, for the caller to word; one while waiting to
   * retry becomes a retryable exception that quotes the failure waited on.
   */
  public <T, E extends Exception> T call(Call<T> call, Report<E> report) throws E, InterruptedException {
    for (int retry = 1; ; retry++) {
      EndpointFailure failure;
      try {
        return call.call();
      } catch (EndpointFailure f) {
        failure = f;
      }
      if (!failure.retryNow()) {
        String when = failure.afterOutput() ? " (after part of the answer had been sent)" : "";
        throw report.exception(failure.getMessage() + when, failure.retryable(), failure);
      }
      Optional<Duration> delay = delayBefore(retry, failure.retryAfter());
      if (delay.isEmpty()) {
        throw report.exception(failure.getMessage() + " (" + givenUp(retry, failure) + ")", true, failure);
      }
      try {
        Thread.sleep(delay.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw report.exception("interrupted while waiting to retry: " + failure.getMessage(), true, e);
      }
    }
  }

  private String givenUp(int retry, EndpointFailure failure) {
    if (retry > maxRetries) {
      return "gave up after " + retry + (retry == 1 ? " attempt" : " attempts");
    }
    return "the server asks to wait " + failure.retryAfter().orElseThrow().toSeconds() + " s, more than we wait";
  }
}
