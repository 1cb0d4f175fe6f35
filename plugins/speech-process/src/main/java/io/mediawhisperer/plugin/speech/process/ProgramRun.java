package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.SpeechException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs one engine program to its end, or kills it. The command is a fixed list of arguments (no
 * shell), and the program sees a few environment variables only ({@link #ENVIRONMENT}). Its input
 * comes from a file (or is empty), its output goes to a file or nowhere and its errors to a file:
 * no pipe is left for the program to fill, so it can never block on a reader that is not
 * reading. While it runs, the cancel check and the deadline are
 * looked at every {@value #POLL_MILLIS} ms; either kills the process at once.
 */
final class ProgramRun {

  static final long POLL_MILLIS = 50;
  private static final int STDERR_CHARS = 1_000;
  /**
   * What of the server's environment a program sees: where programs and its data are, and the
   * locale. Nothing else: the server's environment may hold secrets (API keys, database URLs).
   */
  static final Set<String> ENVIRONMENT = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE", "ESPEAK_DATA_PATH");

  private ProgramRun() {
  }

  /**
   * Runs {@code command} in {@code workDir}.
   *
   * @param stdin  the file the program reads as its input, null for none
   * @param stdout the file its output is written to, null to discard it
   * @throws SpeechException when it cannot start, exits with another code than 0 (its error output
   *                         in the message), or was killed because of the deadline or a cancel
   */
  static void run(List<String> command, Path workDir, Path stdin, Path stdout, Instant deadline, BooleanSupplier cancelled)
      throws SpeechException {
    String program = Path.of(command.get(0)).getFileName().toString();
    Path stderr = null;
    Process process = null;
    String early = stopReason(deadline, cancelled);
    if (early != null) {
      throw new SpeechException(program + " was not started: " + early);
    }
    try {
      stderr = Files.createTempFile(workDir, "stderr-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()))
          .redirectError(stderr.toFile());
      builder.environment().keySet().retainAll(ENVIRONMENT);
      if (stdin != null) {
        builder.redirectInput(stdin.toFile());
      }
      process = builder.start();
      if (stdin == null) {
        process.getOutputStream().close(); // an empty input: the program sees its end at once
      }
      String stop = waitFor(process, deadline, cancelled);
      if (stop != null) {
        kill(process);
        throw new SpeechException(program + " was stopped: " + stop);
      }
      if (process.exitValue() != 0) {
        String errors = tail(stderr);
        throw new SpeechException(program + " failed with exit code " + process.exitValue()
            + (errors.isEmpty() ? "" : ": " + errors));
      }
    } catch (IOException e) {
      throw new SpeechException("cannot run " + program + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new SpeechException(program + " was stopped: the thread waiting for it was interrupted", e);
    } finally {
      if (process != null && process.isAlive()) {
        kill(process); // an unexpected error while it ran: never leave it behind
      }
      deleteQuietly(stderr);
    }
  }

  /** Null once the process has exited; otherwise why it must be stopped. */
  private static String waitFor(Process process, Instant deadline, BooleanSupplier cancelled) throws InterruptedException {
    while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      String stop = stopReason(deadline, cancelled);
      if (stop != null) {
        return stop;
      }
    }
    return null;
  }

  private static String stopReason(Instant deadline, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      return "the request was cancelled";
    }
    if (Instant.now().isAfter(deadline)) {
      return "the deadline " + deadline + " has passed";
    }
    return null;
  }

  private static void kill(Process process) {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last characters the program wrote to its error output, on one line. */
  private static String tail(Path stderr) throws IOException {
    long size = Files.size(stderr);
    try (InputStream in = Files.newInputStream(stderr)) {
      in.skipNBytes(Math.max(0, size - 4 * STDERR_CHARS));
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
      return text.length() <= STDERR_CHARS ? text : "..." + text.substring(text.length() - STDERR_CHARS);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file of the engine's own directory, removed when the engine closes
    }
  }
}
