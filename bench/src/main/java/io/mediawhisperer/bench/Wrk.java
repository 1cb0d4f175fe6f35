package io.mediawhisperer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code wrk} binary with {@code --latency}: a short warm-up run, then the measured one;
 * threads are {@code min(connections, cores)} (so -t1 -c1 and -t2 -c16 on two cores). A measured
 * run with any non-2xx/3xx response or socket error fails: its numbers would not be of the path
 * named. Lua scripts are written into a directory of the caller's.
 */
final class Wrk {

  /** What wrk sends: its URL and the options that shape the requests (-H, -s). */
  record Target(String url, List<String> options) {
  }

  private final Path scripts;
  private final int warmupSeconds;
  private final int seconds;
  private int written;

  Wrk(Path scripts, int warmupSeconds, int seconds) {
    this.scripts = scripts;
    this.warmupSeconds = warmupSeconds;
    this.seconds = seconds;
  }

  /** GET with headers ("Name: value"). */
  static Target get(String url, String... headers) {
    List<String> options = new ArrayList<>();
    for (String header : headers) {
      options.add("-H");
      options.add(header);
    }
    return new Target(url, options);
  }

  /** A target whose requests a Lua script makes. */
  Target scripted(String url, String lua) throws IOException {
    Path script = scripts.resolve("requests-" + (++written) + ".lua");
    Files.writeString(script, lua, StandardCharsets.UTF_8);
    return new Target(url, List.of("-s", script.toString()));
  }

  /** The short run before a measured one (nothing when the warm-up is 0 s); fails as a measured run would. */
  void warmUp(Target target, int connections) throws Exception {
    warmUp(target, connections, warmupSeconds);
  }

  void warmUp(Target target, int connections, int seconds) throws Exception {
    if (seconds > 0) {
      check(run(target, connections, seconds), target, connections, "warm-up");
    }
  }

  WrkResult measure(Target target, int connections) throws Exception {
    return check(run(target, connections, seconds), target, connections, "measured run");
  }

  /** The command line of a measured run, for the report. */
  String describe(int connections) {
    return "wrk -t" + threads(connections) + " -c" + connections + " -d" + seconds + "s --latency";
  }

  private static int threads(int connections) {
    return Math.min(connections, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  private static WrkResult check(WrkResult result, Target target, int connections, String which) {
    if (result.failures() > 0) {
      throw new IllegalStateException("wrk " + which + " on " + target.url() + " with " + connections + " connections: "
          + result.describeFailures() + " (of " + result.requests() + " requests)");
    }
    return result;
  }

  private static WrkResult run(Target target, int connections, int seconds) throws Exception {
    List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads(connections), "-c" + connections, "-d" + seconds + "s", "--latency"));
    command.addAll(target.options());
    command.add(target.url());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("wrk did not end: " + String.join(" ", command));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("wrk exited with " + process.exitValue() + ": " + String.join(" ", command) + "\n" + output);
    }
    return WrkResult.parse(output);
  }
}
