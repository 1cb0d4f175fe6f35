package io.mediawhisperer.bench;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.launcher.Node;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Issue 22's mixed-load simulation: a loopback cluster of clustered nodes in this JVM (Hazelcast on
 * 127.0.0.1), every role on each, one PostgreSQL database with pgvector and the postgres blob store
 * shared by all. Each simulated user first uploads the Python FAQ (9 text files) and the UDHR PDF,
 * then runs a closed loop for the measured seconds: 70% hybrid searches, 20% questions (a new
 * conversation and one message, answered by the default extractive chat model), 10% uploads of a
 * short note timed until its job completes; every request goes to a node picked at random. Prints a
 * Markdown table per operation: count, throughput, p50/p95/p99/max and errors.
 *
 * <p>Options: {@code --nodes N} (3), {@code --users N} (12), {@code --seconds S} (60),
 * {@code --warmup S} (10), {@code --corpus DIR} (../shared/corpus). {@code MW_BENCH_DB_URL} is the
 * PostgreSQL server (default {@code postgresql://postgres@127.0.0.1:5432/postgres}).
 */
public final class ClusterLoadBench {

  private enum Op {
    SEARCH("search (hybrid)", 70), ASK("ask (new conversation + message)", 20), UPLOAD("upload (note, until ingested)", 10);

    final String label;
    final int percent;

    Op(String label, int percent) {
      this.label = label;
      this.percent = percent;
    }

    static Op pick(int roll) {
      return roll < SEARCH.percent ? SEARCH : roll < SEARCH.percent + ASK.percent ? ASK : UPLOAD;
    }
  }

  /** Latencies (ns) and errors of one operation, filled by every user's thread. */
  private static final class Recorder {
    final List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicLong errors = new AtomicLong();
    final Map<String, Long> firstErrors = new ConcurrentHashMap<>();
  }

  private ClusterLoadBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    BenchNode.quietLogs();
    int nodeCount = Integer.parseInt(options.getOrDefault("nodes", "3"));
    int users = Integer.parseInt(options.getOrDefault("users", "12"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
    Path corpus = Path.of(options.getOrDefault("corpus", System.getenv().getOrDefault("MW_CORPUS", "../shared/corpus")));
    String server = System.getenv().getOrDefault("MW_BENCH_DB_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    List<Path> faq = FaqText.rstFiles(corpus.resolve("qa"));
    Path udhr = corpus.resolve("pdf/udhr.pdf");
    List<String> questions = FaqText.questions(corpus.resolve("qa"));
    List<String> paragraphs = FaqText.paragraphs(corpus.resolve("qa"));

    Path work = Files.createTempDirectory("mw-cluster-load");
    List<Node> nodes = new ArrayList<>();
    // the nodes stop before their database is dropped (the try's resource closes after its finally)
    try (FreshDatabase database = FreshDatabase.create(server, "mw_bench_", true)) {
      try {
        int[] clusterPorts = new int[nodeCount];
        int[] httpPorts = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
          clusterPorts[i] = BenchNode.freePort();
          httpPorts[i] = BenchNode.freePort();
        }
        String members = Arrays.stream(clusterPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        long started = System.nanoTime();
        for (int i = 0; i < nodeCount; i++) {
          Map<String, String> flags = new HashMap<>();
          flags.put("data-dir", Files.createDirectories(work.resolve("node-" + i)).toString());
          flags.put("http-host", "127.0.0.1");
          flags.put("http-port", String.valueOf(httpPorts[i]));
          flags.put("roles", BenchNode.ALL_ROLES);
          flags.put("db-url", database.url());
          flags.put("vector-backend", "pgvector");
          flags.put("blob-store", "postgres");
          flags.put("registration-per-hour-per-address", "0");
          flags.put("cluster", "true");
          flags.put("cluster-host", "127.0.0.1");
          flags.put("cluster-port", String.valueOf(clusterPorts[i]));
          flags.put("cluster-members", members);
          flags.put("node-name", "load-" + i);
          say("starting node %d of %d (http %d, cluster %d)", i + 1, nodeCount, httpPorts[i], clusterPorts[i]);
          nodes.add(Node.start(NodeConfig.load(null, Map.of(), flags)));
        }
        say("%d nodes up in %.1f s", nodeCount, (System.nanoTime() - started) / 1e9);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        Duration limit = Duration.ofSeconds(120);
        List<String> bases = Arrays.stream(httpPorts).mapToObj(p -> "http://127.0.0.1:" + p).toList();
        List<List<BenchSession>> sessions = new ArrayList<>();
        long seeding = System.nanoTime();
        List<String> jobs = new ArrayList<>();
        List<BenchSession> seeders = new ArrayList<>();
        for (int u = 0; u < users; u++) {
          String email = "load-" + u + "-" + UUID.randomUUID() + "@example.org";
          BenchSession first = BenchSession.register(http, bases.get(u % nodeCount), email, limit);
          List<BenchSession> perNode = new ArrayList<>();
          for (String base : bases) {
            perNode.add(base.equals(first.base()) ? first : BenchSession.login(http, base, email, limit));
          }
          sessions.add(perNode);
          BenchSession seeder = perNode.get(u % nodeCount);
          for (Path file : faq) {
            jobs.add(seeder.upload(file, "text/plain").getJsonObject("job").getString("id"));
            seeders.add(seeder);
          }
          jobs.add(seeder.upload(udhr, "application/pdf").getJsonObject("job").getString("id"));
          seeders.add(seeder);
        }
        for (int j = 0; j < jobs.size(); j++) {
          awaitJob(seeders.get(j), jobs.get(j), Duration.ofMinutes(10));
        }
        say("%d users seeded with %d sources in %.1f s", users, jobs.size(), (System.nanoTime() - seeding) / 1e9);

        Path notes = Files.createDirectories(work.resolve("notes"));
        Map<Op, Recorder> recorders = new java.util.EnumMap<>(Op.class);
        for (Op op : Op.values()) {
          recorders.put(op, new Recorder());
        }
        Instant measureFrom = Instant.now().plusSeconds(warmup);
        Instant end = measureFrom.plusSeconds(seconds);
        say("running %d users for %d s (+%d s warm-up)", users, seconds, warmup);
        CpuMeter.Sample[] cpuFrom = new CpuMeter.Sample[1];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
          pool.submit(() -> {
            Thread.sleep(Duration.between(Instant.now(), measureFrom));
            cpuFrom[0] = CpuMeter.sample();
            return null;
          });
          for (int u = 0; u < users; u++) {
            List<BenchSession> perNode = sessions.get(u);
            int user = u;
            pool.submit(() -> {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              int n = 0;
              while (Instant.now().isBefore(end)) {
                Op op = Op.pick(random.nextInt(100));
                BenchSession session = perNode.get(random.nextInt(perNode.size()));
                String question = questions.get(random.nextInt(questions.size()));
                boolean counted = Instant.now().isAfter(measureFrom);
                long t0 = System.nanoTime();
                try {
                  switch (op) {
                    case SEARCH -> session.post("/api/v1/search", new JsonObject().put("query", question).put("mode", "hybrid"));
                    case ASK -> {
                      String conversation = session.post("/api/v1/conversations", new JsonObject().put("title", "load")).getString("id");
                      session.post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("content", question));
                    }
                    case UPLOAD -> {
                      Path note = notes.resolve("note-" + user + "-" + (n++) + ".txt");
                      StringBuilder text = new StringBuilder();
                      for (int p = 0; p < 3; p++) {
                        text.append(paragraphs.get(random.nextInt(paragraphs.size()))).append("\n\n");
                      }
                      Files.writeString(note, text, StandardCharsets.UTF_8);
                      awaitJob(session, session.upload(note, "text/plain").getJsonObject("job").getString("id"), limit);
                    }
                  }
                  if (counted && Instant.now().isBefore(end)) {
                    recorders.get(op).nanos.add(System.nanoTime() - t0);
                  }
                } catch (Exception e) {
                  if (counted) {
                    Recorder recorder = recorders.get(op);
                    recorder.errors.incrementAndGet();
                    recorder.firstErrors.merge(String.valueOf(e.getMessage()).lines().findFirst().orElse("?"), 1L, Long::sum);
                  }
                }
              }
              return null;
            });
          }
        }
        CpuMeter.Usage cpu = CpuMeter.between(cpuFrom[0], CpuMeter.sample());

        Table table = new Table("operation", "share", "count", "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
        long total = 0;
        for (Op op : Op.values()) {
          Recorder recorder = recorders.get(op);
          long[] sorted;
          synchronized (recorder.nanos) {
            sorted = recorder.nanos.stream().mapToLong(Long::longValue).sorted().toArray();
          }
          total += sorted.length;
          table.row(op.label, op.percent + "%", sorted.length, sorted.length / (double) seconds, ms(sorted, 0.50), ms(sorted, 0.95),
              ms(sorted, 0.99), ms(sorted, 1.0), recorder.errors.get());
          recorder.firstErrors.forEach((message, count) -> say("%s failed %d times: %s", op, count, message));
        }
        System.out.printf("%n# Mixed load on a %d-node loopback cluster%n%n", nodeCount);
        System.out.printf("%s; %d cores shared by all nodes; %d users in a closed loop (no think time), %d s measured after %d s"
            + " warm-up; pgvector + postgres blob store on one PostgreSQL; each user holds the Python FAQ (9 files) and the UDHR%n%n",
            Instant.now().toString().substring(0, 19) + "Z", Runtime.getRuntime().availableProcessors(), users, seconds, warmup);
        System.out.print(table.render());
        System.out.printf("%nall operations: %.1f ops/s; CPU: this JVM %.0f%%, other processes %.0f%% of the cores%n",
            total / (double) seconds, cpu.oursPercent(), cpu.othersPercent());
      } finally {
        stopAll(nodes);
      }
    } finally {
      BenchNode.deleteRecursively(work, ClusterLoadBench::say);
    }
    BenchNode.exit(0);
  }

  private static void stopAll(List<Node> nodes) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).close();
      } catch (Exception e) {
        say("node %d did not stop cleanly: %s", i, e);
      }
    }
  }

  private static void awaitJob(BenchSession session, String job, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      String status = session.get("/api/v1/jobs/" + job).getString("status");
      if ("completed".equals(status)) {
        return;
      }
      if ("failed".equals(status) || "cancelled".equals(status)) {
        throw new IllegalStateException("job " + job + " " + status);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("job " + job + " not done in " + limit);
  }

  private static Double ms(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return null;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: [--nodes N] [--users N] [--seconds S] [--warmup S] [--corpus DIR]");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  private static void say(String format, Object... args) {
    System.err.printf("[cluster-load] " + format + "%n", args);
  }
}
