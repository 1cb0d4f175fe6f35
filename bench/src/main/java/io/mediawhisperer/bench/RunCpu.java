package io.mediawhisperer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who used the CPU during one load run, as shares of all cores over its wall time: this JVM (the
 * node, the floor server, the bus caller), wrk (a child of this JVM: its time is added to ours as
 * "children" once it has exited and been waited for), the embedded PostgreSQL (its postmaster, the
 * backends and the ones that exited), and everything else on the machine, which is the noise:
 * other people's work. Linux only; what cannot be read is NaN.
 */
final class RunCpu {

  /** Linux reports /proc/[pid]/stat in USER_HZ ticks, 100 a second on every mainstream kernel. */
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  record Sample(CpuMeter.Sample machine, long childrenNanos, long postgresNanos) {
  }

  record Usage(double jvmPercent, double wrkPercent, double postgresPercent, double othersPercent) {
  }

  /** {@code postmaster.pid} of the node's embedded PostgreSQL; null when the node uses a server of its own. */
  private final Path postmasterPid;

  RunCpu(Path postmasterPid) {
    this.postmasterPid = postmasterPid;
  }

  Sample sample() {
    return new Sample(CpuMeter.sample(), selfChildrenNanos(), postgresNanos());
  }

  Usage between(Sample from, Sample to) {
    double capacity = (double) (to.machine().wallNanos() - from.machine().wallNanos()) * CORES;
    CpuMeter.Usage jvm = CpuMeter.between(from.machine(), to.machine());
    long wrk = delta(from.childrenNanos(), to.childrenNanos());
    long postgres = delta(from.postgresNanos(), to.postgresNanos());
    long machine = delta(from.machine().systemBusyNanos(), to.machine().systemBusyNanos());
    long ours = delta(from.machine().processCpuNanos(), to.machine().processCpuNanos());
    double others = machine < 0 || ours < 0 ? Double.NaN
        : Math.max(0, machine - ours - Math.max(0, wrk) - Math.max(0, postgres)) * 100.0 / capacity;
    return new Usage(jvm.oursPercent(), percent(wrk, capacity), percent(postgres, capacity), Math.min(100, others));
  }

  private static long delta(long from, long to) {
    return from < 0 || to < 0 ? -1 : to - from;
  }

  private static double percent(long nanos, double capacity) {
    return nanos < 0 || capacity <= 0 ? Double.NaN : Math.min(100, nanos * 100.0 / capacity);
  }

  /** cutime + cstime of this process: the children it has waited for. */
  private static long selfChildrenNanos() {
    long[] times = stat(Path.of("/proc/self/stat"));
    return times == null ? -1 : (times[2] + times[3]) * NANOS_PER_TICK;
  }

  /** The postmaster's own time, its exited children's, and the running backends'. */
  private long postgresNanos() {
    if (postmasterPid == null) {
      return -1;
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
      long[] postmaster = stat(Path.of("/proc", String.valueOf(pid), "stat"));
      if (postmaster == null) {
        return -1;
      }
      long ticks = postmaster[0] + postmaster[1] + postmaster[2] + postmaster[3];
      for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
        long[] backend = stat(Path.of("/proc", String.valueOf(child.pid()), "stat"));
        ticks += backend == null ? 0 : backend[0] + backend[1];
      }
      return ticks * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime, stime, cutime, cstime (ticks) of a /proc/[pid]/stat, or null when it cannot be read. */
  static long[] stat(Path file) {
    try {
      return parseStat(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Fields 14-17 of proc(5)'s stat line; counted after the command name, which may hold spaces and parentheses. */
  static long[] parseStat(String line) {
    String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
  }
}
