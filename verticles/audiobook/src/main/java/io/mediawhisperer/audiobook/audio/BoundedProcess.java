package io.mediawhisperer.audiobook.audio;

import io.mediawhisperer.audiobook.audio.AudioException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * One run of a program with a time limit and a cancel check: killed (with any children) when
 * either ends the wait, its standard error kept for the message, its standard output handed to a
 * reader on a thread of its own so a full pipe never stalls it.
 */
final class BoundedProcess {

  /** How often the cancel check and the clock are looked at while the program runs. */
  private static final long POLL_MS = 100;
  /** The end of standard error kept for a message: the error is at the end. */
  private static final int STDERR_KEPT = 16 * 1024;
  private static final int MESSAGE_CHARS = 600;
  /** ffmpeg's log prefix "[mp3 @ 0x55d0c1a2b3c0] ": the address means nothing to a reader. */
  private static final Pattern LOG_CONTEXT = Pattern.compile("\\[([^\\]@]+?) @ 0x[0-9a-fA-F]+\\] ");

  private BoundedProcess() {
  }

  /**
   * Runs {@code builder}'s command to its end and returns what {@code stdout} made of its standard
   * output (null when {@code stdout} is null: the output is then discarded).
   *
   * @param tool    the program's name, for messages
   * @param purpose what it was asked to do, a phrase after "could not" ("encode a.wav as MP3")
   */
  static <T> T run(ProcessBuilder builder, String tool, String purpose, Duration timeout, BooleanSupplier cancelled,
                   Ffmpeg.StdoutReader<T> stdout) throws AudioException {
    if (cancelled.getAsBoolean()) {
      throw cancelledException(tool, purpose);
    }
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    if (stdout == null) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AudioException(Reason.UNAVAILABLE, tool + " could not be started to " + purpose + ": " + e.getMessage(), e);
    }
    FutureTask<byte[]> stderr = new FutureTask<>(() -> tail(process.getErrorStream()));
    Thread.ofVirtual().name(tool + "-stderr").start(stderr);
    FutureTask<T> output = null;
    if (stdout != null) {
      output = new FutureTask<>(() -> readAll(process.getInputStream(), stdout));
      Thread.ofVirtual().name(tool + "-stdout").start(output);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          kill(process);
          throw cancelledException(tool, purpose);
        }
        if (System.nanoTime() - deadline > 0) {
          kill(process);
          throw new AudioException(Reason.TIMED_OUT, tool + " did not " + purpose + " within its time limit of "
              + describe(timeout) + " and was stopped; allow it more time, or check that the machine is not overloaded");
        }
        if (output != null && output.isDone() && failed(output)) {
          kill(process);
          break;
        }
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new AudioException(Reason.CANCELLED, tool + " was stopped: the thread waiting for it to " + purpose + " was interrupted", e);
    }
    int exit = process.exitValue();
    String errors = summary(await(stderr));
    if (output != null && output.isDone() && failed(output)) {
      throw new AudioException(Reason.FAILED, "could not read what " + tool + " wrote to " + purpose + ": "
          + causeOf(output).getMessage(), causeOf(output));
    }
    if (exit != 0) {
      throw new AudioException(Reason.FAILED, tool + " could not " + purpose + ": "
          + (errors.isEmpty() ? "it gave no reason" : errors) + " (exit code " + exit + ")");
    }
    if (output == null) {
      return null;
    }
    try {
      return output.get();
    } catch (ExecutionException e) {
      throw new AudioException(Reason.FAILED, "could not read what " + tool + " wrote to " + purpose + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AudioException(Reason.CANCELLED, "interrupted while reading what " + tool + " wrote to " + purpose, e);
    }
  }

  /** "300 ms", "2 s", "1.5 s", "10 min": how a person writes a time limit. */
  static String describe(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 120_000) {
      return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return ms % 60_000 == 0 ? ms / 60_000 + " min" : ms / 1000 + " s";
  }

  /** The distinct lines of standard error, without ffmpeg's pointer prefixes, cut to a readable length. */
  static String summary(String stderr) {
    Set<String> lines = new LinkedHashSet<>();
    for (String line : stderr.split("\\R")) {
      String clean = LOG_CONTEXT.matcher(line).replaceAll("$1: ").strip();
      if (!clean.isEmpty()) {
        lines.add(clean);
      }
    }
    String text = String.join("; ", lines);
    // the cause comes last in ffmpeg's log: keep the end
    return text.length() <= MESSAGE_CHARS ? text : "..." + text.substring(text.length() - MESSAGE_CHARS);
  }

  private static AudioException cancelledException(String tool, String purpose) {
    return new AudioException(Reason.CANCELLED, tool + " was stopped because the work was cancelled (it was to " + purpose + ")");
  }

  private static <T> T readAll(InputStream in, Ffmpeg.StdoutReader<T> reader) throws IOException {
    try (in) {
      T value = reader.read(in);
      in.transferTo(OutputStream.nullOutputStream()); // a reader that stops early must not stall the program
      return value;
    }
  }

  private static byte[] tail(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        kept.write(buffer, 0, n);
        if (kept.size() > 2 * STDERR_KEPT) {
          byte[] all = kept.toByteArray();
          kept.reset();
          kept.write(all, all.length - STDERR_KEPT, STDERR_KEPT);
        }
      }
      return kept.toByteArray();
    }
  }

  private static String await(FutureTask<byte[]> stderr) {
    try {
      return new String(stderr.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (Exception e) {
      return ""; // the message loses its detail, the exit code still tells
    }
  }

  private static boolean failed(FutureTask<?> task) {
    return task.state() == Future.State.FAILED;
  }

  private static Throwable causeOf(FutureTask<?> task) {
    return task.exceptionNow();
  }

  private static void kill(Process process) {
    List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static File nullDevice() {
    return new File("/dev/null");
  }
}
