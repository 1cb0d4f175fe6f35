package io.mediawhisperer.bench;

import io.mediawhisperer.ingestion.Chunker;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.SourceParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import com.sun.management.GarbageCollectionNotificationInfo;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Issue 17's measurement, in one run: a long PDF's ingestion over HTTP beside the raw model speed
 * on the very same chunks. Starts a node with every role (like {@link IngestionBench}), then:
 *
 * <ol>
 *   <li>parses and chunks the PDF in this JVM as ingestion does (parser "pdf", chunk_size 120,
 *       overlap 20%), and embeds those chunks with the minilm plugin directly, in calls of 32
 *       texts on as many threads as the node runs the model ({@code --raw-callers}): the raw time;</li>
 *   <li>warms the node up with another PDF ({@code --warmup}: scripts/bench passes "An Introduction
 *       to R", 113 pages), then uploads the PDF and waits for its job (the pipeline's wall time), and a few seconds in
 *       uploads a 5-page PDF (the first pages of the UDHR) and times it to completion;</li>
 *   <li>uploads the PDF again with one page's text changed, to show what is embedded again;</li>
 *   <li>reports the heap: the largest live set after a collection while the long job ran, and the
 *       sum of the heap pools' peaks (an upper bound of the heap in use, garbage included).</li>
 * </ol>
 *
 * Run it with {@code scripts/bench --pdf FILE} (scripts/bench fetches the GNU Octave manual).
 */
public final class PipelineBench {

  private static final int CALL_BATCH = 32;
  private static final int CHUNK_SIZE = 120;
  private static final int OVERLAP_PERCENT = 20;
  private static final long SMALL_UPLOAD_AFTER_MS = 8_000;
  private static final int CHANGED_PAGE = 500;

  private final Path pdf;
  private final Path warmup;
  private final Path smallSource;
  private final int rawCallers;
  private final StringBuilder report = new StringBuilder();
  /**
   * The model alone on the chunks: its wall time, this JVM's CPU, everything else's share of the
   * cores meanwhile, and the vectors, by chunk (handed to the model-free node).
   */
  private record Raw(double seconds, double cpuSeconds, double othersPercent, float[][] vectors) {
  }

  /** The PDF's upload on the node without the model, and the texts that still went to the model. */
  private record ModelFree(Job job, long misses) {
  }

  /** What the node's uploads gave, kept for the report once the node is closed. */
  private record Uploads(String node, Object workers, Job whole, Job small, Job again, HeapWatch.Peaks peaks) {
  }

  private PipelineBench(Path pdf, Path warmup, Path smallSource, int rawCallers) {
    this.pdf = pdf;
    this.warmup = warmup;
    this.smallSource = smallSource;
    this.rawCallers = rawCallers;
  }

  public static void main(String[] args) {
    int code;
    try {
      Path pdf = null;
      Path warmup = null;
      Path small = io.mediawhisperer.testsupport.Corpus.location().resolve("pdf/udhr.pdf");
      // the node's defaults: one model runner per core, each on cores / runners threads
      int callers = Runtime.getRuntime().availableProcessors();
      boolean verbose = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--pdf" -> pdf = Path.of(args[++i]);
          case "--warmup" -> warmup = Path.of(args[++i]);
          case "--small-from" -> small = Path.of(args[++i]);
          case "--raw-callers" -> callers = Integer.parseInt(args[++i]);
          case "--verbose" -> verbose = true;
          default -> throw new IngestionBench.UsageException("unknown argument '" + args[i] + "'");
        }
      }
      if (pdf == null || !Files.isRegularFile(pdf)) {
        throw new IngestionBench.UsageException("--pdf FILE is required (scripts/bench passes the GNU Octave manual)");
      }
      if (!verbose) {
        BenchNode.quietLogs();
      }
      code = new PipelineBench(pdf, warmup, small, callers).run();
    } catch (IngestionBench.UsageException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: PipelineBench --pdf FILE [--warmup PDF] [--small-from PDF] [--raw-callers N] [--verbose]");
      code = 2;
    } catch (Throwable e) {
      code = BenchNode.failed(e);
    }
    BenchNode.exit(code);
  }

  private int run() throws Exception {
    Path work = Files.createTempDirectory("mw-pipeline-bench-in");
    Path small = work.resolve("small-5-pages.pdf");
    firstPages(smallSource, 5, small);
    Path changed = work.resolve("changed-" + pdf.getFileName());
    withOnePageChanged(pdf, CHANGED_PAGE, changed);

    List<String> chunks = chunksOf(pdf);
    Raw rawBefore = rawEmbed(chunks);
    Uploads uploads;
    try (BenchNode bench = BenchNode.start("mw-pipeline-bench", System.getenv("MW_BENCH_DB_URL"), Map.of(), PipelineBench::progress)) {
      Vertx client = Vertx.vertx();
      try {
        BenchHttp http = new BenchHttp(WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(bench.port)));
        String token = register(bench);
        if (warmup != null) {
          // a warm server, as one that has run for a while: the JIT has compiled the parse, index and bus paths.
          // Another user's upload, so that nothing of it is in the measured user's embedding cache.
          Job warming = new Job(http, register(bench), warmup);
          while (!warming.poll()) {
            Thread.sleep(IngestionBench.POLL_MS);
          }
          line("Warm-up: %s (%d chunks) ingested first, in %.1f s.", warmup.getFileName(), warming.chunks(), warming.wallMs / 1000.0);
        }
        HeapWatch heap = HeapWatch.start();
        Job whole = new Job(http, token, pdf);
        Job smallJob = null;
        while (!whole.poll()) {
          if (smallJob == null && whole.elapsedMs() >= SMALL_UPLOAD_AFTER_MS) {
            smallJob = new Job(http, token, small);
          }
          if (smallJob != null) {
            smallJob.poll();
          }
          Thread.sleep(IngestionBench.POLL_MS);
        }
        while (smallJob != null && !smallJob.poll()) {
          Thread.sleep(IngestionBench.POLL_MS);
        }
        HeapWatch.Peaks peaks = heap.stop();
        Job again = new Job(http, token, changed);
        while (!again.poll()) {
          Thread.sleep(IngestionBench.POLL_MS);
        }
        uploads = new Uploads(bench.databaseDescription(), bench.config.getValue("ingestion-workers"), whole, smallJob, again, peaks);
      } finally {
        client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    // the model alone again, once the node is gone: its speed moves by up to 12% between runs, so the
    // ratio is taken against the mean of a run before the uploads and one after
    Raw rawAfter = rawEmbed(chunks);
    tables(chunks.size(), rawBefore, rawAfter, uploads);
    ModelFree modelFree = withoutModel(chunks, rawAfter.vectors());
    Job withoutModel = modelFree.job();
    double rawCpuSeconds = (rawBefore.cpuSeconds() + rawAfter.cpuSeconds()) / 2;
    double rawSeconds = (rawBefore.seconds() + rawAfter.seconds()) / 2;
    line("");
    line("Without the model: a second node whose embedding provider hands out the raw run's vectors (%s) ingested %s in %.1f s"
        + " with %.1f s of JVM CPU (+ %.1f%% of the cores for everything else, PostgreSQL included): the pipeline's own work, which"
        + " on %d cores shares them with the model. %d text(s) went to the model (a text the document repeats is handed out once).",
        PrecomputedEmbeddings.NAME, pdf.getFileName(), withoutModel.wallMs / 1000.0, withoutModel.cpuSeconds(),
        withoutModel.othersPercent(), Runtime.getRuntime().availableProcessors(), modelFree.misses());
    double aroundModel = withoutModel.cpuSeconds() + withoutModel.othersPercent() / 100.0 * Runtime.getRuntime().availableProcessors()
        * withoutModel.wallMs / 1000.0;
    line("So the whole upload needs about %.1f + %.1f CPU seconds (the raw model's and the pipeline's own): at least %.1f s on %d"
        + " cores, %.2f x raw, even if nothing ever waited.", rawCpuSeconds, aroundModel,
        (rawCpuSeconds + aroundModel) / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
        (rawCpuSeconds + aroundModel) / Runtime.getRuntime().availableProcessors() / rawSeconds);
    System.out.println();
    System.out.print(report);
    return 0;
  }

  private static String register(BenchNode bench) throws Exception {
    return BenchSession.register(java.net.http.HttpClient.newHttpClient(), bench.baseUrl(),
        "pipeline-" + UUID.randomUUID() + "@example.org", IngestionBench.HTTP_LIMIT).token();
  }

  /**
   * The PDF ingested by a fresh node that does not run the model: every chunk's vector is the raw
   * run's ({@link PrecomputedEmbeddings}). Its CPU is what the pipeline costs beside the model.
   */
  private ModelFree withoutModel(List<String> chunks, float[][] vectors) throws Exception {
    for (int i = 0; i < chunks.size(); i++) {
      PrecomputedEmbeddings.offer(chunks.get(i), vectors[i]);
    }
    long embeddedBefore = PrecomputedEmbeddings.embedded();
    try (BenchNode bench = BenchNode.start("mw-pipeline-bench-model-free", System.getenv("MW_BENCH_DB_URL"),
        Map.of("embedding-provider", PrecomputedEmbeddings.NAME), PipelineBench::progress)) {
      Vertx client = Vertx.vertx();
      try {
        BenchHttp http = new BenchHttp(WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(bench.port)));
        Job job = new Job(http, register(bench), pdf);
        while (!job.poll()) {
          Thread.sleep(IngestionBench.POLL_MS);
        }
        return new ModelFree(job, PrecomputedEmbeddings.embedded() - embeddedBefore);
      } finally {
        client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private List<String> chunksOf(Path file) throws Exception {
    SourceParser parser = NamedPlugins.load(SourceParser.class, PipelineBench.class.getClassLoader()).get("pdf");
    TokenCounter counter = provider().tokenizer(PluginSettings.empty());
    long started = System.nanoTime();
    ParsedSource parsed = parser.parse(file, ParseLimits.defaults());
    long parsedAt = System.nanoTime();
    List<String> texts = new Chunker(counter, CHUNK_SIZE, OVERLAP_PERCENT).chunk(parsed).stream().map(Chunker.Chunk::text).toList();
    progress("%s: %d pages parsed in %d ms, %d chunks made in %d ms (in this JVM, one after the other)", file.getFileName(),
        parsed.pages().size(), (parsedAt - started) / 1_000_000, texts.size(), (System.nanoTime() - parsedAt) / 1_000_000);
    line("%s: %d pages, %d chunks (chunk_size %d, overlap %d%%); parse %.1f s and chunk %.1f s when run alone in this JVM.",
        file.getFileName(), parsed.pages().size(), texts.size(), CHUNK_SIZE, OVERLAP_PERCENT, (parsedAt - started) / 1e9,
        (System.nanoTime() - parsedAt) / 1e9);
    return texts;
  }

  /** The model alone on the chunks: calls of 32 texts, {@code rawCallers} at a time, after a warm-up. */
  private Raw rawEmbed(List<String> texts) throws Exception {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / rawCallers);
    try (EmbeddingModel model = provider().open(new PluginSettings(Map.of("threads", String.valueOf(threads))))) {
      model.embed(texts.subList(0, Math.min(64, texts.size())));
      ExecutorService callers = Executors.newFixedThreadPool(rawCallers);
      AtomicInteger next = new AtomicInteger();
      float[][] vectors = new float[texts.size()][];
      CpuMeter.Sample cpuBefore = CpuMeter.sample();
      long started = System.nanoTime();
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < rawCallers; c++) {
          running.add(callers.submit(() -> {
            for (int from = next.getAndAdd(CALL_BATCH); from < texts.size(); from = next.getAndAdd(CALL_BATCH)) {
              List<float[]> embedded = model.embed(texts.subList(from, Math.min(texts.size(), from + CALL_BATCH)));
              for (int i = 0; i < embedded.size(); i++) {
                vectors[from + i] = embedded.get(i);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        callers.shutdownNow();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      CpuMeter.Sample cpuAfter = CpuMeter.sample();
      double cpuSeconds = (cpuAfter.processCpuNanos() - cpuBefore.processCpuNanos()) / 1e9;
      progress("raw: %d chunks embedded in %.1f s (%.0f chunks/s, %d caller(s))", texts.size(), seconds, texts.size() / seconds, rawCallers);
      return new Raw(seconds, cpuSeconds, CpuMeter.between(cpuBefore, cpuAfter).othersPercent(), vectors);
    }
  }

  private static EmbeddingModelProvider provider() {
    return NamedPlugins.load(EmbeddingModelProvider.class, PipelineBench.class.getClassLoader()).get("minilm");
  }

  private void tables(int chunks, Raw before, Raw after, Uploads uploads) {
    Job whole = uploads.whole();
    Job small = uploads.small();
    Job again = uploads.again();
    HeapWatch.Peaks peaks = uploads.peaks();
    double rawSeconds = (before.seconds() + after.seconds()) / 2;
    Runtime rt = Runtime.getRuntime();
    report.insert(0, String.format(Locale.ROOT, "# Ingestion pipeline vs the raw model (issue 17)%n%n%s; JDK %s; %d cores; max heap %d MB;"
            + " node: %s, ingestion-workers %s (unset: max(2, cores))%n%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
        System.getProperty("java.version"), rt.availableProcessors(), rt.maxMemory() >> 20, uploads.node(), uploads.workers()));
    line("");
    Table table = new Table("run", "chunks", "embedded", "reused", "wall s", "wall / raw", "JVM cpu s", "others %", "model busy %",
        "parse ms", "chunk ms", "parse waited ms", "store ms", "embed ms (sum)", "index ms (sum)", "summarize ms");
    table.row("raw model, same chunks, before", chunks, chunks, 0, before.seconds(), before.seconds() / rawSeconds, before.cpuSeconds(),
        before.othersPercent(), "-", "-", "-", "-", "-", "-", "-", "-");
    table.row("raw model, same chunks, after", chunks, chunks, 0, after.seconds(), after.seconds() / rawSeconds, after.cpuSeconds(),
        after.othersPercent(), "-", "-", "-", "-", "-", "-", "-", "-");
    table.row("upload over HTTP", whole.chunks(), whole.timing("embedded"), whole.timing("reused"), whole.wallMs / 1000.0,
        whole.wallMs / 1000.0 / rawSeconds, whole.cpuSeconds(), whole.othersPercent(), whole.modelBusy(rawCallers), whole.timing("parseMs"), whole.timing("chunkMs"),
        whole.timing("parseWaitMs"), whole.timing("storeMs"), whole.timing("embedMs"), whole.timing("indexMs"), whole.timing("summarizeMs"));
    table.row("again, page " + CHANGED_PAGE + " changed", again.chunks(), again.timing("embedded"), again.timing("reused"),
        again.wallMs / 1000.0, again.wallMs / 1000.0 / rawSeconds, again.cpuSeconds(), again.othersPercent(), again.modelBusy(rawCallers), again.timing("parseMs"),
        again.timing("chunkMs"), again.timing("parseWaitMs"), again.timing("storeMs"), again.timing("embedMs"), again.timing("indexMs"),
        again.timing("summarizeMs"));
    report.append(table.render());
    line("");
    line("wall s: from the start of the upload until the job poll (every %d ms) saw it completed. raw: the same chunks"
        + " embedded by the minilm plugin directly in this JVM before the node started and again after it stopped (calls of %d, %d caller(s)"
        + " at once, as the node's runners); wall / raw is against the mean of the two. Stage ms are"
        + " the job's metadata.timings; the stages overlap, so they do not add up to the wall time. JVM cpu s: this process's CPU time"
        + " (the node and the benchmark; the embedded PostgreSQL is other processes, counted in others %%: everything else's share of"
        + " all cores). model busy %%: the model runners' own time (embedRunMs) over the pipeline's wall time x runners.", IngestionBench.POLL_MS,
        CALL_BATCH, rawCallers);
    line("");
    if (small != null) {
      line("A 5-page PDF uploaded %.1f s into the long upload: %s in %.1f s (%d chunks).", SMALL_UPLOAD_AFTER_MS / 1000.0,
          small.status, small.wallMs / 1000.0, small.chunks());
    }
    line("Heap while the long upload ran (node and benchmark in one JVM): largest live set after a collection %d MB; sum of the"
        + " heap pools' peaks %d MB (garbage included: an upper bound).", peaks.liveAfterGcBytes() >> 20, peaks.poolPeaksBytes() >> 20);
    line("Targets: wall <= 1.1 x raw (%s: %.2f), wall < 45 s (%s: %.1f s), the 5-page PDF within 10 s (%s), peak heap < 512 MB (%s).",
        whole.wallMs / 1000.0 <= 1.1 * rawSeconds ? "met" : "NOT met", whole.wallMs / 1000.0 / rawSeconds,
        whole.wallMs < 45_000 ? "met" : "NOT met", whole.wallMs / 1000.0,
        small != null && small.wallMs <= 10_000 && "completed".equals(small.status) ? "met" : "NOT met",
        Math.max(peaks.liveAfterGcBytes(), peaks.poolPeaksBytes()) < 512L << 20 ? "met" : "NOT met");
  }

  /** One upload and its job, polled by the benchmark's thread. */
  private static final class Job {
    final String name;
    final long started = System.nanoTime();
    final CpuMeter.Sample cpuBefore = CpuMeter.sample();
    CpuMeter.Sample cpuAfter;
    final BenchHttp http;
    final String token;
    final String jobId;
    String status = "queued";
    long wallMs;
    JsonObject source = new JsonObject();

    Job(BenchHttp http, String token, Path file) throws Exception {
      this.http = http;
      this.token = token;
      this.name = file.getFileName().toString();
      HttpResponse<Buffer> created = http.upload(token, file);
      if (created.statusCode() != 202) {
        throw new IllegalStateException(name + ": upload answered HTTP " + created.statusCode() + " " + created.bodyAsString());
      }
      jobId = created.bodyAsJsonObject().getJsonObject("job").getString("id");
      progress("%s uploaded", name);
    }

    long elapsedMs() {
      return (System.nanoTime() - started) / 1_000_000;
    }

    /** True once the job ended. */
    boolean poll() throws Exception {
      if (wallMs > 0) {
        return true;
      }
      JsonObject job = http.json(token, "/api/v1/jobs/" + jobId);
      status = job.getString("status");
      if (!"completed".equals(status) && !"failed".equals(status)) {
        if (elapsedMs() > IngestionBench.JOB_LIMIT.toMillis()) {
          throw new IngestionBench.AbortException(name + " did not finish in " + IngestionBench.JOB_LIMIT.toMinutes() + " minutes");
        }
        return false;
      }
      wallMs = elapsedMs();
      cpuAfter = CpuMeter.sample();
      source = http.json(token, "/api/v1/sources/" + job.getString("sourceId"));
      progress("%s %s in %d ms: %s", name, status, wallMs, source.getJsonObject("metadata", new JsonObject()).getValue("timings"));
      return true;
    }

    double cpuSeconds() {
      return (cpuAfter.processCpuNanos() - cpuBefore.processCpuNanos()) / 1e9;
    }

    double othersPercent() {
      return CpuMeter.between(cpuBefore, cpuAfter).othersPercent();
    }

    /** The model runners' time over the pipeline's wall time: below 100, the model waited for work. */
    Object modelBusy(int runners) {
      Object run = timing("embedRunMs");
      Object wall = timing("pipelineMs");
      return run instanceof Number r && wall instanceof Number w && w.longValue() > 0
          ? (Object) (100.0 * r.longValue() / (w.longValue() * (double) runners)) : "-";
    }

    int chunks() {
      return source.getInteger("chunkCount", 0);
    }

    Object timing(String key) {
      Object value = source.getJsonObject("metadata", new JsonObject()).getJsonObject("timings", new JsonObject()).getValue(key);
      return value == null ? "-" : value;
    }
  }

  /** The heap while something runs: live set after each collection, and the pools' peaks. */
  private static final class HeapWatch {
    record Peaks(long liveAfterGcBytes, long poolPeaksBytes) {
    }

    private final AtomicLong liveAfterGc = new AtomicLong();
    private final List<Runnable> detach = new ArrayList<>();

    static HeapWatch start() {
      System.gc();
      HeapWatch watch = new HeapWatch();
      ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).forEach(MemoryPoolMXBean::resetPeakUsage);
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          javax.management.NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
              var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
              long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(u -> u.getUsed()).sum();
              watch.liveAfterGc.accumulateAndGet(used, Math::max);
            }
          };
          emitter.addNotificationListener(listener, null, null);
          watch.detach.add(() -> {
            try {
              emitter.removeNotificationListener(listener);
            } catch (Exception e) {
              // already gone
            }
          });
        }
      }
      return watch;
    }

    Peaks stop() {
      long pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
          .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      detach.forEach(Runnable::run);
      return new Peaks(liveAfterGc.get(), pools);
    }
  }

  // --- the input files ---

  private static void firstPages(Path from, int pages, Path to) throws Exception {
    try (PDDocument source = Loader.loadPDF(from.toFile()); PDDocument out = new PDDocument()) {
      for (int i = 0; i < Math.min(pages, source.getNumberOfPages()); i++) {
        out.importPage(source.getPage(i));
      }
      out.save(to.toFile());
    }
  }

  /** The same PDF with page {@code number}'s content replaced by new text: its chunks change, the others do not. */
  private static void withOnePageChanged(Path from, int number, Path to) throws Exception {
    try (PDDocument document = Loader.loadPDF(from.toFile())) {
      PDPage page = document.getPage(number - 1);
      try (PDPageContentStream text = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        text.setLeading(14);
        text.newLineAtOffset(60, 700);
        for (int line = 0; line < 20; line++) {
          text.showText("This page was rewritten for the benchmark, line " + line + ": the second upload embeds only it again.");
          text.newLine();
        }
        text.endText();
      }
      document.save(to.toFile());
    }
  }

  private void line(String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static void progress(String format, Object... args) {
    System.err.println("[pipeline-bench] " + String.format(Locale.ROOT, format, args));
  }
}
