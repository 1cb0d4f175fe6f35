package io.mediawhisperer.bench;

import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How fast answers and generated content are, over HTTP, with the default extractive chat model:
 * a node with every role ingests the Python FAQ and the Tracemonkey paper, then every FAQ
 * question is asked in one conversation (the server's own retrieval and generation times read
 * from each answer's metadata), answers are streamed (time to the first SSE delta), two callers
 * ask at once, and each content type is generated. Prints Markdown tables.
 * Run it with {@code scripts/bench-chat}; MW_BENCH_DB_URL picks a PostgreSQL server instead of the embedded one.
 */
public final class ChatBench {

  private static final int STREAMED = 40;
  private static final int GENERATIONS = 5;

  private WebClient client;
  private Vertx vertx;
  private int port;
  private String token;

  public static void main(String[] args) {
    BenchNode.quietLogs();
    int code = 0;
    try {
      new ChatBench().run(args.length > 0 ? Path.of(args[0]) : Corpus.root());
    } catch (Exception e) {
      code = BenchNode.failed(e);
    }
    BenchNode.exit(code);
  }

  private void run(Path corpus) throws Exception {
    try (BenchNode bench = BenchNode.start("mw-chat-bench", System.getenv("MW_BENCH_DB_URL"), Map.of(),
        (format, args) -> System.err.println("[bench] " + String.format(Locale.ROOT, format, args)))) {
      port = bench.port;
      vertx = Vertx.vertx();
      client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
      try {
        benchmark(corpus, BenchSession.register(java.net.http.HttpClient.newHttpClient(), bench.baseUrl(),
            "bench-" + UUID.randomUUID() + "@example.org", Duration.ofMinutes(5)).token());
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private void benchmark(Path corpus, String token) throws Exception {
    this.token = token;
    List<Path> files = new ArrayList<>();
    try (var qa = Files.list(corpus.resolve("qa"))) {
      qa.filter(f -> f.toString().endsWith(".rst.txt")).sorted().forEach(files::add);
    }
    files.add(corpus.resolve("pdf/tracemonkey-two-column.pdf"));
    System.err.println("[bench] ingesting " + files.size() + " files");
    for (Path file : files) {
      ingest(file);
    }
    List<String> questions = new ArrayList<>();
    for (String line : Files.readAllLines(corpus.resolve("qa/python-faq.jsonl"))) {
      questions.add(new JsonObject(line).getString("question"));
    }
    String conversation = post("/api/v1/conversations", new JsonObject()).getString("id");
    for (int i = 0; i < 10; i++) {
      post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("content", questions.get(i)));
    }

    System.err.println("[bench] asking " + questions.size() + " questions");
    List<Long> total = new ArrayList<>();
    List<Long> retrieval = new ArrayList<>();
    List<Long> generation = new ArrayList<>();
    long started = System.nanoTime();
    for (String question : questions) {
      long t0 = System.nanoTime();
      JsonObject metadata = post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("content", question))
          .getJsonObject("message").getJsonObject("metadata");
      total.add((System.nanoTime() - t0) / 1_000_000);
      retrieval.add(metadata.getLong("retrievalTimeMs"));
      generation.add(metadata.getLong("generationTimeMs"));
    }
    double sequentialQps = questions.size() / ((System.nanoTime() - started) / 1e9);

    System.err.println("[bench] streaming " + STREAMED + " answers");
    List<Long> firstDelta = new ArrayList<>();
    List<Long> streamDone = new ArrayList<>();
    HttpClient http = vertx.createHttpClient();
    for (String question : questions.subList(0, STREAMED)) {
      long[] times = stream(http, "/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("content", question));
      firstDelta.add(times[0]);
      streamDone.add(times[1]);
    }

    System.err.println("[bench] two callers at once");
    String second = post("/api/v1/conversations", new JsonObject()).getString("id");
    long both = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> pending = new ArrayList<>();
    int asked = 0;
    for (int i = 0; i < questions.size(); i += 2) {
      pending.add(client.post("/api/v1/conversations/" + conversation + "/messages").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("content", questions.get(i))));
      pending.add(client.post("/api/v1/conversations/" + second + "/messages").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("content", questions.get(Math.min(i + 1, questions.size() - 1)))));
      for (Future<HttpResponse<Buffer>> f : pending) {
        await(f);
        asked++;
      }
      pending.clear();
    }
    double concurrentQps = asked / ((System.nanoTime() - both) / 1e9);

    System.err.println("[bench] generating content");
    Map<String, List<Long>> generated = new LinkedHashMap<>();
    for (String type : List.of("linkedin", "x-thread", "blog", "newsletter")) {
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < GENERATIONS; i++) {
        long t0 = System.nanoTime();
        post("/api/v1/generate", new JsonObject().put("type", type).put("topic", questions.get(i * 7)));
        times.add((System.nanoTime() - t0) / 1_000_000);
      }
      generated.put(type, times);
    }

    System.out.println("# MediaWhisperer chat benchmark (extractive model, " + Runtime.getRuntime().availableProcessors() + " cores)");
    System.out.println();
    Table answers = new Table("measure", "n", "p50 ms", "p95 ms", "mean ms");
    answers.row("answer, HTTP round trip", total.size(), p(total, 50), p(total, 95), mean(total));
    answers.row("  of which retrieval (server)", retrieval.size(), p(retrieval, 50), p(retrieval, 95), mean(retrieval));
    answers.row("  of which generation (server)", generation.size(), p(generation, 50), p(generation, 95), mean(generation));
    answers.row("SSE: first delta", firstDelta.size(), p(firstDelta, 50), p(firstDelta, 95), mean(firstDelta));
    answers.row("SSE: done", streamDone.size(), p(streamDone, 50), p(streamDone, 95), mean(streamDone));
    System.out.print(answers.render());
    System.out.println();
    System.out.printf(Locale.ROOT, "answers per second: %.1f with one caller, %.1f with two%n%n", sequentialQps, concurrentQps);
    Table content = new Table("content type", "n", "p50 ms", "max ms");
    generated.forEach((type, times) -> content.row(type, times.size(), p(times, 50), Collections.max(times)));
    System.out.print(content.render());
  }

  private void ingest(Path file) throws Exception {
    HttpResponse<Buffer> created = await(client.post("/api/v1/sources").bearerTokenAuthentication(token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(), file.toString(),
            "application/octet-stream")));
    String job = created.bodyAsJsonObject().getJsonObject("job").getString("id");
    while (true) {
      JsonObject state = await(client.get("/api/v1/jobs/" + job).bearerTokenAuthentication(token).send()).bodyAsJsonObject();
      if ("completed".equals(state.getString("status"))) {
        return;
      }
      if ("failed".equals(state.getString("status"))) {
        throw new IllegalStateException(file + " failed: " + state.getString("error"));
      }
      Thread.sleep(100);
    }
  }

  private JsonObject post(String path, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = await(client.post(path).bearerTokenAuthentication(token).sendJsonObject(body));
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** Milliseconds to the first delta event and to the end of the stream. */
  private long[] stream(HttpClient http, String path, JsonObject body) throws Exception {
    long t0 = System.nanoTime();
    long[] times = {-1, -1};
    Promise<long[]> done = Promise.promise();
    http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path)
            .putHeader("authorization", "Bearer " + token).putHeader("accept", "text/event-stream")
            .putHeader("content-type", "application/json"))
        .compose(request -> request.send(body.encode()))
        .onFailure(done::tryFail)
        .onSuccess(response -> {
          response.handler(chunk -> {
            if (times[0] < 0 && chunk.toString().contains("event: delta")) {
              times[0] = (System.nanoTime() - t0) / 1_000_000;
            }
          });
          response.endHandler(v -> {
            times[1] = (System.nanoTime() - t0) / 1_000_000;
            done.tryComplete(times);
          });
        });
    return await(done.future());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }

  private static long p(List<Long> values, int percentile) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }

  private static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(0);
  }
}
