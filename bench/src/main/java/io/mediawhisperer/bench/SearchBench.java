package io.mediawhisperer.bench;

import io.mediawhisperer.testsupport.FreshDatabase;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.launcher.Node;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorQuery;
import io.mediawhisperer.spi.vector.VectorRecord;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * Vector search speed and recall@10 of each vector backend (lucene, pgvector) in-process through
 * the SPI, over the event bus (retrieval.vectors.search) and over HTTP (POST /api/v1/search,
 * mode=vector), against raw in-process Lucene on the same real-text minilm vectors in the same run.
 * User BIG holds 99% of the vectors (100 sources), user SMALL 1% (10 sources); the queries are 200
 * held-out texts; the ground truth is an exact scan of the queried user's vectors.
 *
 * <p>Run it with {@code scripts/bench-search [--vectors N] [--backends lucene,pgvector] [--seconds S]}.
 * pgvector needs {@code MW_BENCH_DB_URL} (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
public final class SearchBench {

  static final int K = 10;
  static final int PASSES = 3;
  static final Duration CALL_LIMIT = Duration.ofSeconds(60);
  static final int BIG_SOURCES = 100;
  static final int SMALL_SOURCES = 10;

  /** --analyze: ANALYZE the database after each load (PostgreSQL's planner otherwise has no statistics until autoanalyze). */
  static boolean analyze;
  private final int vectorsWanted;
  private final List<String> backends;
  private final double seconds;
  private final StringBuilder report = new StringBuilder();
  private final Table table = new Table("backend", "path", "case", "vectors searched", "QPS 1 caller",
      "QPS 2 callers", "recall@10", "p50 ms", "p95 ms", "ratio QPS1 vs raw", "ratio QPS2 vs raw");
  private final Table loads = new Table("backend", "path", "vectors", "load s", "vectors/s", "note");

  // the data
  private SearchCorpus corpus;
  private int n;
  private float[][] data;
  private float[][] queries;
  private List<String> queryTexts;
  private UUID[] chunkIds;
  private boolean[] small;
  private int[] sourceOf;
  private int[][] truthBig;
  private int[][] truthSmall;
  private Map<UUID, Integer> indexOf;
  private final Map<String, Measured> raw = new LinkedHashMap<>();

  record Measured(double qps1, double qps2, double recall, double p50, double p95) {
  }

  @FunctionalInterface
  interface Searcher {
    /** The chunk indexes (into data) of the top k for query q, best first. */
    int[] search(int q) throws Exception;
  }

  private SearchBench(int vectors, List<String> backends, double seconds) {
    this.vectorsWanted = vectors;
    this.backends = backends;
    this.seconds = seconds;
  }

  public static void main(String[] args) {
    int code;
    try {
      int vectors = 100_000;
      List<String> backends = List.of("lucene", "pgvector");
      double seconds = 10;
      boolean verbose = false;
      boolean embedOnly = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--vectors" -> vectors = Integer.parseInt(args[++i]);
          case "--backends" -> backends = List.of(args[++i].split(","));
          case "--seconds" -> seconds = Double.parseDouble(args[++i]);
          case "--verbose", "-v" -> verbose = true;
          case "--embed-only" -> embedOnly = true;
          case "--analyze" -> analyze = true;
          default -> throw new IllegalArgumentException("usage: scripts/bench-search [--vectors N (default 100000)]"
              + " [--backends lucene,pgvector] [--seconds S per QPS measurement (default 10)] [--verbose]; unknown '"
              + args[i] + "'");
        }
      }
      if (vectors < 1000 || vectors > 1_000_000) {
        throw new IllegalArgumentException("--vectors must be between 1000 and 1000000");
      }
      if (!verbose) {
        BenchNode.quietLogs();
      }
      if (embedOnly) {
        // fills the cache (checkpointed every ~3000 texts) and stops
        SearchCorpus.load(Path.of("bench", "target", "search-bench-cache").toAbsolutePath(), vectors, Corpus.root());
        code = 0;
      } else {
        code = new SearchBench(vectors, backends, seconds).run();
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      code = 2;
    } catch (Throwable e) {
      code = BenchNode.failed(e);
    }
    BenchNode.exit(code);
  }

  private int run() throws Exception {
    prepareData();
    rawLucene();
    for (String backend : backends) {
      backend(backend);
    }
    String corpusLine = report.toString();
    report.setLength(0);
    System.out.println();
    line("## Search speed and recall@%d, %d vectors (minilm quantized, %d dims)", K, n, SearchCorpus.DIMENSION);
    line("");
    line("%s; JDK %s; %d cores; max heap %d MB. Queries: %d held-out texts. Cases: \"unfiltered\" = user BIG (%d vectors,"
            + " %d sources, no source filter); \"1%% user\" = user SMALL (%d vectors, %d sources). Ground truth: exact"
            + " cosine top-%d over the user's vectors. ratio = ours / raw Lucene for the same case.",
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, queries.length,
        n - smallCount(), BIG_SOURCES, smallCount(), SMALL_SOURCES, K);
    line("%s", analyze ? "--analyze: the bench ran ANALYZE on the database after each load (pgvector; the chunks table too)."
        : "No ANALYZE after loading: PostgreSQL plans with whatever statistics autoanalyze has gathered (none if autovacuum is off).");
    line("QPS: at most %d passes over the queries or %.0f s, whichever first, after one untimed pass that measures recall;"
        + " \"2 callers\" = two threads sharing the passes; p50/p95: latency with 1 caller. http = POST /api/v1/search"
        + " mode=vector topK=%d (includes embedding the query text on the server and hydrating the chunks).",
        PASSES, seconds, K);
    report.append(corpusLine);
    report.append(table.render());
    line("");
    line("%s", httpTruthNote);
    line("");
    line("### Load");
    line("");
    report.append(loads.render());
    line("");
    System.out.print(report);
    System.out.flush();
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // data

  private void prepareData() throws Exception {
    corpus = SearchCorpus.load(Path.of("bench", "target", "search-bench-cache").toAbsolutePath(), vectorsWanted,
        Corpus.root());
    n = corpus.size() - SearchCorpus.QUERIES;
    if (n < vectorsWanted) {
      progress("only %d vectors available (asked for %d)", n, vectorsWanted);
    }
    queries = new float[SearchCorpus.QUERIES][];
    queryTexts = corpus.texts.subList(0, SearchCorpus.QUERIES);
    for (int i = 0; i < queries.length; i++) {
      queries[i] = normalized(corpus.vectors[i]);
    }
    data = new float[n][];
    chunkIds = new UUID[n];
    small = new boolean[n];
    sourceOf = new int[n];
    indexOf = new java.util.HashMap<>(n * 2);
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < n; i++) {
      data[i] = normalized(corpus.vectors[SearchCorpus.QUERIES + i]);
      chunkIds[i] = new UUID(random.nextLong(), random.nextLong());
      indexOf.put(chunkIds[i], i);
      small[i] = i % 100 == 37;
      sourceOf[i] = small[i] ? (i / 100) % SMALL_SOURCES : (i / 7) % BIG_SOURCES;
    }
    report.append(String.format(Locale.ROOT, "Text: %d distinct pieces of %d-%d words (of %d collected from /usr/share/doc,"
            + " common-licenses, man1 pages and the FAQ); embedding: %s, %s%n%n", corpus.size(), SearchCorpus.MIN_WORDS,
        SearchCorpus.MAX_WORDS, corpus.available, corpus.model,
        corpus.fromCache ? String.format(Locale.ROOT, "from the cache (the embedding pass took ~%.0f s for these, ~%.0f texts/s)",
            corpus.embedSeconds, corpus.size() / corpus.embedSeconds)
            : String.format(Locale.ROOT, "embedded in this run in %.1f s (%.0f texts/s, calls of 32)", corpus.embedSeconds,
                corpus.size() / corpus.embedSeconds)));
    long t = System.nanoTime();
    truthBig = new int[queries.length][];
    truthSmall = new int[queries.length][];
    int[] bigIdx = java.util.stream.IntStream.range(0, n).filter(i -> !small[i]).toArray();
    int[] smallIdx = java.util.stream.IntStream.range(0, n).filter(i -> small[i]).toArray();
    java.util.stream.IntStream.range(0, queries.length).parallel().forEach(q -> {
      truthBig[q] = exactTop(queries[q], bigIdx);
      truthSmall[q] = exactTop(queries[q], smallIdx);
    });
    progress("ground truth (exact scan) for %d queries in %d ms", queries.length, ms(t));
  }

  private int[][] httpTruthBig;
  private int[][] httpTruthSmall;
  private String httpTruthNote = "";

  /**
   * The server embeds each query text alone (embedding.embed with one text), which differs slightly
   * from the cached vectors embedded in calls of 32; http recall is measured against the exact top-10
   * of the vectors the server really searched with.
   */
  private void serverEmbeddedTruth(Node node, int bigCount) throws Exception {
    long t = System.nanoTime();
    float[][] single = new float[queries.length][];
    double cosSum = 0;
    double cosMin = 1;
    for (int q = 0; q < queries.length; q++) {
      JsonObject reply = await(node.vertx().eventBus().<JsonObject>request(io.mediawhisperer.bus.EmbeddingBus.EMBED,
          new JsonObject().put("texts", new JsonArray().add(queryTexts.get(q))),
          new DeliveryOptions().setSendTimeout(CALL_LIMIT.toMillis()))).body();
      single[q] = normalized(Vectors.decode(reply.getJsonArray("vectors").getString(0)));
      double cos = 0;
      for (int j = 0; j < single[q].length; j++) {
        cos += single[q][j] * queries[q][j];
      }
      cosSum += cos;
      cosMin = Math.min(cosMin, cos);
    }
    int[] bigIdx = java.util.stream.IntStream.range(0, n).filter(i -> !small[i]).toArray();
    int[] smallIdx = java.util.stream.IntStream.range(0, n).filter(i -> small[i]).toArray();
    httpTruthBig = new int[queries.length][];
    httpTruthSmall = new int[queries.length][];
    java.util.stream.IntStream.range(0, queries.length).parallel().forEach(q -> {
      httpTruthBig[q] = exactTop(single[q], bigIdx);
      httpTruthSmall[q] = exactTop(single[q], smallIdx);
    });
    double agreeBig = 0;
    double agreeSmall = 0;
    for (int q = 0; q < queries.length; q++) {
      agreeBig += overlap(truthBig[q], httpTruthBig[q]);
      agreeSmall += overlap(truthSmall[q], httpTruthSmall[q]);
    }
    httpTruthNote = String.format(Locale.ROOT, "http recall@10 is against the exact top-10 of the query vectors the server"
            + " computes (each text embedded alone, one embedding.embed call each: %.1f s for the %d queries); those differ"
            + " slightly from the cached query vectors embedded in calls of 32 (cosine mean %.4f, min %.4f), and the two exact"
            + " top-10s overlap %.3f (unfiltered) / %.3f (1%% user) on average.",
        ms(t) / 1000.0, queries.length, cosSum / queries.length, cosMin, agreeBig / queries.length / K,
        agreeSmall / queries.length / K);
    progress("%s", httpTruthNote);
  }

  private static int overlap(int[] a, int[] b) {
    int c = 0;
    for (int x : a) {
      for (int y : b) {
        c += x == y ? 1 : 0;
      }
    }
    return c;
  }

  private int smallCount() {
    int c = 0;
    for (boolean b : small) {
      c += b ? 1 : 0;
    }
    return c;
  }

  private int[] exactTop(float[] q, int[] candidates) {
    int[] best = new int[K];
    float[] scores = new float[K];
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    Arrays.fill(best, -1);
    for (int i : candidates) {
      float[] v = data[i];
      float s = 0;
      for (int j = 0; j < v.length; j++) {
        s += q[j] * v[j];
      }
      if (s > scores[K - 1]) {
        int p = K - 1;
        while (p > 0 && scores[p - 1] < s) {
          scores[p] = scores[p - 1];
          best[p] = best[p - 1];
          p--;
        }
        scores[p] = s;
        best[p] = i;
      }
    }
    return best;
  }

  private static float[] normalized(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += f * f;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // raw Lucene

  private static final String BIG = "big";
  private static final String SMALL = "small";

  private void rawLucene() throws Exception {
    Path dir = Files.createTempDirectory("mw-search-bench-raw");
    try {
      long t = System.nanoTime();
      try (FSDirectory directory = FSDirectory.open(dir);
          IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        for (int i = 0; i < n; i++) {
          Document doc = new Document();
          doc.add(new StringField("chunkId", chunkIds[i].toString(), Field.Store.YES));
          doc.add(new StringField("userId", small[i] ? SMALL : BIG, Field.Store.NO));
          doc.add(new StringField("sourceId", (small[i] ? "s" : "b") + sourceOf[i], Field.Store.NO));
          doc.add(new KnnFloatVectorField("vector", data[i], VectorSimilarityFunction.DOT_PRODUCT));
          writer.addDocument(doc);
        }
        writer.commit();
      }
      double loadS = ms(t) / 1000.0;
      progress("raw Lucene: %d vectors indexed in %.1f s", n, loadS);
      loads.row("raw-lucene", "in-process", n, loadS, n / loadS, "IndexWriter defaults, one commit");
      try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (String user : List.of(BIG, SMALL)) {
          TermQuery filter = new TermQuery(new Term("userId", user));
          Measured m = measure("raw-lucene", "in-process", user, q -> {
            ScoreDoc[] docs = searcher.search(new KnnFloatVectorQuery("vector", queries[q], K, filter), K).scoreDocs;
            StoredFields stored = searcher.storedFields();
            int[] out = new int[docs.length];
            for (int i = 0; i < docs.length; i++) {
              out[i] = indexOf.get(UUID.fromString(stored.document(docs[i].doc).get("chunkId")));
            }
            return out;
          });
          raw.put(user, m);
          row("raw-lucene", "in-process", user, m);
        }
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // a backend: SPI, bus, HTTP

  private void backend(String name) throws Exception {
    String server = System.getenv().getOrDefault("MW_BENCH_DB_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    try (BenchNode bench = BenchNode.start("mw-search-bench-" + name, server, Map.of("vector-backend", name), database -> {
      try (Connection c = DriverManager.getConnection(Database.jdbcUrl(database.url()), Database.jdbcProperties(database.url()));
          var s = c.createStatement()) {
        s.execute("CREATE EXTENSION IF NOT EXISTS vector");
      }
    }, SearchBench::progress)) {
      Path work = bench.work;
      FreshDatabase database = bench.database;
      Node node = bench.node;
      progress("%s: node up in %d ms (database %s)", name, bench.startMs, database.name());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      String tag = UUID.randomUUID().toString().substring(0, 8);
      BenchSession bigUser = BenchSession.register(http, bench.baseUrl(), "big-" + tag + "@example.org", CALL_LIMIT);
      BenchSession smallUser = BenchSession.register(http, bench.baseUrl(), "small-" + tag + "@example.org", CALL_LIMIT);
      long t;
      JsonObject info = await(node.vertx().eventBus().<JsonObject>request(io.mediawhisperer.bus.EmbeddingBus.INFO,
          new JsonObject())).body();
      String model = info.getString("model");
      progress("%s: users BIG %s, SMALL %s; node's model %s (dimension %d)", name, bigUser.userId(), smallUser.userId(), model,
          info.getInteger("dimension"));
      if (httpTruthBig == null) {
        serverEmbeddedTruth(node, n - smallCount());
      }
      UUID[] userOf = new UUID[n];
      UUID[] bigSources = new UUID[BIG_SOURCES];
      UUID[] smallSources = new UUID[SMALL_SOURCES];
      Arrays.setAll(bigSources, i -> UUID.randomUUID());
      Arrays.setAll(smallSources, i -> UUID.randomUUID());
      UUID[] sourceIds = new UUID[n];
      for (int i = 0; i < n; i++) {
        userOf[i] = small[i] ? smallUser.userId() : bigUser.userId();
        sourceIds[i] = small[i] ? smallSources[sourceOf[i]] : bigSources[sourceOf[i]];
      }
      insertRows(database.url(), bigUser.userId(), smallUser.userId(), bigSources, smallSources, userOf, sourceIds);

      // 1. SPI, opened directly (lucene: its own temp dir; pgvector: its own table in the same database)
      spi(name, work, database.url(), model, userOf, sourceIds, bigUser.userId(), smallUser.userId());

      // 2. the bus
      t = System.nanoTime();
      int batch = 1000;
      for (int from = 0; from < n; from += batch) {
        JsonArray records = new JsonArray();
        for (int i = from; i < Math.min(n, from + batch); i++) {
          records.add(new JsonObject().put("chunkId", chunkIds[i].toString()).put("userId", userOf[i].toString())
              .put("sourceId", sourceIds[i].toString()).put("model", model).put("vector", Vectors.encode(data[i])));
        }
        await(node.vertx().eventBus().<JsonObject>request(RetrievalBus.UPSERT, new JsonObject().put("records", records),
            new DeliveryOptions().setSendTimeout(CALL_LIMIT.toMillis())));
      }
      double loadS = ms(t) / 1000.0;
      progress("%s over the bus: %d vectors upserted in %.1f s", name, n, loadS);
      analyzeIfAsked(database.url());
      loads.row(name, "bus", n, loadS, n / loadS, "retrieval.vectors.upsert, 1000 records per message");
      for (String user : List.of(BIG, SMALL)) {
        UUID userId = user.equals(BIG) ? bigUser.userId() : smallUser.userId();
        var bus = node.vertx().eventBus();
        Measured m = measure(name, "bus", user, q -> {
          JsonObject reply = await(bus.<JsonObject>request(RetrievalBus.VECTOR_SEARCH, new JsonObject()
              .put("userId", userId.toString()).put("model", model).put("vector", Vectors.encode(queries[q])).put("k", K),
              new DeliveryOptions().setSendTimeout(CALL_LIMIT.toMillis()))).body();
          JsonArray hits = reply.getJsonArray("hits");
          int[] out = new int[hits.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = indexOf.getOrDefault(UUID.fromString(hits.getJsonObject(i).getString("chunkId")), -1);
          }
          return out;
        });
        row(name, "bus", user, m);
      }

      // 3. HTTP (the server embeds the query text)
      for (String user : List.of(BIG, SMALL)) {
        BenchSession session = user.equals(BIG) ? bigUser : smallUser;
        Measured m = measure(name, "http", user, user.equals(BIG) ? httpTruthBig : httpTruthSmall, q -> {
          JsonObject body = session.post("/api/v1/search", new JsonObject().put("query", queryTexts.get(q)).put("topK", K)
              .put("mode", "vector"));
          JsonArray results = body.getJsonArray("results");
          int[] out = new int[results.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = indexOf.getOrDefault(UUID.fromString(results.getJsonObject(i).getString("chunkId")), -1);
          }
          return out;
        });
        row(name, "http", user, m);
      }
    }
  }

  private void spi(String name, Path work, String dbUrl, String model, UUID[] userOf, UUID[] sourceIds, UUID big, UUID small)
      throws Exception {
    VectorBackendProvider provider = NamedPlugins.load(VectorBackendProvider.class, SearchBench.class.getClassLoader()).get(name);
    PluginSettings settings = name.equals("pgvector") ? new PluginSettings(Map.of("table", "bench_spi_vectors"))
        : PluginSettings.empty();
    Path dir = work.resolve("spi").resolve(model);
    Files.createDirectories(dir);
    try (VectorBackend backend = provider.open(new VectorBackendContext(dir, dbUrl, SearchCorpus.DIMENSION, settings))) {
      long t = System.nanoTime();
      long lastReport = t;
      int batch = 1000;
      for (int from = 0; from < n; from += batch) {
        List<VectorRecord> records = new ArrayList<>(batch);
        for (int i = from; i < Math.min(n, from + batch); i++) {
          records.add(new VectorRecord(chunkIds[i], userOf[i], sourceIds[i], null, model, data[i]));
        }
        backend.upsert(records).toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        if (System.nanoTime() - lastReport > 15e9) {
          lastReport = System.nanoTime();
          progress("  %s spi: %d/%d upserted (%.0f/s)", name, from + batch, n, (from + batch) / ((lastReport - t) / 1e9));
        }
      }
      double loadS = ms(t) / 1000.0;
      long count = backend.count().toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      progress("%s spi: %d vectors upserted in %.1f s (count %d)", name, n, loadS, count);
      analyzeIfAsked(dbUrl);
      loads.row(name, "spi", n, loadS, n / loadS, "upsert() in batches of 1000, default settings");
      for (String user : List.of(BIG, SMALL)) {
        UUID userId = user.equals(BIG) ? big : small;
        Measured m = measure(name, "spi", user, q -> {
          List<VectorHit> hits = backend.search(new VectorQuery(userId, model, queries[q], K, Set.of(), null))
              .toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
          int[] out = new int[hits.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = indexOf.getOrDefault(hits.get(i).chunkId(), -1);
          }
          return out;
        });
        row(name, "spi", user, m);
      }
    }
  }

  private static void analyzeIfAsked(String dbUrl) throws Exception {
    if (!analyze) {
      return;
    }
    long t = System.nanoTime();
    try (Connection c = DriverManager.getConnection(Database.jdbcUrl(dbUrl), Database.jdbcProperties(dbUrl));
        var s = c.createStatement()) {
      s.execute("ANALYZE");
    }
    progress("ANALYZE in %d ms", ms(t));
  }

  /** users exist (registered over HTTP); sources, their index copies and chunks rows for every vector, same ids. */
  private void insertRows(String dbUrl, UUID big, UUID smallUser, UUID[] bigSources, UUID[] smallSources, UUID[] userOf,
      UUID[] sourceIds) throws Exception {
    long t = System.nanoTime();
    try (Connection c = DriverManager.getConnection(Database.jdbcUrl(dbUrl), Database.jdbcProperties(dbUrl))) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sources (id, user_id, kind, title, status, parser,"
          + " content_sha256, file_size, chunk_count) VALUES (?, ?, 'text', ?, 'completed', 'bench', ?, 1000, 0)")) {
        for (int s = 0; s < bigSources.length + smallSources.length; s++) {
          boolean isSmall = s >= bigSources.length;
          UUID id = isSmall ? smallSources[s - bigSources.length] : bigSources[s];
          ps.setObject(1, id);
          ps.setObject(2, isSmall ? smallUser : big);
          ps.setString(3, "bench source " + s);
          ps.setString(4, String.format("%064x", s + 1));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      // retrieval's copy of each source, as ingestion's INDEX_SOURCE request would have made it
      try (var copy = c.createStatement()) {
        copy.execute("INSERT INTO search_sources (source_id, user_id, kind, title)"
            + " SELECT id, user_id, kind, title FROM sources ON CONFLICT DO NOTHING");
      }
      int[] seq = new int[n];
      Map<UUID, Integer> next = new java.util.HashMap<>();
      for (int i = 0; i < n; i++) {
        seq[i] = next.merge(sourceIds[i], 1, Integer::sum);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO chunks (id, source_id, user_id, seq, text, token_count)"
          + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < n; i++) {
          ps.setObject(1, chunkIds[i]);
          ps.setObject(2, sourceIds[i]);
          ps.setObject(3, userOf[i]);
          ps.setInt(4, seq[i]);
          String text = corpus.texts.get(SearchCorpus.QUERIES + i);
          ps.setString(5, text);
          ps.setInt(6, text.split(" ").length);
          ps.addBatch();
          if (i % 2000 == 1999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
    progress("inserted %d sources and %d chunks rows in %d ms", bigSources.length + smallSources.length, n, ms(t));
  }

  // ---------------------------------------------------------------------------------------------
  // measuring

  private Measured measure(String backend, String path, String user, Searcher searcher) throws Exception {
    return measure(backend, path, user, user.equals(BIG) ? truthBig : truthSmall, searcher);
  }

  private Measured measure(String backend, String path, String user, int[][] truth, Searcher searcher) throws Exception {
    // pass 1: recall (and warm-up)
    double recallSum = 0;
    for (int q = 0; q < queries.length; q++) {
      int[] got = searcher.search(q);
      Set<Integer> expected = new HashSet<>();
      for (int i : truth[q]) {
        expected.add(i);
      }
      int hit = 0;
      for (int i = 0; i < Math.min(K, got.length); i++) {
        hit += expected.contains(got[i]) ? 1 : 0;
      }
      recallSum += hit / (double) Math.min(K, expected.size());
    }
    double recall = recallSum / queries.length;
    // 1 caller
    long limit = (long) (seconds * 1e9);
    List<Long> latencies = new ArrayList<>();
    long started = System.nanoTime();
    outer:
    for (int pass = 0; pass < PASSES; pass++) {
      for (int q = 0; q < queries.length; q++) {
        long t = System.nanoTime();
        searcher.search(q);
        latencies.add(System.nanoTime() - t);
        if (System.nanoTime() - started > limit) {
          break outer;
        }
      }
    }
    double qps1 = latencies.size() / ((System.nanoTime() - started) / 1e9);
    latencies.sort(Comparator.naturalOrder());
    double p50 = latencies.get(latencies.size() / 2) / 1e6;
    double p95 = latencies.get((int) (latencies.size() * 0.95)) / 1e6;
    // 2 callers, sharing the passes
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int total = PASSES * queries.length;
    long started2 = System.nanoTime();
    Throwable[] failure = new Throwable[1];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      threads.add(Thread.ofPlatform().name("bench-caller-" + c).start(() -> {
        try {
          int i;
          while ((i = next.getAndIncrement()) < total && System.nanoTime() - started2 < limit) {
            searcher.search(i % queries.length);
            done.incrementAndGet();
          }
        } catch (Throwable e) {
          failure[0] = e;
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join(CALL_LIMIT.toMillis() + limit / 1_000_000);
    }
    if (failure[0] != null) {
      throw new IllegalStateException("a caller failed", failure[0]);
    }
    double qps2 = done.get() / ((System.nanoTime() - started2) / 1e9);
    Measured m = new Measured(qps1, qps2, recall, p50, p95);
    progress("%-10s %-10s %-6s QPS1 %.0f QPS2 %.0f recall@10 %.3f p50 %.2f ms", backend, path, user, qps1, qps2, recall, p50);
    return m;
  }

  private void row(String backend, String path, String user, Measured m) {
    Measured r = raw.get(user);
    boolean isRaw = backend.equals("raw-lucene");
    table.row(backend, path, user.equals(BIG) ? "unfiltered" : "1% user", user.equals(BIG) ? n - smallCount() : smallCount(),
        m.qps1, m.qps2, m.recall, m.p50, m.p95, isRaw || r == null ? "-" : (Object) (m.qps1 / r.qps1),
        isRaw || r == null ? "-" : (Object) (m.qps2 / r.qps2));
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void line(String format, Object... args) {
    report.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  static void progress(String format, Object... args) {
    System.err.println("[search-bench] " + String.format(Locale.ROOT, format, args));
  }

  private static long ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }


  private static void deleteRecursively(Path root) {
    BenchNode.deleteRecursively(root, SearchBench::progress);
  }
}
