package io.mediawhisperer.bench;

import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How fast ingestion is, end to end and per stage, and how fast the embedding model is on its
 * own, in one JVM. Starts a node with every role (embedded PostgreSQL in a temporary data dir,
 * or a fresh database on {@code MW_BENCH_DB_URL}), then:
 *
 * <ol>
 *   <li>embeds ~500 chunk-sized texts of the Python FAQ with the minilm plugin directly (each
 *       variant, calls of 32 texts) and short questions one per call;</li>
 *   <li>uploads every corpus PDF and transcript and a generated ~200-page PDF over HTTP, waits
 *       for each job, and reads the source's stage timings back;</li>
 *   <li>prints Markdown tables and a summary of the largest PDF.</li>
 * </ol>
 *
 * Run it with {@code scripts/bench [--pages N] [--texts N] [--corpus DIR] [--verbose]}.
 */
public final class IngestionBench {

  static final Duration JOB_LIMIT = Duration.ofMinutes(10);
  static final Duration HTTP_LIMIT = Duration.ofMinutes(5);
  static final long POLL_MS = 100;
  /** Texts per embed() call: what JobRunner sends to the embedding verticle. */
  static final int CALL_BATCH = 32;
  /** The server's default chunk_size (wordpieces). */
  static final int CHUNK_TOKENS = 120;
  static final int TIMED_PASSES = 3;
  static final List<String> STAGES = List.of("parse", "store", "chunk", "embed", "index");

  private final Options options;
  private final StringBuilder report = new StringBuilder();

  private IngestionBench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    int code;
    try {
      Options options = Options.parse(args);
      if (!options.verbose) {
        BenchNode.quietLogs();
      }
      code = new IngestionBench(options).run();
    } catch (UsageException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: scripts/bench [--pages N (default 200)] [--texts N (default 512)]"
          + " [--corpus DIR (default ../shared/corpus)] [--verbose]");
      code = 2;
    } catch (AbortException e) {
      System.err.println("BENCH ABORTED: " + e.getMessage());
      code = 1;
    } catch (Throwable e) {
      code = BenchNode.failed(e);
    }
    BenchNode.exit(code);
  }

  private int run() throws Exception {
    Path corpus = options.corpus;
    if (!Files.isDirectory(corpus.resolve("pdf")) || !Files.isDirectory(corpus.resolve("qa"))) {
      throw new UsageException("the corpus is missing: expected pdf/, transcripts/ and qa/ under " + corpus);
    }
    try (BenchNode bench = BenchNode.start("mw-bench", System.getenv("MW_BENCH_DB_URL"), Map.of(), IngestionBench::progress)) {
      progress("node up in %d ms on 127.0.0.1:%s", bench.startMs, bench.port);
      Vertx clientVertx = Vertx.vertx();
      try {
        BenchHttp http = new BenchHttp(WebClient.create(clientVertx, new WebClientOptions()
            .setDefaultHost("127.0.0.1").setDefaultPort(bench.port)));
        String token = BenchSession.register(java.net.http.HttpClient.newHttpClient(), bench.baseUrl(),
            "bench-" + UUID.randomUUID() + "@example.org", HTTP_LIMIT).token();

        header(bench.startMs, bench.databaseDescription(), bench.config);
        embeddingThroughput(corpus.resolve("qa"));
        List<Ingested> ingested = ingestAll(http, token, corpus, bench.work.resolve("input"));
        ingestionTables(ingested);

        System.out.println();
        System.out.print(report);
        System.out.flush();
        return 0;
      } finally {
        try {
          clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          progress("the HTTP client did not close cleanly: %s", e);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // header

  private void header(long nodeStartMs, String dbDescription, JsonObject config) {
    Runtime rt = Runtime.getRuntime();
    line("# MediaWhisperer ingestion benchmark");
    line("");
    line("%s; JDK %s (%s); %d cores; max heap %d MB; %s", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), rt.availableProcessors(),
        rt.maxMemory() >> 20, System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    line("node: roles %s, %s, started in %d ms; embedding %s (%s), vector backend %s, ingestion-workers %s",
        BenchNode.ALL_ROLES, dbDescription, nodeStartMs, config.getString("embedding-provider"),
        config.getString("embedding-variant") == null ? "quantized" : config.getString("embedding-variant"),
        config.getString("vector-backend"), config.getValue("ingestion-workers"));
    line("");
  }

  // ---------------------------------------------------------------------------------------------
  // a. raw embedding throughput

  private void embeddingThroughput(Path qa) throws Exception {
    EmbeddingModelProvider provider = NamedPlugins.load(EmbeddingModelProvider.class, IngestionBench.class.getClassLoader())
        .get("minilm");
    TokenCounter counter = provider.tokenizer(PluginSettings.empty());
    List<String> texts = FaqText.chunkSized(FaqText.paragraphs(qa), counter, CHUNK_TOKENS, options.texts);
    long wordpieces = 0;
    long modelTokens = 0;
    long words = 0;
    for (String text : texts) {
      int n = counter.count(text);
      wordpieces += n;
      modelTokens += Math.min(n, counter.maxTokens()) + 2;
      words += text.split("\\s+").length;
    }
    List<String> questions = FaqText.questions(qa);
    progress("embedding %d texts (%d distinct, avg %.0f words, %.0f wordpieces) with minilm directly",
        texts.size(), FaqText.distinct(texts), (double) words / texts.size(), (double) wordpieces / texts.size());

    Table table = new Table("variant", "model batch-size", "load ms", "texts", "calls of", "best s", "median s",
        "texts/s", "tokens/s", "ms/text", "cpu ours %", "cpu others %");
    String queryLine = null;
    record Config(String variant, String batchSize) {
    }
    List<Config> configs = List.of(new Config("quantized", null), new Config("full", null),
        new Config("quantized", "32"), new Config("full", "32"));
    for (Config c : configs) {
      Map<String, String> settings = new HashMap<>(Map.of("variant", c.variant));
      if (c.batchSize != null) {
        settings.put("batch-size", c.batchSize);
      }
      long opened = System.nanoTime();
      try (EmbeddingModel model = provider.open(new PluginSettings(settings))) {
        long loadMs = ms(opened);
        // warm-up: two rounds over the first 64 texts (ONNX Runtime plans its first runs)
        for (int round = 0; round < 2; round++) {
          embedInCalls(model, texts.subList(0, Math.min(64, texts.size())));
        }
        List<Double> seconds = new ArrayList<>();
        CpuMeter.Sample before = CpuMeter.sample();
        for (int pass = 0; pass < TIMED_PASSES; pass++) {
          long t = System.nanoTime();
          embedInCalls(model, texts);
          seconds.add((System.nanoTime() - t) / 1e9);
        }
        CpuMeter.Usage cpu = CpuMeter.between(before, CpuMeter.sample());
        double best = seconds.stream().min(Double::compare).orElseThrow();
        double median = seconds.stream().sorted().toList().get(seconds.size() / 2);
        progress("  %s, model batch-size %s: %.0f texts/s (best of %d passes; median %.0f); cpu ours %.0f%%, others %.0f%%",
            c.variant, c.batchSize == null ? "8 (default)" : c.batchSize, texts.size() / best, TIMED_PASSES,
            texts.size() / median, cpu.oursPercent(), cpu.othersPercent());
        table.row(c.variant + (c.batchSize == null ? " (server default)" : ""),
            c.batchSize == null ? "8 (default)" : c.batchSize, loadMs, texts.size(), CALL_BATCH, best, median,
            texts.size() / best, modelTokens / best, best * 1000 / texts.size(), cpu.oursPercent(), cpu.othersPercent());

        if (c.variant.equals("quantized") && c.batchSize == null) {
          queryLine = singleQueries(model, questions, counter);
        }
      }
    }
    line("## Raw embedding throughput (minilm, in-process, no HTTP/bus)");
    line("");
    line("%d chunk-sized texts of the Python FAQ (paragraphs packed to <= %d wordpieces like the chunker; %d distinct,"
            + " avg %.0f words, %.0f wordpieces), embedded in calls of %d texts; %d timed passes after a warm-up.",
        texts.size(), CHUNK_TOKENS, FaqText.distinct(texts), (double) words / texts.size(),
        (double) wordpieces / texts.size(), CALL_BATCH, TIMED_PASSES);
    line("tokens/s counts what the model runs: [CLS] + wordpieces (at most %d) + [SEP] per text, padding excluded"
        + " (%d tokens per pass). texts/s, tokens/s and ms/text are of the best pass. \"model batch-size\" is the"
        + " plugin's own batch-size setting (texts per ONNX run). cpu ours/others %%: this JVM's and all other processes'"
        + " CPU time during the timed passes, as a share of all %d cores (others well above 0 means a busy machine).",
        counter.maxTokens(), modelTokens, Runtime.getRuntime().availableProcessors());
    line("");
    report.append(table.render());
    line("");
    line("%s", queryLine);
    line("");
  }

  private static void embedInCalls(EmbeddingModel model, List<String> texts) throws Exception {
    for (int from = 0; from < texts.size(); from += CALL_BATCH) {
      List<float[]> vectors = model.embed(texts.subList(from, Math.min(texts.size(), from + CALL_BATCH)));
      if (vectors.isEmpty() || vectors.get(0).length != model.dimension()) {
        throw new IllegalStateException("the model returned no or wrong-sized vectors");
      }
    }
  }

  private String singleQueries(EmbeddingModel model, List<String> questions, TokenCounter counter) throws Exception {
    for (int i = 0; i < Math.min(20, questions.size()); i++) {
      model.embed(List.of(questions.get(i)));
    }
    List<Long> latencies = new ArrayList<>();
    long tokens = 0;
    CpuMeter.Sample before = CpuMeter.sample();
    long started = System.nanoTime();
    for (int pass = 0; pass < 2; pass++) {
      for (String q : questions) {
        long t = System.nanoTime();
        model.embed(List.of(q));
        latencies.add(System.nanoTime() - t);
        tokens += counter.count(q);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    CpuMeter.Usage cpu = CpuMeter.between(before, CpuMeter.sample());
    latencies.sort(Comparator.naturalOrder());
    double p50 = latencies.get(latencies.size() / 2) / 1e6;
    double p95 = latencies.get((int) (latencies.size() * 0.95)) / 1e6;
    progress("  single queries: %.0f/s", latencies.size() / seconds);
    return String.format(Locale.ROOT, "Single short queries (quantized, server default; one text per call): %d calls of the FAQ's"
            + " %d questions (avg %.1f wordpieces): %.0f queries/s, latency p50 %.2f ms, p95 %.2f ms (cpu ours %.0f%%,"
            + " others %.0f%%).",
        latencies.size(), questions.size(), (double) tokens / latencies.size(), latencies.size() / seconds, p50, p95,
        cpu.oursPercent(), cpu.othersPercent());
  }

  // ---------------------------------------------------------------------------------------------
  // b. ingestion over HTTP

  record Ingested(String file, long bytes, String kind, String status, Integer units, String unitName, int chunks,
      long wallMs, JsonObject timings, String errorCode, String error, CpuMeter.Usage cpu) {
  }

  private List<Ingested> ingestAll(BenchHttp http, String token, Path corpus, Path input) throws Exception {
    List<Path> files = new ArrayList<>();
    files.addAll(list(corpus.resolve("pdf"), ".pdf"));
    files.addAll(list(corpus.resolve("transcripts"), null));
    Files.createDirectories(input);
    Path large = input.resolve("python-faq-x" + options.pages + "p.pdf");
    long t = System.nanoTime();
    int passes = LargePdf.write(FaqText.concatenated(corpus.resolve("qa")), options.pages, large);
    progress("generated %s: %d pages, %d KB, passes over the FAQ text: %d, in %d ms", large.getFileName(), options.pages,
        Files.size(large) >> 10, passes, ms(t));
    largePdfNote = String.format(Locale.ROOT, "%s was generated with PDFBox from qa/*.rst.txt concatenated (Helvetica 10 pt, A4,"
        + " 60 lines a page; the text runs %d times to fill %d pages; %d KB).", large.getFileName(), passes, options.pages,
        Files.size(large) >> 10);
    files.add(large);

    List<Ingested> results = new ArrayList<>();
    for (Path file : files) {
      results.add(ingest(http, token, file));
    }
    return results;
  }

  private String largePdfNote = "";

  private Ingested ingest(BenchHttp http, String token, Path file) throws Exception {
    String name = file.getFileName().toString();
    long bytes = Files.size(file);
    CpuMeter.Sample cpuBefore = CpuMeter.sample();
    long started = System.nanoTime();
    HttpResponse<Buffer> created = http.upload(token, file);
    if (created.statusCode() != 202 && created.statusCode() != 200) {
      JsonObject error = errorOf(created);
      progress("%-32s upload refused: HTTP %d %s", name, created.statusCode(), error.encode());
      return new Ingested(name, bytes, "-", "refused", null, null, 0, ms(started), new JsonObject(),
          "HTTP " + created.statusCode() + " " + error.getString("code", ""), error.getString("message", created.bodyAsString()),
          CpuMeter.between(cpuBefore, CpuMeter.sample()));
    }
    JsonObject body = created.bodyAsJsonObject();
    if (created.statusCode() == 200 || !body.containsKey("job")) {
      throw new IllegalStateException(name + " was already uploaded (HTTP 200): the bench needs a fresh user");
    }
    String jobId = body.getJsonObject("job").getString("id");
    JsonObject job;
    while (true) {
      job = http.json(token, "/api/v1/jobs/" + jobId);
      String status = job.getString("status");
      if ("completed".equals(status) || "failed".equals(status)) {
        break;
      }
      if (System.nanoTime() - started > JOB_LIMIT.toNanos()) {
        throw new AbortException("the job for " + name + " did not finish within " + JOB_LIMIT.toMinutes()
            + " minutes (last seen: status " + status + ", stage " + job.getString("stage") + ", progress "
            + job.getValue("progress") + "%)");
      }
      Thread.sleep(POLL_MS);
    }
    long wallMs = ms(started);
    CpuMeter.Usage cpu = CpuMeter.between(cpuBefore, CpuMeter.sample());
    String sourceId = job.getString("sourceId");
    JsonObject source = http.json(token, "/api/v1/sources/" + sourceId);
    JsonObject metadata = source.getJsonObject("metadata", new JsonObject());
    JsonObject timings = metadata.getJsonObject("timings", new JsonObject());
    String kind = source.getString("kind");
    Integer units = null;
    String unitName = null;
    if ("completed".equals(source.getString("status"))) {
      if (source.getInteger("pageCount") != null) {
        units = source.getInteger("pageCount");
        unitName = "pages";
      } else if ("transcript".equals(kind)) {
        units = http.json(token, "/api/v1/sources/" + sourceId + "/segments").getJsonArray("items").size();
        unitName = "segments";
      }
    }
    Ingested result = new Ingested(name, bytes, kind, source.getString("status"), units, unitName,
        source.getInteger("chunkCount", 0), wallMs, timings, metadata.getString("errorCode"), source.getString("error"), cpu);
    progress("%-32s %-9s %s, %d chunks in %d ms %s", name, result.status, units == null ? "-" : units + " " + unitName,
        result.chunks, wallMs,
        result.error == null ? timings.encode() : "(" + result.errorCode + ": " + result.error + ")");
    return result;
  }

  private static JsonObject errorOf(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject().getJsonObject("error", new JsonObject());
    } catch (RuntimeException e) {
      return new JsonObject().put("message", response.bodyAsString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // c. tables

  private void ingestionTables(List<Ingested> results) {
    line("## Ingestion over HTTP (upload -> job completed; one job at a time)");
    line("");
    line("wall ms: from the start of the upload until the job poll (every %d ms) saw it finish. Stage columns are the"
        + " job's own metadata.timings in ms; embed is the embedding bus round trips (+ the progress update between"
        + " batches of %d), index the Lucene upserts. embed chunks/s = chunks / embed stage; units/s = pages or segments / wall s; cpu %% as above, over the wall time.",
        POLL_MS, CALL_BATCH);
    line("%s", largePdfNote);
    line("");
    Table table = new Table("file", "kind", "KB", "status", "pages/segs", "chunks", "wall ms", "units/s",
        "parse ms", "store ms", "chunk ms", "embed ms", "index ms", "embed chunks/s", "cpu ours %", "cpu others %");
    for (Ingested r : results) {
      Long embedMs = stage(r, "embed");
      table.row(r.file, r.kind == null ? "-" : r.kind, Math.max(1, r.bytes >> 10), r.status,
          r.units == null ? "-" : r.units + " " + (r.unitName.equals("pages") ? "p" : "seg"),
          r.chunks, r.wallMs,
          r.units == null ? "-" : (Object) (r.units * 1000.0 / Math.max(1, r.wallMs)),
          orDash(stage(r, "parse")), orDash(stage(r, "store")), orDash(stage(r, "chunk")), orDash(embedMs),
          orDash(stage(r, "index")),
          embedMs == null || r.chunks == 0 ? "-" : (Object) (r.chunks * 1000.0 / Math.max(1, embedMs)),
          r.cpu.oursPercent(), r.cpu.othersPercent());
    }
    report.append(table.render());
    line("");

    List<Ingested> failed = results.stream().filter(r -> !"completed".equals(r.status)).toList();
    if (!failed.isEmpty()) {
      line("Failed (expected for the broken and the encrypted PDF):");
      line("");
      Table failures = new Table("file", "status", "errorCode", "error");
      failed.forEach(r -> failures.row(r.file, r.status, r.errorCode == null ? "-" : r.errorCode,
          r.error == null ? "-" : r.error));
      report.append(failures.render());
      line("");
    }

    Ingested largest = results.stream()
        .filter(r -> "pdf".equals(r.kind) && "completed".equals(r.status) && r.units != null)
        .max(Comparator.comparingInt(Ingested::units)).orElse(null);
    if (largest == null) {
      line("No PDF completed: no summary.");
      return;
    }
    long stageTotal = STAGES.stream().mapToLong(s -> orZero(stage(largest, s))).sum();
    List<String> shares = STAGES.stream()
        .sorted(Comparator.comparingLong((String s) -> orZero(stage(largest, s))).reversed())
        .map(s -> String.format(Locale.ROOT, "%s %.0f%% (%.1f s)", s, 100.0 * orZero(stage(largest, s)) / Math.max(1, stageTotal),
            orZero(stage(largest, s)) / 1000.0))
        .toList();
    String dominant = STAGES.stream().max(Comparator.comparingLong(s -> orZero(stage(largest, s)))).orElseThrow();
    line("Largest PDF: %s, %d pages, %d chunks, %.1f s total, %.2f pages/s; stages (%.1f s, %.0f%% of the wall time): %s"
            + " -> %s dominates (cpu ours %.0f%%, others %.0f%%).",
        largest.file, largest.units, largest.chunks, largest.wallMs / 1000.0, largest.units * 1000.0 / largest.wallMs,
        stageTotal / 1000.0, 100.0 * stageTotal / largest.wallMs, String.join(", ", shares), dominant,
        largest.cpu.oursPercent(), largest.cpu.othersPercent());
  }

  private static Long stage(Ingested r, String stage) {
    return r.timings.getLong(stage + "Ms");
  }

  private static Object orDash(Long value) {
    return value == null ? "-" : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  private static final class Options {
    int pages = 200;
    int texts = 512;
    boolean verbose;
    Path corpus = Corpus.location();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--verbose", "-v" -> o.verbose = true;
          case "--pages" -> o.pages = number(args, ++i, arg, 1, 5000);
          case "--texts" -> o.texts = number(args, ++i, arg, 32, 100_000);
          case "--corpus" -> {
            if (++i >= args.length) {
              throw new UsageException("--corpus needs a directory");
            }
            o.corpus = Path.of(args[i]).toAbsolutePath().normalize();
          }
          case "--help", "-h" -> throw new UsageException("IngestionBench: ingestion and embedding speed, printed as tables");
          default -> throw new UsageException("unknown argument '" + arg + "'");
        }
      }
      return o;
    }

    private static int number(String[] args, int i, String flag, int min, int max) {
      if (i >= args.length) {
        throw new UsageException(flag + " needs a number");
      }
      try {
        int n = Integer.parseInt(args[i]);
        if (n < min || n > max) {
          throw new UsageException(flag + " must be between " + min + " and " + max);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new UsageException(flag + " needs a whole number, not '" + args[i] + "'");
      }
    }

  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  static final class AbortException extends RuntimeException {
    AbortException(String message) {
      super(message);
    }
  }

  private void line(String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static void progress(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }

  private static long ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> suffix == null || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix))
          .sorted().toList();
    }
  }
}
