package io.mediawhisperer.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/** ../shared/corpus beside the repository; tests fail, never skip, without it. */
final class Corpus {

  private Corpus() {
  }

  static Path root() {
    Path root = Path.of("..", "..", "shared", "corpus").toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("pdf"))) {
      throw new IllegalStateException("the test corpus is missing: expected " + root + " (../shared beside the repository)");
    }
    return root;
  }
}
