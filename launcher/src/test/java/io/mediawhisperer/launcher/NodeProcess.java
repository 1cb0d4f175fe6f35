package io.mediawhisperer.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server node in a process of its own: the {@code java} of this JVM running
 * {@link Main} with this JVM's class path (so it works in {@code mvn verify} before any jar is
 * packaged) and the module flags Lucene and Hazelcast want, its output in a log file.
 */
final class NodeProcess implements AutoCloseable {

  final String name;
  final Path log;
  private final Process process;

  private NodeProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static NodeProcess start(String name, Path logDir, List<String> flags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(moduleFlags());
    command.add("-Xmx768m");
    command.add("-cp");
    // surefire may hand this JVM a manifest-only jar whose Class-Path names everything: it works for the child too
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("serve");
    command.addAll(flags);
    Path log = Files.createDirectories(logDir).resolve(name + ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new NodeProcess(name, log, process);
  }

  /** The --add-opens/--add-exports/--add-modules/--enable-native-access flags this JVM was started with. */
  private static List<String> moduleFlags() {
    List<String> out = new ArrayList<>();
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      for (String flag : List.of("--add-opens", "--add-exports", "--add-modules", "--enable-native-access")) {
        if (arg.startsWith(flag + "=")) {
          out.add(arg);
        } else if (arg.equals(flag) && i + 1 < args.size()) {
          out.add(arg);
          out.add(args.get(++i));
        }
      }
    }
    return out;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL on Linux: no shutdown hook runs, nothing is flushed or released. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The end of the node's log, for a failure message. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process: SIGTERM first (its shutdown hook leaves the cluster), SIGKILL if it lingers. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
