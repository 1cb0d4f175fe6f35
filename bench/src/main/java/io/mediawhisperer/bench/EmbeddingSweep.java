package io.mediawhisperer.bench;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.testsupport.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which model concurrency embeds fastest here: the minilm plugin opened with each ONNX Runtime
 * intra-op {@code threads} and plugin {@code batch-size}, called by 1 or 2 runner threads that
 * always have the next call of 32 chunk-sized texts waiting (as the embedding verticle's runners
 * do while ingestion keeps batches queued). Each cell runs a fixed time; texts/s counts the texts
 * of the calls finished within it. Prints one Markdown table for the cores this JVM may use, so
 * {@code scripts/bench-embedding} runs it twice: on every core, then pinned to one with
 * {@code taskset -c 0}.
 */
public final class EmbeddingSweep {

  /** Texts per call: what ingestion sends (a batch of 32 chunks per retrieval.index.chunks). */
  static final int CALL_TEXTS = 32;

  private final Options options;

  private EmbeddingSweep(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    int code;
    try {
      BenchNode.quietLogs();
      code = new EmbeddingSweep(Options.parse(args)).run();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: scripts/bench-embedding [--seconds S (per cell and round, default 2)] [--rounds N (default 2)] [--runners 1,2]"
          + " [--threads 1,2] [--batch-sizes 8,16,32,64] [--variant quantized|full] [--corpus DIR]");
      code = 2;
    } catch (Throwable e) {
      code = BenchNode.failed(e);
    }
    BenchNode.exit(code);
  }

  private int run() throws Exception {
    Path qa = options.corpus.resolve("qa");
    if (!Files.isDirectory(qa)) {
      throw new IllegalArgumentException("the corpus is missing: expected qa/ under " + options.corpus);
    }
    EmbeddingModelProvider provider = NamedPlugins.load(EmbeddingModelProvider.class, EmbeddingSweep.class.getClassLoader())
        .get("minilm");
    TokenCounter counter = provider.tokenizer(PluginSettings.empty());
    List<String> texts = FaqText.chunkSized(FaqText.paragraphs(qa), counter, IngestionBench.CHUNK_TOKENS, 512);
    double wordpieces = texts.stream().mapToInt(counter::count).average().orElse(0);
    int cores = Runtime.getRuntime().availableProcessors();

    record Setting(int threads, int batchSize) {
    }
    List<Setting> settings = new ArrayList<>();
    options.threads.forEach(threads -> options.batchSizes.forEach(batchSize -> settings.add(new Setting(threads, batchSize))));
    Map<Setting, EmbeddingModel> models = new LinkedHashMap<>();
    Map<String, List<Measured>> rounds = new HashMap<>();
    long started = System.nanoTime();
    try {
      for (Setting setting : settings) {
        EmbeddingModel model = provider.open(new PluginSettings(Map.of("variant", options.variant,
            "threads", String.valueOf(setting.threads), "batch-size", String.valueOf(setting.batchSize))));
        models.put(setting, model);
        // ONNX Runtime plans its first runs of each shape: warm up with the largest concurrency
        measure(model, texts, options.runners.stream().max(Integer::compare).orElse(1), 1_000);
      }
      // every cell once per round, so that a neighbour busy for a while spoils one round of a cell, not all
      for (int round = 1; round <= options.rounds; round++) {
        for (Setting setting : settings) {
          for (int runners : options.runners) {
            Measured cell = measure(models.get(setting), texts, runners, options.seconds * 1_000L);
            rounds.computeIfAbsent(runners + "x" + setting, k -> new ArrayList<>()).add(cell);
            progress("round %d, cores %d, runners %d, threads %d, batch-size %d: %.0f texts/s (%.0f ms/call; cpu ours %.0f%%,"
                    + " others %.0f%%)", round, cores, runners, setting.threads, setting.batchSize, cell.textsPerSecond,
                cell.msPerCall, cell.cpu.oursPercent(), cell.cpu.othersPercent());
          }
        }
      }
    } finally {
      models.values().forEach(EmbeddingModel::close);
    }

    Table table = new Table("cores", "runners", "threads", "batch-size", "texts/s", "each round", "ms/call",
        "cpu ours %", "cpu others %");
    String fastest = null;
    double fastestRate = 0;
    for (Setting setting : settings) {
      for (int runners : options.runners) {
        List<Measured> cells = rounds.get(runners + "x" + setting);
        Measured best = cells.stream().max(Comparator.comparingDouble(Measured::textsPerSecond)).orElseThrow();
        table.row(cores, runners, setting.threads, setting.batchSize, best.textsPerSecond,
            cells.stream().map(c -> Table.format(c.textsPerSecond)).collect(Collectors.joining(" ")), best.msPerCall,
            best.cpu.oursPercent(), best.cpu.othersPercent());
        if (best.textsPerSecond > fastestRate) {
          fastestRate = best.textsPerSecond;
          fastest = String.format(Locale.ROOT, "runners %d x threads %d, batch-size %d: %.0f texts/s", runners,
              setting.threads, setting.batchSize, best.textsPerSecond);
        }
      }
    }

    System.out.printf(Locale.ROOT, "## Embedding model sweep: %d core%s (minilm %s)%n%n", cores, cores == 1 ? "" : "s",
        options.variant);
    System.out.printf(Locale.ROOT, "%s; JDK %s; %d chunk-sized texts of the Python FAQ (avg %.0f wordpieces, packed to <= %d"
            + " like the chunker) in calls of %d, always one queued per runner; %d round%s of %d s per cell after a 1 s"
            + " warm-up per model; sweep %.0f s. runners: threads calling one shared model; threads: ONNX Runtime intra-op"
            + " threads per call; batch-size: texts per ONNX run. texts/s: the best round (each round: all of them); ms/call:"
            + " mean time of one call of %d; cpu ours/others %%: this JVM's and other processes' CPU time on the cores this"
            + " JVM may use, as a share of them, in the best round (others well above 0: a busy, shared machine).%n%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS), System.getProperty("java.version"), texts.size(), wordpieces,
        IngestionBench.CHUNK_TOKENS, CALL_TEXTS, options.rounds, options.rounds == 1 ? "" : "s", options.seconds,
        (System.nanoTime() - started) / 1e9, CALL_TEXTS);
    System.out.print(table.render());
    System.out.printf(Locale.ROOT, "%nFastest on %d core%s: %s.%n%n", cores, cores == 1 ? "" : "s", fastest);
    return 0;
  }

  /**
   * {@code runners} threads call the model back to back for {@code millis}, each taking the next
   * call of {@link #CALL_TEXTS} texts from the list (cycling). Calls that end after the time are
   * not counted; texts/s is the sum of the runners' rates, each up to the end of its last counted call.
   */
  private static Measured measure(EmbeddingModel model, List<String> texts, int runners, long millis) throws Exception {
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000L;
    CpuMeter.Sample before = CpuMeter.sample();
    ExecutorService pool = Executors.newFixedThreadPool(runners);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int r = 0; r < runners; r++) {
        results.add(pool.submit(() -> {
          long calls = 0;
          long busyNanos = 0;
          long lastEnd = start;
          while (true) {
            int from = (int) (next.getAndIncrement() * CALL_TEXTS % texts.size());
            List<String> call = texts.subList(from, Math.min(texts.size(), from + CALL_TEXTS));
            long t = System.nanoTime();
            List<float[]> vectors = model.embed(call);
            long end = System.nanoTime();
            if (vectors.size() != call.size()) {
              throw new IllegalStateException("the model returned " + vectors.size() + " vectors for " + call.size() + " texts");
            }
            if (end > deadline) {
              return new long[] {calls, busyNanos, lastEnd};
            }
            calls++;
            busyNanos += end - t;
            lastEnd = end;
          }
        }));
      }
      long calls = 0;
      long busy = 0;
      double textsPerSecond = 0;
      for (Future<long[]> result : results) {
        long[] r = result.get();
        calls += r[0];
        busy += r[1];
        // each runner's own rate, up to the end of its own last call: a sum that leaves out no
        // runner's unfinished call and counts no idle time
        textsPerSecond += r[0] == 0 ? 0 : r[0] * CALL_TEXTS / ((r[2] - start) / 1e9);
      }
      CpuMeter.Usage cpu = CpuMeter.between(before, CpuMeter.sample());
      return new Measured(textsPerSecond, calls == 0 ? Double.NaN : busy / 1e6 / calls, calls, cpu);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      pool.shutdownNow();
    }
  }

  private record Measured(double textsPerSecond, double msPerCall, long calls, CpuMeter.Usage cpu) {
  }


  private static void progress(String format, Object... args) {
    System.err.println("[sweep] " + String.format(Locale.ROOT, format, args));
  }

  private static final class Options {
    int seconds = 2;
    int rounds = 2;
    List<Integer> runners = List.of(1, 2);
    List<Integer> threads = List.of(1, 2);
    List<Integer> batchSizes = List.of(8, 16, 32, 64);
    String variant = "quantized";
    Path corpus = Corpus.location();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help") || flag.equals("-h")) {
          throw new IllegalArgumentException("EmbeddingSweep: texts/s for each runners x threads x batch-size");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--seconds" -> o.seconds = numbers(flag, value, 1, 60).get(0);
          case "--rounds" -> o.rounds = numbers(flag, value, 1, 10).get(0);
          case "--runners" -> o.runners = numbers(flag, value, 1, 64);
          case "--threads" -> o.threads = numbers(flag, value, 1, 64);
          case "--batch-sizes" -> o.batchSizes = numbers(flag, value, 1, 256);
          case "--variant" -> o.variant = value;
          case "--corpus" -> o.corpus = Path.of(value).toAbsolutePath().normalize();
          default -> throw new IllegalArgumentException("unknown argument '" + flag + "'");
        }
      }
      return o;
    }

    private static List<Integer> numbers(String flag, String value, int min, int max) {
      try {
        List<Integer> numbers = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
        if (numbers.isEmpty() || numbers.stream().anyMatch(n -> n < min || n > max)) {
          throw new IllegalArgumentException(flag + " takes whole numbers between " + min + " and " + max + ", not " + value);
        }
        return numbers;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " takes comma-separated whole numbers, not '" + value + "'", e);
      }
    }
  }
}
