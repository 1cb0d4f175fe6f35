package io.mediawhisperer.bench;

import io.mediawhisperer.bus.RetrievalBus;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Search over HTTP measured with wrk, next to the floor (a bare Vert.x JSON endpoint in this JVM),
 * the cost of authentication alone (GET /api/v1/auth/me), and the bus path (the same search bodies
 * sent straight to the retrieval verticle's {@link RetrievalBus#SEARCH} inside the node's Vert.x):
 * the table of issue 16, measured in one run. One user holds the PDF manuals given with --pdfs,
 * uploaded over HTTP; Lucene vector backend; each search request takes the next of ~50 questions.
 *
 * <p>Run it with {@code scripts/bench-http-search}, which installs wrk, fetches the manuals from
 * Debian's packages and passes them here; {@link HttpSearchOptions#USAGE} lists the options.
 */
public final class HttpSearchBench {

  /** Keys set on the bench's node, each with the reason; nothing in the node throttles search or /auth/me. */
  static final Map<String, String> NODE_FLAGS = new LinkedHashMap<>();

  static {
    NODE_FLAGS.put("vector-backend", "lucene");
    // a kept data dir is reused in later runs; its token must outlive a long run
    NODE_FLAGS.put("jwt-ttl-seconds", "86400");
    // the only rate limit a bench could meet: each fresh node registers its user from 127.0.0.1
    NODE_FLAGS.put("registration-per-hour-per-address", "0");
    // ingestion writes faster; searches only read
    NODE_FLAGS.put("embedded-db-durability", "fast");
  }

  private static final Duration CALL_LIMIT = Duration.ofSeconds(60);
  private static final int SEARCH_WARMUP_SECONDS = 5;
  private static final String FLOOR = "bare Vert.x 5 JSON endpoint (the floor)";
  private static final String ME = "GET /api/v1/auth/me (auth only)";

  /** A search row over HTTP and its twin over the bus: the same mode and questions. */
  record SearchRow(SearchQueries.Variant variant, String httpPath, Wrk.Target http, String busPath,
      IntFunction<JsonObject> bus) {
  }

  /** One measured run: a path at a number of connections (HTTP) or requests in flight (bus), in a round. */
  record Measured(String path, int connections, int round, Load load, RunCpu.Usage cpu) {
  }

  private final HttpSearchOptions options;
  private final List<Measured> measured = new ArrayList<>();
  /** The paths in the tables' order: HTTP, then the bus. */
  private final List<String> rows = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();
  private RunCpu cpu;
  private int round;

  private HttpSearchBench(HttpSearchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    int code;
    try {
      HttpSearchOptions options = HttpSearchOptions.parse(args);
      if (!options.verbose()) {
        BenchNode.quietLogs();
      }
      code = new HttpSearchBench(options).run();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      code = 2;
    } catch (Throwable e) {
      code = BenchNode.failed(e);
    }
    BenchNode.exit(code);
  }

  private int run() throws Exception {
    SearchQueries queries = SearchQueries.load(options.topK());
    for (Path pdf : options.pdfs()) {
      if (!Files.isRegularFile(pdf)) {
        throw new IllegalArgumentException("no such PDF: " + pdf);
      }
    }
    Path scripts = Files.createTempDirectory("mw-http-search-bench-wrk");
    try (BenchNode bench = startNode(); FloorServer floor = FloorServer.start()) {
      ManualsCorpus corpus = ManualsCorpus.open(bench, options.pdfs(), options.skipIngest(), HttpSearchBench::progress);
      progress("one user holds %d pages, %d chunks (%s)", corpus.pages(), corpus.chunks(),
          corpus.ingestedNow ? String.format(Locale.ROOT, "ingested over HTTP in %.1f s", corpus.ingestMs / 1000.0)
              : "ingested by an earlier run");
      String userId = corpus.session.userId().toString();
      checkSearches(bench, corpus.session, queries, userId);
      cpu = new RunCpu(bench.database == null
          ? Path.of(bench.config.getString("data-dir")).resolve("pg").resolve("data").resolve("postmaster.pid") : null);
      settle();

      Wrk wrk = new Wrk(scripts, options.warmupSeconds(), options.seconds());
      Wrk.Target floorTarget = Wrk.get(floor.url());
      Wrk.Target meTarget = Wrk.get(bench.baseUrl() + "/api/v1/auth/me", "Authorization: Bearer " + corpus.session.token());
      List<SearchQueries.Variant> variants = new ArrayList<>(List.of(SearchQueries.Variant.ROTATING));
      if (options.sameQuery()) {
        variants.add(SearchQueries.Variant.SAME);
      }
      if (options.freshQueries()) {
        variants.add(SearchQueries.Variant.FRESH);
      }
      String searchUrl = bench.baseUrl() + "/api/v1/search";
      List<SearchRow> searches = new ArrayList<>();
      for (SearchQueries.Variant variant : variants) {
        for (String mode : options.modes()) {
          List<String> bodies = queries.httpBodies(mode, variant);
          String lua = variant == SearchQueries.Variant.FRESH
              ? WrkScript.freshPosts("/api/v1/search", corpus.session.token(), bodies)
              : WrkScript.rotatingPosts("/api/v1/search", corpus.session.token(), bodies);
          searches.add(new SearchRow(variant, httpSearch(mode) + variant.label, wrk.scripted(searchUrl, lua),
              busSearch(mode) + variant.label, n -> queries.busBody(userId, mode, variant, n)));
        }
      }
      rows.add(FLOOR);
      rows.add(ME);
      searches.forEach(row -> rows.add(row.httpPath()));
      searches.forEach(row -> rows.add(row.busPath()));
      warmUpSearches(wrk, bench, searches);
      // round after round rather than each row N times in a row: a burst of other work on the machine then
      // spoils one round of every row instead of all rounds of one row; and each search over HTTP right
      // before the same search over the bus, so that their ratio compares runs a minute apart at most
      for (round = 1; round <= options.rounds(); round++) {
        measureHttp(wrk, FLOOR, floorTarget);
        measureHttp(wrk, ME, meTarget);
        for (SearchRow row : searches) {
          measureHttp(wrk, row.httpPath(), row.http());
          measureBus(bench, row.busPath(), row.bus());
        }
      }
      report(bench, corpus, queries, wrk);
    } finally {
      BenchNode.deleteRecursively(scripts, HttpSearchBench::progress);
    }
    System.out.print(report);
    System.out.flush();
    return 0;
  }

  private BenchNode startNode() throws Exception {
    if (options.dataDir() != null) {
      return BenchNode.startKept(options.dataDir(), NODE_FLAGS, HttpSearchBench::progress);
    }
    return BenchNode.start("mw-http-search-bench", System.getenv("MW_BENCH_DB_URL"), NODE_FLAGS, HttpSearchBench::progress);
  }

  private static String httpSearch(String mode) {
    return "search, mode " + mode;
  }

  private static String busSearch(String mode) {
    return "bus " + RetrievalBus.SEARCH + ", mode " + mode;
  }

  // ---------------------------------------------------------------------------------------------
  // before measuring

  /**
   * Every mode answers the first question with hits over HTTP and over the bus, the same first hit
   * both ways: the two paths do the same search, and a run measures searches that find something.
   */
  private void checkSearches(BenchNode bench, BenchSession session, SearchQueries queries, String userId) throws Exception {
    for (String mode : options.modes()) {
      JsonObject overHttp = session.post("/api/v1/search", queries.body(queries.questions.get(0), mode));
      JsonObject overBus = bench.node.vertx().eventBus().<JsonObject>request(RetrievalBus.SEARCH,
              queries.busBody(userId, mode, SearchQueries.Variant.SAME, 0), new DeliveryOptions().setSendTimeout(CALL_LIMIT.toMillis()))
          .toCompletionStage().toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS).body();
      JsonArray httpHits = overHttp.getJsonArray("results", new JsonArray());
      JsonArray busHits = overBus.getJsonArray("results", new JsonArray());
      if (httpHits.isEmpty() || busHits.isEmpty()) {
        throw new IllegalStateException("mode " + mode + " found nothing for '" + queries.questions.get(0) + "' (HTTP "
            + httpHits.size() + " hits, bus " + busHits.size() + ")");
      }
      if (!mode.equals(overHttp.getString("mode"))) {
        throw new IllegalStateException("asked for mode " + mode + ", the answer says " + overHttp.getString("mode"));
      }
      String httpFirst = httpHits.getJsonObject(0).getString("chunkId");
      String busFirst = busHits.getJsonObject(0).getString("chunkId");
      if (!httpFirst.equals(busFirst)) {
        progress("warning: mode %s: the first hit over HTTP (%s) is not the bus's (%s)", mode, httpFirst, busFirst);
      }
      JsonObject top = httpHits.getJsonObject(0);
      progress("mode %-6s: %d hits, first %s page %s", mode, httpHits.size(), top.getString("sourceTitle"),
          top.getValue("pageNumber"));
    }
  }

  /** Waits (up to a minute) until this JVM is nearly idle: what ingestion set going after its jobs ended has finished. */
  private static void settle() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < until) {
      CpuMeter.Sample before = CpuMeter.sample();
      Thread.sleep(1000);
      double ours = CpuMeter.between(before, CpuMeter.sample()).oursPercent();
      if (!(ours > 5)) {
        return;
      }
      progress("the node is still busy (%.0f%% cpu); waiting", ours);
    }
  }

  /**
   * Every search path once under load before any is measured: without it the first mode measured
   * pays for the JIT compiling the search code (and the index's first reads), which made it look
   * slower than the modes after it.
   */
  private void warmUpSearches(Wrk wrk, BenchNode bench, List<SearchRow> searches) throws Exception {
    if (options.warmupSeconds() == 0) {
      return;
    }
    int most = options.connections().get(options.connections().size() - 1);
    progress("warming up: each search mode %d s over HTTP and %d s over the bus, %d at a time", SEARCH_WARMUP_SECONDS,
        SEARCH_WARMUP_SECONDS, most);
    for (SearchRow row : searches) {
      if (row.variant() == SearchQueries.Variant.ROTATING) {
        wrk.warmUp(row.http(), most, SEARCH_WARMUP_SECONDS);
        BusLoad.run(bench.node.vertx(), RetrievalBus.SEARCH, row.bus(), most, Duration.ofSeconds(SEARCH_WARMUP_SECONDS));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // measuring

  private void measureHttp(Wrk wrk, String path, Wrk.Target target) throws Exception {
    for (int connections : options.connections()) {
      wrk.warmUp(target, connections);
      boolean profiled = options.jfr() != null && round == 1 && path.equals(httpSearch("hybrid"))
          && connections == options.connections().stream().mapToInt(Integer::intValue).max().orElseThrow();
      RunCpu.Sample before = cpu.sample();
      WrkResult result;
      if (profiled) {
        try (JfrProfile profile = JfrProfile.start(options.jfr())) {
          result = wrk.measure(target, connections);
        }
        progress("JFR profile of that run: %s", options.jfr());
      } else {
        result = wrk.measure(target, connections);
      }
      add(path, connections, result.load(), cpu.between(before, cpu.sample()));
    }
  }

  private void measureBus(BenchNode bench, String path, IntFunction<JsonObject> bodies) throws Exception {
    for (int inFlight : options.connections()) {
      if (options.warmupSeconds() > 0) {
        BusLoad.run(bench.node.vertx(), RetrievalBus.SEARCH, bodies, inFlight, Duration.ofSeconds(options.warmupSeconds()));
      }
      RunCpu.Sample before = cpu.sample();
      Load load = BusLoad.run(bench.node.vertx(), RetrievalBus.SEARCH, bodies, inFlight, Duration.ofSeconds(options.seconds()));
      add(path, inFlight, load, cpu.between(before, cpu.sample()));
    }
  }

  private void add(String path, int connections, Load load, RunCpu.Usage used) {
    measured.add(new Measured(path, connections, round, load, used));
    progress("%s%-58s %3d: %s (cpu: JVM %.0f%%, wrk %.0f%%, PostgreSQL %.0f%%, others %.0f%%)",
        options.rounds() > 1 ? "round " + round + ": " : "", path, connections, load.cell(),
        used.jvmPercent(), used.wrkPercent(), used.postgresPercent(), used.othersPercent());
  }

  /** The row's load at that many connections: the median over the rounds. */
  private Load load(String path, int connections) {
    List<Load> rounds = rounds(path, connections).stream().map(Measured::load).toList();
    return rounds.isEmpty() ? null : Load.median(rounds);
  }

  private List<Measured> rounds(String path, int connections) {
    return measured.stream().filter(m -> m.path().equals(path) && m.connections() == connections).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // the report

  private void report(BenchNode bench, ManualsCorpus corpus, SearchQueries queries, Wrk wrk) {
    List<Integer> connections = options.connections();
    line("");
    line("## Search over HTTP (wrk) next to the floor and the bus path");
    line("");
    StringBuilder held = new StringBuilder();
    corpus.sources.forEach(s -> held.append(held.isEmpty() ? "" : ", ")
        .append(String.format(Locale.ROOT, "%s (%d pages, %d chunks)", s.file(), s.pages(), s.chunks())));
    line("%s; JDK %s; %d cores; max heap %d MB. One user holds %d pages, %d chunks: %s%s. Node: all roles in this JVM,"
            + " Lucene vector backend, %s; set for the bench: %s. Search: POST /api/v1/search, topK %d, the query taken in"
            + " turn from %d questions about the manuals.",
        Instant.now().truncatedTo(ChronoUnit.SECONDS), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, corpus.pages(), corpus.chunks(),
        held, corpus.ingestedNow ? String.format(Locale.ROOT, " (uploaded and ingested in %.0f s)", corpus.ingestMs / 1000.0)
            : " (ingested by an earlier run, reused)",
        bench.databaseDescription(), NODE_FLAGS, options.topK(), queries.questions.size());
    List<String> commands = connections.stream().map(wrk::describe).toList();
    line("HTTP: %s, each after a %d s warm-up run; the bus rows send the same search bodies (with the userId the HTTP"
            + " edge adds) to %s from this JVM, as many in flight as the column's connections, %d s each after a %d s"
            + " warm-up. p50/p99 are per request. %s%s",
        String.join(" / ", commands), options.warmupSeconds(), RetrievalBus.SEARCH, options.seconds(), options.warmupSeconds(),
        options.warmupSeconds() == 0 ? "No warm-up at all (--warmup 0): the first rows include JIT compilation."
            : String.format(Locale.ROOT, "Before the first measurement each search mode ran %d s over HTTP and %d s over the"
                + " bus, %d at a time, so that no row pays for the JIT.", SEARCH_WARMUP_SECONDS, SEARCH_WARMUP_SECONDS,
                options.connections().get(options.connections().size() - 1)),
        options.rounds() == 1 ? "" : String.format(Locale.ROOT, " Every row was measured in %d rounds, one after the"
            + " other; each cell is the median of the rounds' req/s, p50 and p99.", options.rounds()));
    line("");
    List<String> headers = new ArrayList<>(List.of("path"));
    connections.forEach(c -> headers.add(c + (c == 1 ? " connection" : " connections") + " (req/s, p50, p99)"));
    Table table = new Table(headers.toArray(String[]::new));
    for (String path : rows) {
      List<Object> cells = new ArrayList<>(List.of(path));
      connections.forEach(c -> {
        Load load = load(path, c);
        cells.add(load == null ? "-" : load.cell());
      });
      table.row(cells.toArray());
    }
    report.append(table.render());
    line("");
    if (options.rounds() > 1) {
      spread(connections);
    }
    ratios(connections);
    targets();
    details();
  }

  /** Each round's throughput beside the others: how far apart repeated runs of the same row were. */
  private void spread(List<Integer> connections) {
    line("req/s of each round, in order (the tables show the medians):");
    line("");
    List<String> headers = new ArrayList<>(List.of("path"));
    connections.forEach(c -> headers.add(c + (c == 1 ? " connection" : " connections")));
    headers.add("widest spread (max / min)");
    Table table = new Table(headers.toArray(String[]::new));
    for (String path : rows) {
      List<Object> cells = new ArrayList<>(List.of(path));
      double widest = 1;
      for (int c : connections) {
        List<Double> perRound = rounds(path, c).stream().map(m -> m.load().requestsPerSecond()).toList();
        cells.add(String.join(" / ", perRound.stream().map(Table::format).toList()));
        double min = perRound.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = perRound.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        widest = Math.max(widest, max / min);
      }
      cells.add(widest);
      table.row(cells.toArray());
    }
    report.append(table.render());
    line("");
  }

  private void ratios(List<Integer> connections) {
    List<String> headers = new ArrayList<>(List.of("ratio of throughputs"));
    connections.forEach(c -> headers.add(c + (c == 1 ? " connection" : " connections")));
    Table table = new Table(headers.toArray(String[]::new));
    ratioRow(table, connections, "hybrid / vector (HTTP)", httpSearch("hybrid"), httpSearch("vector"));
    ratioRow(table, connections, "text / vector (HTTP)", httpSearch("text"), httpSearch("vector"));
    for (String mode : options.modes()) {
      ratioRow(table, connections, "HTTP " + mode + " / bus " + mode, httpSearch(mode), busSearch(mode));
    }
    ratioRow(table, connections, "search hybrid / auth me (HTTP)", httpSearch("hybrid"), ME);
    report.append(table.render());
    line("");
  }

  /** What issue 16's "Done when" asks, at the 1 and 16 connections it names: printed, never asserted. */
  private void targets() {
    Load hybridOne = load(httpSearch("hybrid"), 1);
    Load vectorOne = load(httpSearch("vector"), 1);
    Load hybridSixteen = load(httpSearch("hybrid"), 16);
    Load busVectorOne = load(busSearch("vector"), 1);
    if (hybridOne == null || vectorOne == null || hybridSixteen == null || busVectorOne == null) {
      line("Issue 16's targets need modes vector and hybrid at 1 and 16 connections: not checked in this run.");
      line("");
      return;
    }
    line("Issue 16's targets, measured in this run:");
    line("");
    Table targets = new Table("target", "measured", "met");
    targets.row("hybrid / vector req/s at 1 connection >= 0.8", hybridOne.requestsPerSecond() / vectorOne.requestsPerSecond(),
        met(hybridOne.requestsPerSecond() >= 0.8 * vectorOne.requestsPerSecond()));
    targets.row("hybrid p50 at 1 connection < 5 ms", hybridOne.p50Ms(), met(hybridOne.p50Ms() < 5));
    targets.row("hybrid p99 at 16 connections < 50 ms", hybridSixteen.p99Ms(), met(hybridSixteen.p99Ms() < 50));
    targets.row("HTTP vector / bus vector req/s at 1 connection >= 0.5",
        vectorOne.requestsPerSecond() / busVectorOne.requestsPerSecond(),
        met(vectorOne.requestsPerSecond() >= 0.5 * busVectorOne.requestsPerSecond()));
    report.append(targets.render());
    line("");
  }

  private static String met(boolean met) {
    return met ? "yes" : "no";
  }

  private void ratioRow(Table table, List<Integer> connections, String name, String over, String under) {
    List<Object> cells = new ArrayList<>(List.of(name));
    boolean any = false;
    for (int c : connections) {
      Load a = load(over, c);
      Load b = load(under, c);
      any |= a != null && b != null;
      cells.add(a == null || b == null ? "-" : (Object) (a.requestsPerSecond() / b.requestsPerSecond()));
    }
    if (any) {
      table.row(cells.toArray());
    }
  }

  private void details() {
    line("Each run: requests completed within it; cpu as a share of all %d cores over the run: this JVM (the node, the"
        + " floor server, the bus caller), wrk, the node's embedded PostgreSQL (- on a server of its own, then counted in"
        + " others), and others: the rest of the machine, i.e. work that is not the bench's. High others = noisy numbers.",
        Runtime.getRuntime().availableProcessors());
    line("");
    Table table = new Table("round", "path", "connections", "requests", "req/s", "p50 ms", "p99 ms", "cpu JVM %", "cpu wrk %",
        "cpu PostgreSQL %", "cpu others %");
    for (Measured m : measured) {
      table.row(m.round(), m.path(), m.connections(), m.load().requests(), m.load().requestsPerSecond(), m.load().p50Ms(),
          m.load().p99Ms(), m.cpu().jvmPercent(), m.cpu().wrkPercent(), m.cpu().postgresPercent(), m.cpu().othersPercent());
    }
    report.append(table.render());
    line("");
    if (options.jfr() != null) {
      line("JFR profile of the hybrid run at the most connections: %s (jfr print --events jdk.ExecutionSample, or JDK"
          + " Mission Control).", options.jfr());
      line("");
    }
  }

  private void line(String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  static void progress(String format, Object... args) {
    System.err.println("[http-search-bench] " + String.format(Locale.ROOT, format, args));
  }
}
