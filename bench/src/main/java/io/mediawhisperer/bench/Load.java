package io.mediawhisperer.bench;

/**
 * One measured load run, from wrk or from the bench's own bus caller: how many requests completed
 * within the run, the throughput and the latency percentiles (milliseconds).
 */
record Load(long requests, double seconds, double requestsPerSecond, double p50Ms, double p99Ms) {

  /** "243 req/s, p50 3.7 ms, p99 9.1 ms", a cell of the summary table. */
  String cell() {
    return Table.format(requestsPerSecond) + " req/s, p50 " + Table.format(p50Ms) + " ms, p99 " + Table.format(p99Ms) + " ms";
  }
}
