package io.mediawhisperer.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(500), MAX_BACKOFF, MAX_RETRY_AFTER);

  /** What a plugin's SPI exception carries. */
  static final class Reported extends Exception {
    final boolean retryable;

    Reported(String message, boolean retryable, Throwable cause) {
      super(message, cause);
      this.retryable = retryable;
    }
  }

  @Test
  void backsOffExponentiallyThenGivesUp() {
    assertThat(policy.delayBefore(1, Optional.empty())).contains(Duration.ofMillis(500));
    assertThat(policy.delayBefore(2, Optional.empty())).contains(Duration.ofSeconds(1));
    assertThat(policy.delayBefore(3, Optional.empty())).contains(Duration.ofSeconds(2));
    assertThat(policy.delayBefore(4, Optional.empty())).isEmpty();
    assertThat(new RetryPolicy(40, Duration.ofSeconds(1), MAX_BACKOFF, MAX_RETRY_AFTER).delayBefore(30, Optional.empty()))
        .contains(MAX_BACKOFF);
  }

  @Test
  void waitsWhatTheServerAsksButNotForever() {
    assertThat(policy.delayBefore(1, Optional.of(Duration.ofSeconds(7)))).contains(Duration.ofSeconds(7));
    assertThat(policy.delayBefore(1, Optional.of(Duration.ofHours(1)))).isEmpty();
    assertThat(policy.delayBefore(4, Optional.of(Duration.ofSeconds(1)))).isEmpty();
  }

  @Test
  void eachPolicyHasItsOwnCaps() {
    RetryPolicy impatient = new RetryPolicy(3, Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertThat(impatient.delayBefore(2, Optional.empty())).contains(Duration.ofSeconds(10));
    assertThat(impatient.delayBefore(1, Optional.of(Duration.ofSeconds(30)))).contains(Duration.ofSeconds(30));
    assertThat(impatient.delayBefore(1, Optional.of(Duration.ofSeconds(31)))).isEmpty();
  }

  @Test
  void readsRetryAfterAsSecondsOrAsADate() {
    Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryAfter.parse(Optional.of("20"), clock)).contains(Duration.ofSeconds(20));
    assertThat(RetryAfter.parse(Optional.of("Sun, 01 Jun 2025 12:00:30 GMT"), clock)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Optional.of("Sun, 01 Jun 2025 11:00:00 GMT"), clock)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse(Optional.of("soon"), clock)).isEmpty();
    assertThat(RetryAfter.parse(Optional.empty(), clock)).isEmpty();
    assertThat(RetryAfter.parse(Optional.of("  "), clock)).isEmpty();
    assertThat(RetryAfter.parse(Optional.of("-5"), clock)).contains(Duration.ZERO);
  }

  @Test
  void callAsksAgainAfterTransientFailuresUntilAnAnswer() throws Exception {
    Queue<EndpointFailure> failures = new ArrayDeque<>(List.of(
        EndpointFailure.transientFailure("503", false, Optional.empty(), null),
        EndpointFailure.transientFailure("429", false, Optional.of(Duration.ZERO), null)));
    AtomicInteger calls = new AtomicInteger();
    String answer = quick(3).call(() -> {
      calls.incrementAndGet();
      if (!failures.isEmpty()) {
        throw failures.remove();
      }
      return "answer";
    }, Reported::new);
    assertThat(answer).isEqualTo("answer");
    assertThat(calls).hasValue(3);
  }

  @Test
  void callGivesUpAfterTheLastRetryAsRetryable() {
    AtomicInteger calls = new AtomicInteger();
    Reported e = reported(quick(2), EndpointFailure.transientFailure("POST x answered 500: fire", false,
        Optional.empty(), null), calls);
    assertThat(calls).hasValue(3);
    assertThat(e.retryable).isTrue();
    assertThat(e).hasMessage("POST x answered 500: fire (gave up after 3 attempts)");
    assertThat(e.getCause()).isInstanceOf(EndpointFailure.class);
    assertThat(reported(quick(0), EndpointFailure.transientFailure("down", false, Optional.empty(), null), calls))
        .hasMessage("down (gave up after 1 attempt)");
  }

  @Test
  void callDoesNotWaitLongerThanTheCap() {
    AtomicInteger calls = new AtomicInteger();
    Reported e = reported(quick(5),
        EndpointFailure.transientFailure("busy", false, Optional.of(Duration.ofMinutes(10)), null), calls);
    assertThat(calls).hasValue(1);
    assertThat(e.retryable).isTrue();
    assertThat(e).hasMessage("busy (the server asks to wait 600 s, more than we wait)");
  }

  @Test
  void callReportsAtOnceWhatIsNotWorthAskingAgainNow() {
    AtomicInteger calls = new AtomicInteger();
    Reported refused = reported(quick(3), EndpointFailure.permanent("refused", false), calls);
    assertThat(refused.retryable).isFalse();
    assertThat(refused).hasMessage("refused");
    Reported slow = reported(quick(3), EndpointFailure.timeout("slow", false), calls);
    assertThat(slow.retryable).isTrue();
    assertThat(slow).hasMessage("slow");
    Reported cut = reported(quick(3), EndpointFailure.transientFailure("broke off", true, Optional.empty(), null), calls);
    assertThat(cut.retryable).isTrue();
    assertThat(cut).hasMessage("broke off (after part of the answer had been sent)");
    assertThat(calls).as("none of them asked again").hasValue(3);
  }

  @Test
  void anInterruptedWaitIsARetryableFailure() {
    Thread.currentThread().interrupt();
    try {
      Reported e = reported(quick(1), EndpointFailure.transientFailure("503", false, Optional.empty(), null),
          new AtomicInteger());
      assertThat(e.retryable).isTrue();
      assertThat(e).hasMessage("interrupted while waiting to retry: 503");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInterruptedCallIsThrownOnForTheCallerToWord() {
    assertThatThrownBy(() -> quick(3).call(() -> {
      throw new InterruptedException();
    }, Reported::new)).isInstanceOf(InterruptedException.class);
  }

  /** What {@code policy.call} reports when every call fails with {@code failure}; {@code calls} counts the calls. */
  private static Reported reported(RetryPolicy policy, EndpointFailure failure, AtomicInteger calls) {
    return catchThrowableOfType(Reported.class, () -> policy.call(() -> {
      calls.incrementAndGet();
      throw failure;
    }, Reported::new));
  }

  private static RetryPolicy quick(int maxRetries) {
    return new RetryPolicy(maxRetries, Duration.ofMillis(1), MAX_BACKOFF, MAX_RETRY_AFTER);
  }
}
