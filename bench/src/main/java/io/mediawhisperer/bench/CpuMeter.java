package io.mediawhisperer.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who used the CPU during a measurement: this JVM (its process CPU time) and everything else on
 * the machine (busy time from {@code /proc/stat} minus ours), each as a share of all cores over
 * the wall time. A high "others" share means the numbers were taken on a busy machine.
 */
final class CpuMeter {

  /** Linux reports /proc/stat in USER_HZ ticks, 100 a second on every mainstream kernel. */
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

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

  /** user + nice + system + irq + softirq + steal of the "cpu" line, or -1 off Linux. */
  private static long systemBusyNanos() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      if (!f[0].equals("cpu") || f.length < 9) {
        return -1;
      }
      long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
          + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
