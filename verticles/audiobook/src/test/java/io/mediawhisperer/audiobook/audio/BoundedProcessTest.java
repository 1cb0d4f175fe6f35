package io.mediawhisperer.audiobook.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedProcessTest {

  @Test
  void describesTimeLimitsAsAPersonWrites() {
    assertThat(BoundedProcess.describe(Duration.ofMillis(300))).isEqualTo("300 ms");
    assertThat(BoundedProcess.describe(Duration.ofSeconds(2))).isEqualTo("2 s");
    assertThat(BoundedProcess.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(BoundedProcess.describe(Duration.ofMinutes(10))).isEqualTo("10 min");
  }

  @Test
  void summarizesStderrWithoutPointersOrRepeats() {
    String stderr = """
        [in#0 @ 0x55d0c1a2b3c0] Error opening input: Invalid data found when processing input
        Error opening input file file:/tmp/x.wav.

        Error opening input files: Invalid data found when processing input
        Error opening input files: Invalid data found when processing input
        """;

    assertThat(BoundedProcess.summary(stderr)).isEqualTo("in#0: Error opening input: Invalid data found when processing input;"
        + " Error opening input file file:/tmp/x.wav.; Error opening input files: Invalid data found when processing input");
  }

  @Test
  void keepsTheEndOfALongStderr() {
    String summary = BoundedProcess.summary("x".repeat(5000) + "\nthe cause");

    assertThat(summary).startsWith("...").endsWith("; the cause").hasSizeLessThan(700);
  }
}
