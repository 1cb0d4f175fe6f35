package io.mediawhisperer.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The command line of {@link HttpSearchBench}. */
record HttpSearchOptions(List<Path> pdfs, int seconds, int warmupSeconds, int rounds, List<Integer> connections,
    List<String> modes, boolean sameQuery, boolean freshQueries, Path dataDir, boolean skipIngest, Path jfr, int topK, boolean verbose) {

  static final String USAGE = """
      usage: scripts/bench-http-search [options]
        --pdfs A.pdf,B.pdf   the manuals one user holds (the script fetches octave.pdf and R-intro.pdf)
        --seconds S          each measured run (default 10)
        --warmup S           the run before each measured one (default 2; 0: none)
        --rounds N           measure every row N times, round after round; the tables show medians (default 1)
        --connections 1,16   connections (HTTP) and requests in flight (bus) (default 1,16)
        --modes vector,text,hybrid
        --same-query         also: each mode with one question repeated
        --fresh-queries      also: each mode with every query text new (no query cache can help)
        --data-dir DIR       keep the node's data in DIR and reuse the manuals an earlier run ingested there
        --skip-ingest        with --data-dir: fail instead of ingesting when DIR holds no earlier run
        --jfr FILE           record a JFR profile of the node during the hybrid run at the most connections
        --top-k K            (default 10)
        --verbose            the node's INFO log""";

  private static final Set<String> MODES = Set.of("vector", "text", "hybrid");

  static HttpSearchOptions parse(String[] args) {
    List<Path> pdfs = new ArrayList<>();
    int seconds = 10;
    int warmup = 2;
    int rounds = 1;
    List<Integer> connections = List.of(1, 16);
    List<String> modes = List.of("vector", "text", "hybrid");
    boolean sameQuery = false;
    boolean freshQueries = false;
    Path dataDir = null;
    boolean skipIngest = false;
    Path jfr = null;
    int topK = 10;
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--pdfs" -> Arrays.stream(value(args, ++i, arg).split(",")).map(p -> Path.of(p).toAbsolutePath()).forEach(pdfs::add);
        case "--seconds" -> seconds = number(args, ++i, arg, 1, 3600);
        case "--warmup" -> warmup = number(args, ++i, arg, 0, 600);
        case "--rounds" -> rounds = number(args, ++i, arg, 1, 20);
        case "--connections" -> connections = Arrays.stream(value(args, ++i, arg).split(","))
            .map(c -> number(new String[] {c}, 0, arg, 1, 1000)).distinct().sorted().toList();
        case "--modes" -> modes = Arrays.stream(value(args, ++i, arg).split(",")).distinct().toList();
        case "--same-query" -> sameQuery = true;
        case "--fresh-queries" -> freshQueries = true;
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg)).toAbsolutePath();
        case "--skip-ingest" -> skipIngest = true;
        case "--jfr" -> jfr = Path.of(value(args, ++i, arg)).toAbsolutePath();
        case "--top-k" -> topK = number(args, ++i, arg, 1, 100);
        case "--verbose", "-v" -> verbose = true;
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
    }
    if (pdfs.isEmpty()) {
      throw new IllegalArgumentException("--pdfs is required\n" + USAGE);
    }
    if (modes.isEmpty() || !MODES.containsAll(modes)) {
      throw new IllegalArgumentException("--modes takes vector, text and hybrid, not " + modes);
    }
    if (skipIngest && dataDir == null) {
      throw new IllegalArgumentException("--skip-ingest needs --data-dir DIR (where an earlier run ingested the manuals)");
    }
    if (jfr != null && !modes.contains("hybrid")) {
      throw new IllegalArgumentException("--jfr records the hybrid run: --modes must include hybrid");
    }
    return new HttpSearchOptions(List.copyOf(pdfs), seconds, warmup, rounds, connections, modes, sameQuery, freshQueries, dataDir,
        skipIngest, jfr, topK, verbose);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].isBlank()) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int number(String[] args, int i, String flag, int min, int max) {
    String text = value(args, i, flag);
    try {
      int n = Integer.parseInt(text.trim());
      if (n < min || n > max) {
        throw new IllegalArgumentException(flag + " takes whole numbers from " + min + " to " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes whole numbers, not '" + text + "'");
    }
  }
}
