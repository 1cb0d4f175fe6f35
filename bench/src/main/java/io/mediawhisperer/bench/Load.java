package io.mediawhisperer.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One measured load run, from wrk or from the bench's own bus caller: how many requests completed
 * within the run, the throughput and the latency percentiles (milliseconds).
 */
record Load(long requests, double seconds, double requestsPerSecond, double p50Ms, double p99Ms) {

  /**
   * The same measurement repeated: the median of each of throughput, p50 and p99 over the rounds
   * (for an even count, the mean of the two middle ones); requests and seconds are the totals.
   */
  static Load median(List<Load> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no rounds");
    }
    return new Load(rounds.stream().mapToLong(Load::requests).sum(), rounds.stream().mapToDouble(Load::seconds).sum(),
        median(rounds.stream().mapToDouble(Load::requestsPerSecond).toArray()),
        median(rounds.stream().mapToDouble(Load::p50Ms).toArray()),
        median(rounds.stream().mapToDouble(Load::p99Ms).toArray()));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** "243 req/s, p50 3.7 ms, p99 9.1 ms", a cell of the summary table. */
  String cell() {
    return Table.format(requestsPerSecond) + " req/s, p50 " + Table.format(p50Ms) + " ms, p99 " + Table.format(p99Ms) + " ms";
  }
}
