package io.mediawhisperer.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postmaster a killed node left running in its embedded database's directory. Nothing stops
 * it when its node dies without running its shutdown hook ({@code kill -9}, an OOM kill), and
 * while it runs a new postmaster cannot start there. Called with the directory's {@link OwnerLock}
 * held, so no live node owns it: the postmaster is an orphan, and is stopped.
 */
final class OrphanedPostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
  /** The wait for a fast shutdown, which ends with a checkpoint. */
  private static final long SHUTDOWN_SECONDS = 30;
  /** The wait after SIGKILL. */
  private static final long KILL_SECONDS = 10;

  private OrphanedPostmaster() {
  }

  /**
   * Blocking: stops the postmaster {@code postmaster.pid} in {@code clusterDir} names, if it is
   * alive and runs on that directory. A pid file naming a dead process is left to PostgreSQL,
   * which ignores it; one naming a live process a live process that is certainly not a postmaster of this directory (its pid
   * reused) is removed.
   *
   * @throws IllegalStateException when the file names a live process that cannot be told apart
   *     from a postmaster of this directory (PostgreSQL would refuse to start), or when the
   *     postmaster does not stop
   */
  static void stopIfRunning(Path clusterDir) throws IOException {
    Optional<Long> pid = pid(clusterDir);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(OrphanedPostmaster::alive);
    if (process.isEmpty()) {
      return;
    }
    switch (owner(process.get(), clusterDir)) {
      case THIS_DIRECTORY -> {
        // the dead owner's postmaster: stopped below
      }
      case ELSEWHERE -> {
        // a dead postmaster's pid, taken since by another process (after a reboot, say): PostgreSQL
        // would refuse to start while it lives, and no postmaster runs here, or it would be named
        LOG.warn("{} names pid {}, now another process; removing the stale file", clusterDir.resolve("postmaster.pid"), pid.get());
        Files.deleteIfExists(clusterDir.resolve("postmaster.pid"));
        return;
      }
      default -> throw new IllegalStateException(clusterDir.resolve("postmaster.pid") + " names process " + pid.get()
          + ", which is alive but cannot be told apart from a PostgreSQL of this directory; if none runs on " + clusterDir
          + ", remove that file");
    }
    LOG.warn("the embedded PostgreSQL in {} (pid {}) outlived the node that started it; stopping it", clusterDir, pid.get());
    long started = System.nanoTime();
    ProcessHandle postmaster = process.get();
    // its children (backends, checkpointer...) are collected now: once it is gone they are no longer its
    List<ProcessHandle> children = postmaster.children().toList();
    if (!fastShutdown(postmaster) && !postmaster.destroy()) {
      LOG.warn("cannot signal pid {}", pid.get());
    }
    if (!stopped(postmaster, SHUTDOWN_SECONDS)) {
      LOG.warn("pid {} still runs {} s after the shutdown request; sending SIGKILL to it and its children", pid.get(), SHUTDOWN_SECONDS);
      postmaster.destroyForcibly();
      // a backend that outlived its postmaster still holds the shared memory a new one would refuse to share
      children.forEach(ProcessHandle::destroyForcibly);
      boolean gone = stopped(postmaster, KILL_SECONDS);
      for (ProcessHandle child : children) {
        gone &= stopped(child, KILL_SECONDS);
      }
      if (!gone) {
        throw new IllegalStateException("the orphaned PostgreSQL in " + clusterDir + " (pid " + pid.get()
            + ") does not stop; stop it by hand");
      }
    }
    LOG.info("the orphaned PostgreSQL in {} stopped in {} ms", clusterDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** The first line of {@code postmaster.pid}, if there is one. */
  static Optional<Long> pid(Path clusterDir) {
    try {
      List<String> lines = Files.readAllLines(clusterDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot read {}: {}", clusterDir.resolve("postmaster.pid"), e.toString());
      return Optional.empty();
    }
  }

  private enum Owner { THIS_DIRECTORY, ELSEWHERE, UNKNOWN }

  /**
   * Whether the process is a postmaster of this directory, or an unrelated process that took over a
   * dead postmaster's pid. A postmaster's working directory is its data directory, which Linux
   * shows in /proc: there the answer is certain. Elsewhere a postgres command given this directory
   * is taken for ours, and anything else is unknown.
   */
  private static Owner owner(ProcessHandle process, Path clusterDir) {
    if (Files.isDirectory(Path.of("/proc/self"))) {
      try {
        Path cwd = Path.of("/proc", String.valueOf(process.pid()), "cwd").toRealPath();
        return Files.isSameFile(cwd, clusterDir.toRealPath()) ? Owner.THIS_DIRECTORY : Owner.ELSEWHERE;
      } catch (IOException e) {
        return Owner.UNKNOWN; // gone meanwhile, or not ours to look at
      }
    }
    ProcessHandle.Info info = process.info();
    boolean postgres = info.command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres")).orElse(false);
    String directory = clusterDir.toAbsolutePath().toString();
    return postgres && info.arguments().map(args -> List.of(args).contains(directory)).orElse(false)
        ? Owner.THIS_DIRECTORY : Owner.UNKNOWN;
  }

  /**
   * SIGINT, PostgreSQL's fast shutdown: it disconnects every client and writes a checkpoint, what
   * {@code pg_ctl stop -m fast} sends (pg_ctl refuses to run as root, as a container's user often
   * is). Java signals other processes only with SIGTERM and SIGKILL, hence kill(1); false when it
   * cannot be run.
   */
  private static boolean fastShutdown(ProcessHandle postmaster) {
    try {
      Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.pid()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(KILL_SECONDS, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      return false; // no kill(1) here: the caller falls back to SIGTERM, a smart shutdown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until the process is gone. */
  private static boolean stopped(ProcessHandle process, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (alive(process)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !alive(process);
      }
    }
    return true;
  }

  /**
   * Alive and not a zombie: the orphan's parent is whatever adopted it, and where that never reaps
   * (a container whose first process is not an init) the exited postmaster stays listed.
   */
  private static boolean alive(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"), StandardCharsets.US_ASCII);
      int afterName = stat.lastIndexOf(')');
      return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
    } catch (IOException e) {
      return process.isAlive(); // no /proc here, or it is gone
    }
  }
}
