package io.mediawhisperer.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Who used the CPU during a measurement: this JVM (its process CPU time) and everything else on
 * the cores it may use (busy time from {@code /proc/stat} minus ours), each as a share of those
 * cores over the wall time. A high "others" share means the numbers were taken on a busy machine.
 */
final class CpuMeter {

  /** Linux reports /proc/stat in USER_HZ ticks, 100 a second on every mainstream kernel. */
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final Set<Integer> ALLOWED_CPUS = allowedCpus();

  record Sample(long wallNanos, long processCpuNanos, long systemBusyNanos) {
  }

  record Usage(double oursPercent, double othersPercent) {
  }

  private CpuMeter() {
  }

  static Sample sample() {
    long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    return new Sample(System.nanoTime(), process, systemBusyNanos());
  }

  static Usage between(Sample from, Sample to) {
    double capacity = (double) (to.wallNanos - from.wallNanos) * CORES;
    if (capacity <= 0 || from.processCpuNanos < 0) {
      return new Usage(Double.NaN, Double.NaN);
    }
    long ours = to.processCpuNanos - from.processCpuNanos;
    double others = from.systemBusyNanos < 0 || to.systemBusyNanos < 0 ? Double.NaN
        : Math.max(0, (to.systemBusyNanos - from.systemBusyNanos) - ours) * 100.0 / capacity;
    return new Usage(Math.min(100, ours * 100.0 / capacity), Math.min(100, others));
  }

  /**
   * user + nice + system + irq + softirq + steal of the cores this process may use (the "cpuN"
   * lines of its affinity, so a run pinned with taskset counts only its own core), or -1 off Linux.
   */
  private static long systemBusyNanos() {
    try {
      long busy = 0;
      boolean counted = false;
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        String[] f = line.trim().split("\\s+");
        boolean wanted = ALLOWED_CPUS == null ? f[0].equals("cpu")
            : f[0].matches("cpu\\d+") && ALLOWED_CPUS.contains(Integer.parseInt(f[0].substring(3)));
        if (wanted && f.length >= 9) {
          busy += Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
              + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
          counted = true;
        }
      }
      return counted ? busy * NANOS_PER_TICK : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The CPUs of this process's affinity ({@code Cpus_allowed_list} of /proc/self/status, e.g. "0-1,4"), or null when unknown. */
  private static Set<Integer> allowedCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          Set<Integer> cpus = new HashSet<>();
          for (String range : line.substring(line.indexOf(':') + 1).trim().split(",")) {
            String[] ends = range.split("-");
            int first = Integer.parseInt(ends[0].trim());
            int last = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : first;
            for (int cpu = first; cpu <= last; cpu++) {
              cpus.add(cpu);
            }
          }
          return cpus;
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
