package io.mediawhisperer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCpuTest {

  @Test
  void readsTheTimesAfterACommandNameWithSpacesAndParentheses() {
    String line = "4242 (postgres: mw (x) idle) S 1 4242 4242 0 -1 4194560 812 3290 0 0 17 9 123 45 20 0 1 0 1806 "
        + "230162432 9956 18446744073709551615 1 1 0 0 0 0 4194304 19935232 84487 0 0 0 17 1 0 0 0 0 0\n";

    assertThat(RunCpu.parseStat(line)).containsExactly(17, 9, 123, 45);
  }

  @Test
  void readsThisProcessesOwnStat() {
    long[] times = RunCpu.stat(java.nio.file.Path.of("/proc/self/stat"));

    assertThat(times).hasSize(4);
    assertThat(times[0] + times[1]).isPositive();
  }
}
