package io.mediawhisperer.audiobook.audio;

import io.mediawhisperer.audiobook.audio.AudioException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.Loader;

/**
 * The {@code ffmpeg} and {@code ffprobe} executables, and running them.
 *
 * <p>{@link #bundled()} takes the ones inside the {@code org.bytedeco:ffmpeg} jar: javacpp's
 * {@link Loader} extracts them (with their shared libraries) to its cache directory
 * ({@code ~/.javacpp/cache} unless {@code org.bytedeco.javacpp.cachedir} says otherwise) once per
 * JVM, about a second. No system ffmpeg is needed, but the jar's libraries link against a few system
 * libraries it does not ship: {@code libpulse.so.0}, {@code libasound.so.2}, {@code libxcb.so.1},
 * {@code libxcb-shm.so.0} (Debian: {@code libpulse0 libasound2 libxcb1 libxcb-shm0}); when one is
 * missing the failure names it. The jar's own libraries ({@code libva}, {@code libdrm}) are found
 * through {@code LD_LIBRARY_PATH}, set on every run: they carry no run path of their own.
 *
 * <p>Arguments are a fixed list the caller builds; a person's text never becomes an option, and
 * files are passed as {@link #file(Path)} (an absolute {@code file:} URL, never read as an
 * option or another protocol). Every run is bounded by a time limit and a cancel check
 * ({@link BoundedProcess}). Instances are immutable and shared by threads.
 */
public final class Ffmpeg {

  /** The two programs. */
  public enum Tool {
    FFMPEG("ffmpeg"), FFPROBE("ffprobe");

    private final String command;

    Tool(String command) {
      this.command = command;
    }

    public String command() {
      return command;
    }
  }

  /** Reads a program's standard output (a pipe: {@code pipe:1} for ffmpeg); runs on a thread of its own. */
  @FunctionalInterface
  public interface StdoutReader<T> {
    T read(InputStream stdout) throws IOException;
  }

  private static final Duration VERSION_CHECK = Duration.ofSeconds(30);
  private static final String MISSING_LIBRARIES_ADVICE = "the ffmpeg inside the server's jar needs a few system libraries"
      + " (on Debian or Ubuntu: apt-get install libpulse0 libasound2 libxcb1 libxcb-shm0)";

  private static final Object LOCK = new Object();
  private static volatile Ffmpeg bundled;

  private final Path ffmpeg;
  private final Path ffprobe;

  private Ffmpeg(Path ffmpeg, Path ffprobe) {
    this.ffmpeg = ffmpeg;
    this.ffprobe = ffprobe;
  }

  /**
   * The executables from the {@code org.bytedeco:ffmpeg} jar, extracted and checked (each runs
   * {@code -version}) on the first call, then the same instance. A failure is not remembered: the
   * next call tries again (say, after the missing library was installed).
   *
   * @throws AudioException {@link Reason#UNAVAILABLE}, saying which library or platform is missing
   */
  public static Ffmpeg bundled() throws AudioException {
    Ffmpeg found = bundled;
    if (found != null) {
      return found;
    }
    synchronized (LOCK) {
      if (bundled == null) {
        bundled = of(extract(org.bytedeco.ffmpeg.ffmpeg.class, "ffmpeg"), extract(org.bytedeco.ffmpeg.ffprobe.class, "ffprobe"));
      }
      return bundled;
    }
  }

  /**
   * These executables (another ffmpeg build, a test's), checked by running {@code -version}.
   *
   * @throws AudioException {@link Reason#UNAVAILABLE} when one is missing or cannot start
   */
  public static Ffmpeg of(Path ffmpeg, Path ffprobe) throws AudioException {
    Ffmpeg tools = new Ffmpeg(ffmpeg.toAbsolutePath().normalize(), ffprobe.toAbsolutePath().normalize());
    for (Tool tool : Tool.values()) {
      Path executable = tools.executable(tool);
      if (!Files.isExecutable(executable)) {
        throw new AudioException(Reason.UNAVAILABLE, tool.command() + " is not an executable file at " + executable);
      }
      try {
        tools.run(tool, List.of("-version"), "start", VERSION_CHECK, () -> false);
      } catch (AudioException e) {
        throw new AudioException(Reason.UNAVAILABLE, e.getMessage()
            + (e.getMessage().contains("shared libraries") ? "; " + MISSING_LIBRARIES_ADVICE : ""), e);
      }
    }
    return tools;
  }

  /** The path of the program. */
  public Path executable(Tool tool) {
    return tool == Tool.FFMPEG ? ffmpeg : ffprobe;
  }

  /**
   * How a file goes on a command line: {@code file:} and its absolute path, so that a name starting
   * with {@code -} is no option and one containing {@code :} names no protocol.
   */
  public static String file(Path path) {
    return "file:" + path.toAbsolutePath().normalize();
  }

  /**
   * Runs {@code tool} with {@code arguments} after its quiet options ({@code -hide_banner
   * -loglevel error}, and {@code -nostdin} for ffmpeg) and returns what {@code stdout} read.
   *
   * @param purpose   what the tool is to do, a phrase that reads after "could not" in a message
   * @param timeout   the process is killed once it passes
   * @param cancelled polled every ~100 ms; true kills the process
   * @throws AudioException {@link Reason#FAILED} with the tool's own error lines and exit code,
   *                        {@link Reason#TIMED_OUT} naming the limit, or {@link Reason#CANCELLED}
   */
  public <T> T run(Tool tool, List<String> arguments, String purpose, Duration timeout, BooleanSupplier cancelled,
                   StdoutReader<T> stdout) throws AudioException {
    return BoundedProcess.run(processFor(tool, arguments), tool.command(), purpose, timeout, cancelled, stdout);
  }

  /** {@link #run(Tool, List, String, Duration, BooleanSupplier, StdoutReader)} with standard output discarded. */
  public void run(Tool tool, List<String> arguments, String purpose, Duration timeout, BooleanSupplier cancelled)
      throws AudioException {
    BoundedProcess.run(processFor(tool, arguments), tool.command(), purpose, timeout, cancelled, null);
  }

  private ProcessBuilder processFor(Tool tool, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(executable(tool).toString());
    command.add("-hide_banner");
    if (tool == Tool.FFMPEG) {
      command.add("-nostdin");
    }
    command.addAll(List.of("-loglevel", "error"));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    String libraries = executable(tool).getParent().toString();
    String inherited = env.get("LD_LIBRARY_PATH");
    env.put("LD_LIBRARY_PATH", inherited == null || inherited.isBlank() ? libraries : libraries + ":" + inherited);
    env.put("AV_LOG_FORCE_NOCOLOR", "1");
    return builder;
  }

  private static Path extract(Class<?> presets, String name) throws AudioException {
    String path;
    try {
      path = Loader.load(presets);
    } catch (Throwable e) { // UnsatisfiedLinkError for a missing system library, and whatever else javacpp throws
      throw new AudioException(Reason.UNAVAILABLE, "the bundled " + name + " could not be loaded: " + e.getMessage()
          + "; " + MISSING_LIBRARIES_ADVICE, e);
    }
    if (path == null) {
      throw new AudioException(Reason.UNAVAILABLE, "org.bytedeco:ffmpeg has no " + name + " for this platform ("
          + Loader.getPlatform() + "): the server ships the linux-x86_64 one");
    }
    return Path.of(path);
  }
}
