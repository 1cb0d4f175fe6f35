package io.mediawhisperer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTest {

  @Test
  void theMedianOfRoundsTakesEachFiguresOwnMedianAndSumsTheCounts() {
    Load median = Load.median(List.of(
        new Load(100, 10, 10, 5, 90),
        new Load(300, 10, 30, 1, 10),
        new Load(200, 10, 20, 3, 50)));

    assertThat(median).isEqualTo(new Load(600, 30, 20, 3, 50));
  }

  @Test
  void anEvenNumberOfRoundsAveragesTheTwoMiddleOnes() {
    Load median = Load.median(List.of(new Load(10, 1, 10, 2, 20), new Load(30, 1, 30, 4, 40)));

    assertThat(median.requestsPerSecond()).isEqualTo(20);
    assertThat(median.p50Ms()).isEqualTo(3);
    assertThat(median.p99Ms()).isEqualTo(30);
  }

  @Test
  void aCellSaysThroughputAndBothPercentiles() {
    assertThat(new Load(2430, 10, 243, 3.7, 75).cell()).isEqualTo("243 req/s, p50 3.70 ms, p99 75.0 ms");
  }
}
