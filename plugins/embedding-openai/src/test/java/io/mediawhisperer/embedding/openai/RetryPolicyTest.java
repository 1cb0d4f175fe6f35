package io.mediawhisperer.embedding.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(500));

  @Test
  void backsOffExponentiallyThenGivesUp() {
    assertThat(policy.delayBefore(1, Optional.empty())).contains(Duration.ofMillis(500));
    assertThat(policy.delayBefore(2, Optional.empty())).contains(Duration.ofSeconds(1));
    assertThat(policy.delayBefore(3, Optional.empty())).contains(Duration.ofSeconds(2));
    assertThat(policy.delayBefore(4, Optional.empty())).isEmpty();
    assertThat(new RetryPolicy(40, Duration.ofSeconds(1)).delayBefore(30, Optional.empty()))
        .contains(RetryPolicy.MAX_BACKOFF);
  }

  @Test
  void waitsWhatTheServerAsksButNotForever() {
    assertThat(policy.delayBefore(1, Optional.of(Duration.ofSeconds(7)))).contains(Duration.ofSeconds(7));
    assertThat(policy.delayBefore(1, Optional.of(Duration.ofHours(1)))).isEmpty();
    assertThat(policy.delayBefore(4, Optional.of(Duration.ofSeconds(1)))).isEmpty();
  }

  @Test
  void readsRetryAfterAsSecondsOrAsADate() {
    Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryAfter.parse(Optional.of("20"), clock)).contains(Duration.ofSeconds(20));
    assertThat(RetryAfter.parse(Optional.of("Sun, 01 Jun 2025 12:00:30 GMT"), clock)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Optional.of("Sun, 01 Jun 2025 11:00:00 GMT"), clock)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse(Optional.of("soon"), clock)).isEmpty();
    assertThat(RetryAfter.parse(Optional.empty(), clock)).isEmpty();
  }
}
