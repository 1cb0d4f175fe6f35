package io.mediawhisperer.testsupport.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation documents that scripts/eval-documents fetched from Debian's packages into the
 * cache directory ({@code MW_EVAL_CACHE}, default {@code $HOME/.cache/mediawhisperer-eval}), each
 * checked against the SHA-256 that {@code eval/documents.tsv} pins. A missing or different file
 * fails: an evaluation on other documents would report numbers about something else.
 */
public final class EvalDocuments {

  public static final String ENV = "MW_EVAL_CACHE";

  private final Path cache;
  private final Map<String, String> sha256ByName;

  private EvalDocuments(Path cache, Map<String, String> sha256ByName) {
    this.cache = cache;
    this.sha256ByName = sha256ByName;
  }

  /** The documents of {@code eval/documents.tsv} in the cache directory of the environment. */
  public static EvalDocuments fromEnvironment() {
    String configured = System.getenv(ENV);
    Path cache = configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "mediawhisperer-eval");
    return new EvalDocuments(cache, manifest());
  }

  /** The document {@code name} (e.g. {@code R-exts.pdf}); fails when it is missing or not the pinned file. */
  public Path require(String name) {
    String expected = sha256ByName.get(name);
    if (expected == null) {
      throw new IllegalArgumentException("eval/documents.tsv names no document " + name);
    }
    Path file = cache.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("the evaluation document " + name + " is missing from " + cache
          + ": run scripts/eval-documents (" + ENV + " points at another cache directory)");
    }
    String actual = sha256(file);
    if (!actual.equals(expected)) {
      throw new IllegalStateException("the evaluation document " + file + " has SHA-256 " + actual + ", not the pinned "
          + expected + ": delete it and run scripts/eval-documents");
    }
    return file;
  }

  private static Map<String, String> manifest() {
    Map<String, String> pins = new LinkedHashMap<>();
    for (String line : EvalResources.lines("eval/documents.tsv")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t");
      pins.put(cells[1], cells[cells.length - 1]);
    }
    return pins;
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Text files of the classpath's {@code eval/}: the manifest, the question sets. */
  static final class EvalResources {

    private EvalResources() {
    }

    static java.util.List<String> lines(String resource) {
      try (InputStream in = EvalDocuments.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no resource " + resource + " on the classpath (test-support's eval/)");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
