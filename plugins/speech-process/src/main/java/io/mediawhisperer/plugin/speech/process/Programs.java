package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the program an engine runs: the absolute path a setting names, else the first executable
 * of that name on {@code PATH}. Never a shell: the path found is what {@link ProcessBuilder} runs.
 */
final class Programs {

  private Programs() {
  }

  /** The executable {@code name} in a directory of {@code PATH}, if there is one. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      try {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate.toAbsolutePath());
        }
      } catch (InvalidPathException e) {
        // a PATH entry that is no path: not where the program is
      }
    }
    return Optional.empty();
  }

  /**
   * The program to run: the setting {@code key} when it is set (an absolute path to an executable
   * file), else {@code name} on {@code PATH}.
   *
   * @param install how to install the program, for the message when it is missing
   * @throws SpeechException naming the setting or the program when neither gives an executable
   */
  static Path resolve(PluginSettings settings, String key, String name, String install) throws SpeechException {
    String configured = settings.get(key, null);
    if (configured == null) {
      return onPath(name).orElseThrow(() -> new SpeechException("the program " + name + " is not installed (not on PATH): "
          + install + ", or set speech-" + key + " to its absolute path"));
    }
    Path program;
    try {
      program = Path.of(configured.strip());
    } catch (InvalidPathException e) {
      throw new SpeechException("setting 'speech-" + key + "' is not a path: " + configured);
    }
    if (!program.isAbsolute()) {
      throw new SpeechException("setting 'speech-" + key + "' must be an absolute path, not " + configured);
    }
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new SpeechException("setting 'speech-" + key + "' names " + program + ", which is not an executable file");
    }
    return program;
  }
}
