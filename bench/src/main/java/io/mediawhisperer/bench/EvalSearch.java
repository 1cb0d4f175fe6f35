package io.mediawhisperer.bench;

import io.mediawhisperer.testsupport.eval.EvalSet;
import io.mediawhisperer.testsupport.eval.EvalSets;
import io.mediawhisperer.testsupport.eval.Evaluator;
import io.mediawhisperer.testsupport.eval.RecallReport;
import io.mediawhisperer.testsupport.eval.ReciprocalRankFusion;
import io.mediawhisperer.testsupport.eval.SearchApi;
import io.mediawhisperer.testsupport.eval.SetRun;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Search quality on every evaluation set (test-support's eval/), the same evaluator as launcher's
 * SearchEvaluationTest: a node, each set's documents ingested over HTTP into a fresh user, every
 * question asked in modes vector, text and hybrid; prints recall@1/5/10 per set and mode, then the
 * offline sweep of fusion weights over the collected top-50 lists, and writes those lists to a
 * JSON file ({@code --runs FILE}, default bench/target/eval-search/runs.json) that
 * {@code --from FILE} sweeps again without a node.
 */
public final class EvalSearch {

  private static final Duration LIMIT = Duration.ofMinutes(5);

  private EvalSearch() {
  }

  public static void main(String[] args) {
    try {
      BenchNode.exit(run(args));
    } catch (Throwable e) {
      BenchNode.exit(BenchNode.failed(e));
    }
  }

  private static int run(String[] args) throws Exception {
    Path out = Path.of("bench/target/eval-search/runs.json");
    Path from = null;
    Map<String, String> flags = new LinkedHashMap<>();
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> out = Path.of(args[++i]);
        case "--from" -> from = Path.of(args[++i]);
        case "--vector-backend" -> flags.put("vector-backend", args[++i]);
        case "--verbose" -> verbose = true;
        default -> throw new IllegalArgumentException(
            "usage: EvalSearch [--runs FILE] [--from FILE] [--vector-backend lucene|pgvector] [--verbose]");
      }
    }
    if (!verbose) {
      BenchNode.quietLogs();
    }
    List<SetRun> runs = from != null ? SetRun.fromJson(new JsonArray(Files.readString(from))) : evaluate(flags);
    if (from == null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, SetRun.toJson(runs).encode());
      say("wrote the collected rankings to %s (--from %s sweeps them again)", out, out);
    }
    System.out.println("## Search evaluation: recall of the right page / window / lines (topK 10)\n");
    System.out.println(RecallReport.recallTable(runs));
    System.out.println("## Offline fusion sweep: reciprocal rank fusion of the top-50 vector and text lists, recall@5\n");
    System.out.println(RecallReport.sweepTable(runs, new ReciprocalRankFusion()));
    return 0;
  }

  private static List<SetRun> evaluate(Map<String, String> flags) throws Exception {
    List<EvalSet> sets = EvalSets.all();
    String server = System.getenv().getOrDefault("MW_BENCH_DB_URL", "");
    try (BenchNode bench = BenchNode.start("mw-eval-search", server, flags, EvalSearch::say)) {
      HttpClient http = HttpClient.newHttpClient();
      Evaluator evaluator = new Evaluator(who -> new User(
          BenchSession.register(http, bench.baseUrl(), who + "-" + UUID.randomUUID() + "@example.org", LIMIT)));
      List<SetRun> runs = new ArrayList<>();
      for (EvalSet set : sets) {
        long started = System.nanoTime();
        evaluator.library(set);
        long ingested = System.nanoTime();
        runs.add(evaluator.run(set));
        say("%s: documents ingested in %.1f s, %d questions asked (5 searches each) in %.1f s", set.name(),
            (ingested - started) / 1e9, set.questions().size(), (System.nanoTime() - ingested) / 1e9);
      }
      return runs;
    }
  }

  /** A bench user as the evaluator's client. */
  private record User(BenchSession session) implements SearchApi.User {

    @Override
    public List<String> ingest(List<Path> files) throws Exception {
      List<String> jobs = new ArrayList<>();
      for (Path file : files) {
        jobs.add(session.upload(file, contentType(file)).getJsonObject("job").getString("id"));
      }
      List<String> sourceIds = new ArrayList<>();
      for (String job : jobs) {
        sourceIds.add(completed(job).getString("sourceId"));
      }
      return sourceIds;
    }

    private JsonObject completed(String jobId) throws Exception {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        JsonObject job = session.get("/api/v1/jobs/" + jobId);
        if ("completed".equals(job.getString("status"))) {
          return job;
        }
        if ("failed".equals(job.getString("status"))) {
          throw new IllegalStateException("ingestion failed: " + job.encode());
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("job " + jobId + " did not complete within " + LIMIT);
    }

    @Override
    public JsonArray search(String query, String mode, int topK) throws Exception {
      return session.post("/api/v1/search", new JsonObject().put("query", query).put("mode", mode).put("topK", topK))
          .getJsonArray("results");
    }

    private static String contentType(Path file) {
      String name = file.getFileName().toString();
      return name.endsWith(".pdf") ? "application/pdf" : name.endsWith(".vtt") ? "text/vtt" : "text/plain";
    }
  }

  private static void say(String format, Object... args) {
    System.err.printf("[eval-search] " + format + "%n", args);
  }
}
