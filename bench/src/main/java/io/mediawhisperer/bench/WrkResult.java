package io.mediawhisperer.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run printed: requests completed, duration, throughput, the latency
 * distribution, and what went wrong (responses of 4xx or 5xx, socket errors). wrk prints the error
 * lines only when a count is not zero, so a missing line is zero; a missing throughput, request
 * count or percentile line means the output is not what wrk --latency prints, and parsing fails.
 */
record WrkResult(long requests, double seconds, double requestsPerSecond, double p50Ms, double p75Ms, double p90Ms,
    double p99Ms, long non2xx, long connectErrors, long readErrors, long writeErrors, long timeouts) {

  private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ([0-9.]+)(us|ms|s|m|h),");
  private static final Pattern THROUGHPUT = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)\\s*$");
  private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses: (\\d+)\\s*$");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)\\s*$");

  static WrkResult parse(String output) {
    Matcher requests = find(REQUESTS, output, "'N requests in T'");
    Matcher throughput = find(THROUGHPUT, output, "'Requests/sec:'");
    Matcher non2xx = NON_2XX.matcher(output);
    Matcher errors = SOCKET_ERRORS.matcher(output);
    boolean anyErrors = errors.find();
    return new WrkResult(Long.parseLong(requests.group(1)),
        millis(requests.group(2), requests.group(3)) / 1000,
        Double.parseDouble(throughput.group(1)),
        percentile(output, 50), percentile(output, 75), percentile(output, 90), percentile(output, 99),
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
        anyErrors ? Long.parseLong(errors.group(1)) : 0, anyErrors ? Long.parseLong(errors.group(2)) : 0,
        anyErrors ? Long.parseLong(errors.group(3)) : 0, anyErrors ? Long.parseLong(errors.group(4)) : 0);
  }

  /** Responses that were not 2xx/3xx plus socket errors of every kind: anything but zero spoils the run. */
  long failures() {
    return non2xx + connectErrors + readErrors + writeErrors + timeouts;
  }

  String describeFailures() {
    return String.format(Locale.ROOT, "%d non-2xx/3xx responses; socket errors: connect %d, read %d, write %d, timeout %d",
        non2xx, connectErrors, readErrors, writeErrors, timeouts);
  }

  Load load() {
    return new Load(requests, seconds, requestsPerSecond, p50Ms, p99Ms);
  }

  /** A line of the "Latency Distribution" block, e.g. {@code "     99%  284.67ms"}. */
  private static double percentile(String output, int percent) {
    Matcher m = find(Pattern.compile("(?m)^\\s*" + percent + "%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$"), output,
        "the " + percent + "% line of the latency distribution (was wrk run with --latency?)");
    return millis(m.group(1), m.group(2));
  }

  /** wrk's time units (units.c): us, ms, s, and m or h past a minute. */
  private static double millis(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      case "m" -> v * 60_000;
      case "h" -> v * 3_600_000;
      default -> throw new IllegalArgumentException("unknown time unit " + unit);
    };
  }

  private static Matcher find(Pattern pattern, String output, String what) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IllegalArgumentException("wrk's output has no " + what + ":\n" + output);
    }
    return m;
  }
}
