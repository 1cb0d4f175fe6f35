package io.mediawhisperer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the checkout keeps its migrations: each owning module has them in
 * {@code src/main/resources/db/migration}. A test of one module has only its own module on the class
 * path, yet its database needs the whole schema (one history across owners), so tests migrate from
 * these directories of the checkout instead.
 */
public final class Schema {

  private Schema() {
  }

  /** Flyway locations ({@code filesystem:...}) of every module's migrations in the checkout. */
  public static String[] migrationLocations() {
    Path checkout = Corpus.checkout();
    try (Stream<Path> modules = Stream.concat(Stream.of(checkout), Stream.concat(children(checkout), children(checkout.resolve("verticles"))))) {
      String[] locations = modules.map(m -> m.resolve("src/main/resources/db/migration"))
          .filter(Files::isDirectory)
          .map(dir -> "filesystem:" + dir)
          .sorted()
          .toArray(String[]::new);
      if (locations.length == 0) {
        throw new IllegalStateException("no migrations under the checkout " + checkout);
      }
      return locations;
    }
  }

  private static Stream<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
