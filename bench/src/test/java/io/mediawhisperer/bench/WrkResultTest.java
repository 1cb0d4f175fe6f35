package io.mediawhisperer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkResultTest {

  /** wrk 4.1.0 (Debian) against a server that answers 200, one connection. */
  private static final String CLEAN = """
      Running 2s test @ http://127.0.0.1:18099/
        1 threads and 1 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency    11.98ms   25.17ms 163.12ms   89.18%
          Req/Sec   319.05    193.07   680.00     63.16%
        Latency Distribution
           50%  791.00us
           75%    7.41ms
           90%   40.75ms
           99%    1.66s
        630 requests in 2.05s, 0.89MB read
      Requests/sec:    307.64
      Transfer/sec:    447.24KB
      """;

  /** The same wrk against a path that answers 404, with timeouts: the error lines appear only then. */
  private static final String FAILING = """
      Running 1m test @ http://127.0.0.1:18099/nope
        2 threads and 16 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency    21.68ms   52.51ms 340.33ms   91.06%
          Req/Sec     1.07k   339.95     1.71k    63.16%
        Latency Distribution
           50%    2.29ms
           75%    9.84ms
           90%   61.82ms
           99%  284.67ms
        81620 requests in 1.00m, 165.47MB read
        Socket errors: connect 0, read 3, write 0, timeout 792
        Non-2xx or 3xx responses: 1022
      Requests/sec:   1360.33
      Transfer/sec:    255.52KB
      """;

  @Test
  void readsThroughputCountAndPercentilesInEveryTimeUnit() {
    WrkResult r = WrkResult.parse(CLEAN);

    assertThat(r.requests()).isEqualTo(630);
    assertThat(r.seconds()).isCloseTo(2.05, within(1e-9));
    assertThat(r.requestsPerSecond()).isCloseTo(307.64, within(1e-9));
    assertThat(r.p50Ms()).isCloseTo(0.791, within(1e-9));
    assertThat(r.p75Ms()).isCloseTo(7.41, within(1e-9));
    assertThat(r.p90Ms()).isCloseTo(40.75, within(1e-9));
    assertThat(r.p99Ms()).isCloseTo(1660, within(1e-9));
    assertThat(r.failures()).isZero();
    assertThat(r.load()).isEqualTo(new Load(630, 2.05, 307.64, 0.791, 1660));
  }

  @Test
  void countsNon2xxResponsesAndSocketErrorsAsFailures() {
    WrkResult r = WrkResult.parse(FAILING);

    assertThat(r.seconds()).isCloseTo(60, within(1e-9));
    assertThat(r.requests()).isEqualTo(81620);
    assertThat(r.non2xx()).isEqualTo(1022);
    assertThat(r.readErrors()).isEqualTo(3);
    assertThat(r.timeouts()).isEqualTo(792);
    assertThat(r.failures()).isEqualTo(1022 + 3 + 792);
    assertThat(r.describeFailures()).contains("1022 non-2xx").contains("timeout 792");
  }

  @Test
  void refusesOutputWithoutTheLatencyDistribution() {
    String withoutLatency = CLEAN.replaceAll("(?m)^\\s+\\d+%.*\\n", "");

    assertThatThrownBy(() -> WrkResult.parse(withoutLatency)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--latency");
  }

  @Test
  void refusesWhatIsNotWrkOutput() {
    assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:18099 Connection refused\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests in");
  }
}
