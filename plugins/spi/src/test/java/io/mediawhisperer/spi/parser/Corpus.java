package io.mediawhisperer.spi.parser;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared development corpus (/work/shared/corpus, described in its README). Tests run with
 * the module directory as working directory (plugins/&lt;module&gt;), so the corpus is three levels
 * up; {@code -Dmw.corpus=/some/dir} points elsewhere. A missing corpus fails the test loudly:
 * a skipped parser test looks green while proving nothing.
 */
public final class Corpus {

  private static final String PROPERTY = "mw.corpus";

  private Corpus() {
  }

  public static Path root() {
    String configured = System.getProperty(PROPERTY);
    Path root = (configured != null ? Path.of(configured) : Path.of("../../../shared/corpus")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      fail("the test corpus is missing: expected a directory at " + root + " (working directory "
          + Path.of("").toAbsolutePath() + "); set -D" + PROPERTY + "=<dir> to point elsewhere");
    }
    return root;
  }

  /** A corpus file such as {@code file("pdf/udhr.pdf")}; fails the test when it is not there. */
  public static Path file(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      fail("the test corpus has no file " + relative + " (looked at " + file + ")");
    }
    return file;
  }
}
