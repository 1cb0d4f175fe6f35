package io.mediawhisperer.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared development corpus (PDFs, transcripts, the Python FAQ; described in its README),
 * which lives beside the checkout, in {@code ../shared/corpus}, and never inside it. Tests run
 * with their module's directory as the working directory and the benchmarks with the checkout's,
 * so the checkout is found as the outermost directory above the working directory that holds a
 * {@code pom.xml}. {@code -Dmw.corpus=DIR} or {@code MW_CORPUS=DIR} points elsewhere. A missing
 * corpus fails loudly: a skipped test looks green while proving nothing.
 */
public final class Corpus {

  public static final String PROPERTY = "mw.corpus";
  public static final String ENV = "MW_CORPUS";

  private Corpus() {
  }

  /** Where the corpus is expected, whether or not it is there. */
  public static Path location() {
    String configured = configured();
    return configured != null ? Path.of(configured).toAbsolutePath().normalize()
        : checkout().resolve("../shared/corpus").normalize();
  }

  /** The corpus directory; fails when it is not there. */
  public static Path root() {
    Path root = location();
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("the corpus is missing: expected a directory at " + root + (configured() != null
          ? " (-D" + PROPERTY + " or " + ENV + ")"
          : " (../shared/corpus beside the checkout " + checkout() + "); set -D" + PROPERTY + "=DIR or " + ENV
              + "=DIR to point elsewhere"));
    }
    return root;
  }

  /** A corpus file such as {@code file("pdf/udhr.pdf")}; fails when it is not there. */
  public static Path file(String relative) {
    Path file = root().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("the corpus has no file " + relative + " (looked at " + file + ")");
    }
    return file;
  }

  private static String configured() {
    String configured = System.getProperty(PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(ENV);
    }
    return configured == null || configured.isBlank() ? null : configured;
  }

  /** The outermost directory at or above the working directory with a {@code pom.xml}; the working directory if none has one. */
  public static Path checkout() {
    Path dir = Path.of("").toAbsolutePath().normalize();
    Path checkout = dir;
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("pom.xml"))) {
        checkout = d;
      }
    }
    return checkout;
  }
}
