package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.SpeechException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An engine's private directory for the text files its program reads and for the program's error
 * output: readable by this user only (the text is a user's document), the programs' working
 * directory, and removed with everything in it when the engine closes.
 */
final class ScratchDirectory implements AutoCloseable {

  private final Path dir;

  private ScratchDirectory(Path dir) {
    this.dir = dir;
  }

  static ScratchDirectory create(String engine) throws SpeechException {
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Path dir = posix
          ? Files.createTempDirectory("mw-" + engine + "-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("mw-" + engine + "-");
      return new ScratchDirectory(dir);
    } catch (IOException e) {
      throw new SpeechException("cannot create a temporary directory for " + engine + ": " + e.getMessage(), e);
    }
  }

  Path path() {
    return dir;
  }

  /** A new file holding {@code text} in UTF-8; the caller deletes it. */
  Path writeText(String text) throws IOException {
    Path file = Files.createTempFile(dir, "text-", ".txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the system's temporary directory is cleaned eventually
    }
  }
}
