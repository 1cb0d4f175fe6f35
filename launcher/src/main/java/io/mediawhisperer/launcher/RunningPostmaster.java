package io.mediawhisperer.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The port of the PostgreSQL running on a cluster directory, read from its {@code postmaster.pid}; null when none runs. */
final class RunningPostmaster {

  private RunningPostmaster() {
  }

  static Integer port(Path clusterDir) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(clusterDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException none) {
      return null;
    }
    // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
    if (lines.size() < 4 || !ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false)) {
      return null;
    }
    return Integer.parseInt(lines.get(3).trim());
  }
}
