package io.mediawhisperer.bench;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.launcher.Node;
import io.mediawhisperer.plugin.vector.lucene.LuceneVectorSettings;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorQuery;
import io.mediawhisperer.spi.vector.VectorRecord;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * Search speed and recall@10 of each vector backend (lucene, pgvector) at 100k to 1M chunks, for a
 * user holding 99% of them and one holding 1%: in-process through the SPI, over the event bus
 * (retrieval.vectors.search) and over HTTP (POST /api/v1/search, modes vector, hybrid and text),
 * beside raw in-process Lucene on the same vectors in the same run. The node is filled through its
 * own ingestion path (retrieval.index.chunks) with the bench's vectors standing in for the model's
 * ({@link PrecomputedEmbeddings}); the vectors are {@link SearchData}'s (real, then synthetic); the
 * ground truth is an exact scan ({@link ExactTop}). Prints Markdown tables, with the wall time of
 * every phase.
 *
 * <p>Run it with {@code scripts/bench-search [--vectors N] [--backends lucene,pgvector] ...} (see
 * {@link #USAGE}). pgvector needs {@code MW_BENCH_DB_URL} (default
 * postgresql://postgres@127.0.0.1:5432/postgres).
 */
public final class SearchBench {

  static final int K = 10;
  static final int PASSES = 3;
  static final Duration CALL_LIMIT = Duration.ofSeconds(120);
  static final String SPI_TABLE = "bench_spi_vectors";
  /** Above this many vectors indexes are built after loading unless --no-defer-indexes. */
  static final int DEFER_ABOVE = 200_000;
  static final String USAGE = "usage: scripts/bench-search [--vectors N (1000-1000000, default 100000)]"
      + " [--real R (real vectors at most, the rest synthetic; default all cached)] [--backends lucene,pgvector]"
      + " [--paths spi,bus,http] [--modes vector,hybrid,text (http)]"
      + " [--seconds S per QPS measurement (default 10)] [--query-words W (default 12; 0 = whole piece)]"
      + " [--defer-indexes | --no-defer-indexes (default: defer above " + DEFER_ABOVE + " vectors)]"
      + " [--maintenance-mb M (index builds; default 2.5 KB per vector, 256-4096)] [--verbose] [--embed-only]";

  private final Options options;
  private final Table table = new Table("backend", "path", "mode", "tenant", "vectors searched", "QPS 1 caller",
      "QPS 2 callers", "recall@10", "hits/query", "p50 ms", "p95 ms", "QPS1 vs raw", "QPS2 vs raw", "others' CPU %");
  private final Table phases = new Table("phase", "wall s", "items", "items/s", "our CPU %", "others' CPU %", "note");
  private final List<String> notes = new ArrayList<>();
  private final Map<Tenant, Measured> raw = new EnumMap<>(Tenant.class);

  private SearchData data;
  private ExactTop truth;
  /** The truth for the query vectors the node computes, when they differ from the bench's. */
  private ExactTop nodeTruth;
  private UUID[] chunkIds;
  private Map<UUID, Integer> indexOf;

  record Options(int vectors, int realAtMost, List<String> backends, List<String> paths, List<String> modes, double seconds,
      int queryWords, boolean deferIndexes, int maintenanceMb) {
  }

  /** One measurement: recall is NaN where there is no ground truth (text, hybrid). */
  record Measured(double qps1, double qps2, double recall, double hitsPerQuery, double p50, double p95, double othersCpu) {
  }

  @FunctionalInterface
  interface Searcher {
    /** The chunk indexes (into data) of the top k for query q, best first; -1 for a chunk the bench does not know. */
    int[] search(int q) throws Exception;
  }

  private SearchBench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    int code;
    try {
      int vectors = 100_000;
      int realAtMost = SearchCorpus.CACHED_VECTORS;
      List<String> backends = List.of("lucene", "pgvector");
      List<String> paths = List.of("spi", "bus", "http");
      List<String> modes = List.of("vector", "hybrid", "text");
      double seconds = 10;
      int queryWords = 12;
      Boolean defer = null;
      int maintenanceMb = 0;
      boolean verbose = false;
      boolean embedOnly = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--vectors" -> vectors = Integer.parseInt(args[++i]);
          case "--real" -> realAtMost = Integer.parseInt(args[++i]);
          case "--backends" -> backends = List.of(args[++i].split(","));
          case "--paths" -> paths = List.of(args[++i].split(","));
          case "--modes" -> modes = List.of(args[++i].split(","));
          case "--seconds" -> seconds = Double.parseDouble(args[++i]);
          case "--query-words" -> queryWords = Integer.parseInt(args[++i]);
          case "--defer-indexes" -> defer = true;
          case "--no-defer-indexes" -> defer = false;
          case "--maintenance-mb" -> maintenanceMb = Integer.parseInt(args[++i]);
          case "--verbose", "-v" -> verbose = true;
          case "--embed-only" -> embedOnly = true;
          default -> throw new IllegalArgumentException(USAGE + "; unknown '" + args[i] + "'");
        }
      }
      if (vectors < 1000 || vectors > 1_000_000) {
        throw new IllegalArgumentException("--vectors must be between 1000 and 1000000");
      }
      if (!Set.of("spi", "bus", "http").containsAll(paths) || !Set.of("vector", "hybrid", "text").containsAll(modes)) {
        throw new IllegalArgumentException(USAGE);
      }
      if (maintenanceMb <= 0) {
        maintenanceMb = (int) Math.max(256, Math.min(4096, vectors * 2.5 / 1024));
      }
      if (!verbose) {
        BenchNode.quietLogs();
      }
      if (embedOnly) {
        // fills the cache (checkpointed every ~3000 texts) and stops
        SearchCorpus.load(cacheDir(), vectors, Corpus.root());
        code = 0;
      } else {
        code = new SearchBench(new Options(vectors, realAtMost, backends, paths, modes, seconds, queryWords,
            defer != null ? defer : vectors > DEFER_ABOVE, maintenanceMb)).run();
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      code = 2;
    } catch (Throwable e) {
      code = BenchNode.failed(e);
    }
    BenchNode.exit(code);
  }

  private static Path cacheDir() {
    return Path.of("bench", "target", "search-bench-cache").toAbsolutePath();
  }

  private int run() throws Exception {
    long started = System.nanoTime();
    Phase p = new Phase();
    SearchCorpus corpus = SearchCorpus.load(cacheDir(), Math.min(options.vectors, options.realAtMost), Corpus.root());
    p.done("real vectors and texts", corpus.size(), corpus.fromCache ? "from the cache" : "collected and embedded");
    p = new Phase();
    data = SearchData.prepare(corpus, options.vectors, options.queryWords);
    p.done("synthetic vectors, queries", data.n - data.real, String.format(Locale.ROOT,
        "%d queries embedded one by one in %.1f s%s", SearchCorpus.QUERIES, data.queryEmbedSeconds,
        data.n > data.real ? "; 200 synthetic texts embedded to check their vectors" : ""));
    progress("%s", data.describe());
    p = new Phase();
    truth = ExactTop.scan(data, data.queries, K);
    p.done("exact top-10 (ground truth)", (long) SearchCorpus.QUERIES * data.n, "full scans, one pass per query for all tenants");
    rawLucene();
    for (String backend : options.backends) {
      backend(backend);
    }
    print((System.nanoTime() - started) / 1e9);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // raw Lucene

  private void rawLucene() throws Exception {
    Path dir = Files.createTempDirectory("mw-search-bench-raw");
    try {
      Phase p = new Phase();
      try (FSDirectory directory = FSDirectory.open(dir);
          IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        long lastReport = System.nanoTime();
        for (int i = 0; i < data.n; i++) {
          Document doc = new Document();
          doc.add(new StoredField("i", i));
          doc.add(new StringField("userId", data.small[i] ? "small" : "big", Field.Store.NO));
          doc.add(new KnnFloatVectorField("vector", data.vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
          writer.addDocument(doc);
          if (System.nanoTime() - lastReport > 30e9) {
            lastReport = System.nanoTime();
            progress("  raw Lucene: %,d/%,d indexed", i + 1, data.n);
          }
        }
        writer.commit();
      }
      try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
        p.done("raw Lucene: index", data.n, String.format(Locale.ROOT, "IndexWriter defaults, one thread, one commit:"
            + " %d segments, %d MB", reader.leaves().size(), directorySize(dir) >> 20));
        IndexSearcher searcher = new IndexSearcher(reader);
        int width = Math.max(K, LuceneVectorSettings.DEFAULT_SEARCH_WIDTH);
        for (Tenant tenant : Tenant.values()) {
          Query filter = tenant == Tenant.ALL ? null
              : new TermQuery(new Term("userId", tenant == Tenant.SMALL ? "small" : "big"));
          Measured m = measure("raw-lucene", "in-process", "vector", tenant, truth, q -> {
            ScoreDoc[] docs = searcher.search(new KnnFloatVectorQuery("vector", data.queries[q], width, filter), K).scoreDocs;
            StoredFields stored = searcher.storedFields();
            int[] out = new int[docs.length];
            for (int i = 0; i < docs.length; i++) {
              out[i] = stored.document(docs[i].doc).getField("i").numericValue().intValue();
            }
            return out;
          });
          raw.put(tenant, m);
          row("raw-lucene", "in-process", "vector", tenant, m);
        }
        notes.add(String.format(Locale.ROOT, "raw-lucene: KnnFloatVectorQuery asking for %d (the lucene backend's default"
            + " search-width), keeping %d; the tenant filter is a TermQuery on a user field, none for \"no filter\".", width, K));
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // a backend: the node filled through its ingestion path, then SPI, bus, HTTP

  private void backend(String name) throws Exception {
    String server = System.getenv().getOrDefault("MW_BENCH_DB_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("vector-backend", name);
    flags.put("embedding-provider", PrecomputedEmbeddings.NAME);
    boolean pg = name.equals("pgvector");
    Phase start = new Phase();
    try (BenchNode bench = BenchNode.start("mw-search-bench-" + name, server, flags, database -> {
      try (Connection c = database.connect(); var s = c.createStatement()) {
        s.execute("CREATE EXTENSION IF NOT EXISTS vector");
      }
    }, SearchBench::progress)) {
      FreshDatabase database = bench.database;
      Node node = bench.node;
      start.done(name + ": node start", 0, "all roles, fresh database " + database.name());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      String tag = UUID.randomUUID().toString().substring(0, 8);
      BenchSession big = BenchSession.register(http, bench.baseUrl(), "big-" + tag + "@example.org", CALL_LIMIT);
      BenchSession small = BenchSession.register(http, bench.baseUrl(), "small-" + tag + "@example.org", CALL_LIMIT);
      JsonObject info = await(node.vertx().eventBus().<JsonObject>request(EmbeddingBus.INFO, new JsonObject())).body();
      String model = info.getString("model");
      ExactTop compared = compareNodeQueryVectors(name, node);
      if (nodeTruth == null) {
        nodeTruth = compared;
      }
      // opens the node's vector backend, which makes its table (pgvector) before any index is deferred
      await(node.vertx().eventBus().request(RetrievalBus.HEALTH, new JsonObject()));
      String nodeTable = pg ? vectorTable(database) : null;

      UUID[] sourceIds = new UUID[SearchData.sources()];
      UUID[] userOfSource = new UUID[sourceIds.length];
      for (int s = 0; s < sourceIds.length; s++) {
        sourceIds[s] = UUID.randomUUID();
        userOfSource[s] = s < SearchData.BIG_SOURCES ? big.userId() : small.userId();
      }
      insertSources(database, sourceIds, userOfSource);
      List<DeferredIndexes> deferred = new ArrayList<>();
      if (options.deferIndexes) {
        deferred.add(DeferredIndexes.drop(database.url(), "chunks", "gin"));
        if (pg) {
          deferred.add(DeferredIndexes.drop(database.url(), nodeTable, "hnsw"));
        }
      }
      Phase load = new Phase();
      chunkIds = IndexFeeder.feed(node, database, data, sourceIds, userOfSource, SearchBench::progress);
      load.done(name + ": index chunks (node)", data.n, String.format(Locale.ROOT, "retrieval.index.chunks, %d per batch, %d in"
              + " flight: chunk rows, text index, vectors%s", IndexFeeder.BATCH, IndexFeeder.IN_FLIGHT,
          deferred.isEmpty() ? "" : "; without the indexes " + indexNames(deferred)));
      indexOf = new HashMap<>(data.n * 2);
      for (int i = 0; i < data.n; i++) {
        indexOf.put(chunkIds[i], i);
      }
      rebuild(name, deferred);
      Phase analyze = new Phase();
      try (Connection c = database.connect(); var s = c.createStatement()) {
        s.execute("ANALYZE");
      }
      analyze.done(name + ": ANALYZE", 0, "the whole database (autovacuum would, given time; here it may be off)");
      if (!pg) {
        settle(name + ": merges settle (node)", bench.work.resolve("data").resolve("vectors"));
      }

      Map<Tenant, BenchSession> sessions = Map.of(Tenant.BIG, big, Tenant.SMALL, small);
      if (options.paths.contains("spi")) {
        spi(name, bench.work, database, model, sourceIds, userOfSource, sessions);
      }
      if (options.paths.contains("bus")) {
        var bus = node.vertx().eventBus();
        for (Tenant tenant : List.of(Tenant.BIG, Tenant.SMALL)) {
          String userId = sessions.get(tenant).userId().toString();
          Measured m = measure(name, "bus", "vector", tenant, truth, q -> {
            JsonObject reply = await(bus.<JsonObject>request(RetrievalBus.VECTOR_SEARCH, new JsonObject()
                .put("userId", userId).put("model", model).put("vector", Vectors.encode(data.queries[q])).put("k", K),
                new DeliveryOptions().setSendTimeout(CALL_LIMIT.toMillis()))).body();
            return indexes(reply.getJsonArray("hits"));
          });
          row(name, "bus", "vector", tenant, m);
        }
      }
      if (options.paths.contains("http")) {
        for (String mode : options.modes) {
          for (Tenant tenant : List.of(Tenant.BIG, Tenant.SMALL)) {
            BenchSession session = sessions.get(tenant);
            try {
              Measured m = measure(name, "http", mode, tenant, mode.equals("vector") ? nodeTruth : null, q -> indexes(
                  session.post("/api/v1/search", new JsonObject().put("query", data.queryTexts.get(q)).put("topK", K)
                      .put("mode", mode)).getJsonArray("results")));
              row(name, "http", mode, tenant, m);
            } catch (Exception e) {
              progress("%s http %s %s failed: %s", name, mode, tenant.label, e);
              table.row(name, "http", mode, tenant.label, tenant.size(data), "-", "-", "-", "-", "-", "-", "-", "-", "-");
              notes.add(String.format(Locale.ROOT, "%s http %s (%s) failed: %s", name, mode, tenant.label, e.getMessage()));
            }
          }
        }
      }
    }
  }

  private static String indexNames(List<DeferredIndexes> deferred) {
    return String.join(", ", deferred.stream().flatMap(d -> d.dropped().stream()).map(DeferredIndexes.Index::name).toList());
  }

  private void rebuild(String name, List<DeferredIndexes> deferred) throws Exception {
    for (DeferredIndexes d : deferred) {
      Phase p = new Phase();
      List<DeferredIndexes.Built> built = d.rebuild(options.maintenanceMb, 1, SearchBench::progress);
      for (DeferredIndexes.Built b : built) {
        if (!b.notices().isEmpty()) {
          notes.add(name + ": building " + b.index().name() + ", PostgreSQL said: " + String.join("; ", b.notices()));
        }
      }
      p.done(name + ": build " + indexNames(List.of(d)), data.n, String.format(Locale.ROOT, "after loading;"
          + " maintenance_work_mem %d MB, max_parallel_maintenance_workers 1; then ANALYZE %s", options.maintenanceMb,
          d.table()));
    }
  }

  /** The SPI opened directly on the same chunks (lucene: its own directory; pgvector: its own table in the same database). */
  private void spi(String name, Path work, FreshDatabase database, String model, UUID[] sourceIds, UUID[] userOfSource,
      Map<Tenant, BenchSession> sessions) throws Exception {
    VectorBackendProvider provider = NamedPlugins.load(VectorBackendProvider.class, SearchBench.class.getClassLoader()).get(name);
    boolean pg = name.equals("pgvector");
    PluginSettings settings = pg ? new PluginSettings(Map.of("table", SPI_TABLE)) : PluginSettings.empty();
    Path dir = work.resolve("spi").resolve(model.replaceAll("[^A-Za-z0-9._-]", "_"));
    Files.createDirectories(dir);
    try (VectorBackend backend = provider.open(new VectorBackendContext(dir, database.url(), SearchCorpus.DIMENSION, settings))) {
      List<DeferredIndexes> deferred = options.deferIndexes && pg
          ? List.of(DeferredIndexes.drop(database.url(), SPI_TABLE, "hnsw")) : List.of();
      Phase p = new Phase();
      long lastReport = System.nanoTime();
      int batch = 1000;
      for (int from = 0; from < data.n; from += batch) {
        List<VectorRecord> records = new ArrayList<>(batch);
        for (int i = from; i < Math.min(data.n, from + batch); i++) {
          int s = data.source[i];
          records.add(new VectorRecord(chunkIds[i], userOfSource[s], sourceIds[s], null, model, data.vectors[i]));
        }
        backend.upsert(records).toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        if (System.nanoTime() - lastReport > 30e9) {
          lastReport = System.nanoTime();
          progress("  %s spi: %,d/%,d upserted", name, from + batch, data.n);
        }
      }
      p.done(name + ": spi upsert", data.n, "upsert() in batches of 1000, one at a time"
          + (deferred.isEmpty() ? "" : "; without the index " + indexNames(deferred)));
      rebuild(name + " spi", deferred);
      if (!pg) {
        settle(name + ": merges settle (spi)", dir);
      }
      for (Tenant tenant : List.of(Tenant.BIG, Tenant.SMALL)) {
        UUID userId = sessions.get(tenant).userId();
        Measured m = measure(name, "spi", "vector", tenant, truth, q -> {
          List<VectorHit> hits = backend.search(new VectorQuery(userId, model, data.queries[q], K, Set.of(), null))
              .toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
          int[] out = new int[hits.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = indexOf.getOrDefault(hits.get(i).chunkId(), -1);
          }
          return out;
        });
        row(name, "spi", "vector", tenant, m);
      }
    }
  }

  /** The one table with a vector column {@code embedding}: the node's backend made it (the SPI's comes later). */
  private static String vectorTable(FreshDatabase database) throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection c = database.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT c.relname"
        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE a.attname = 'embedding' AND c.relkind = 'r' AND n.nspname = current_schema()"
        + " AND format_type(a.atttypid, NULL) = 'vector'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    if (tables.size() != 1) {
      throw new IllegalStateException("expected the node's one vector table, found " + tables);
    }
    return tables.get(0);
  }

  /** The sources in ingestion's table too, so that the node's orphan sweep keeps their index. */
  private static void insertSources(FreshDatabase database, UUID[] sourceIds, UUID[] userOfSource) throws Exception {
    try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO sources (id, user_id,"
        + " kind, title, status, parser, content_sha256, file_size, chunk_count)"
        + " VALUES (?, ?, 'text', ?, 'completed', 'bench', ?, 1000, 0)")) {
      for (int s = 0; s < sourceIds.length; s++) {
        ps.setObject(1, sourceIds[s]);
        ps.setObject(2, userOfSource[s]);
        ps.setString(3, "bench source " + s);
        ps.setString(4, String.format("%064x", s + 1));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * The node embeds each query text alone through its embedding verticle; when that gives the
   * bench's query vectors (same model, same call shape), HTTP recall uses the same truth, otherwise
   * a truth of its own, and the report says how far apart they are.
   */
  private ExactTop compareNodeQueryVectors(String name, Node node) throws Exception {
    float[][] theirs = new float[data.queries.length][];
    double min = 1;
    long[] latencies = new long[theirs.length];
    for (int q = 0; q < theirs.length; q++) {
      long t = System.nanoTime();
      JsonObject reply = await(node.vertx().eventBus().<JsonObject>request(EmbeddingBus.EMBED,
          new JsonObject().put("texts", new JsonArray().add(data.queryTexts.get(q))))).body();
      latencies[q] = System.nanoTime() - t;
      theirs[q] = SearchData.unit(Vectors.decode(reply.getJsonArray("vectors").getString(0)));
      min = Math.min(min, org.apache.lucene.util.VectorUtil.dotProduct(theirs[q], data.queries[q]));
    }
    Arrays.sort(latencies);
    notes.add(String.format(Locale.ROOT, "%s: embedding one query over the bus (embedding.embed, part of every http vector and"
        + " hybrid search) took p50 %.2f ms, p95 %.2f ms (the %d queries once, one at a time).", name,
        latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.95)] / 1e6, latencies.length));
    if (nodeTruth != null) {
      return nodeTruth;
    }
    if (min > 0.99999) {
      notes.add(String.format(Locale.ROOT, "The node's query vectors are the bench's (lowest cosine %.6f): http recall uses"
          + " the same ground truth.", min));
      return truth;
    }
    ExactTop own = ExactTop.scan(data, theirs, K);
    notes.add(String.format(Locale.ROOT, "The node's query vectors differ from the bench's (lowest cosine %.4f): http recall is"
            + " against the exact top-10 of the node's own; the two truths agree %.3f (99%% user) / %.3f (1%% user).", min,
        own.agreement(truth, Tenant.BIG), own.agreement(truth, Tenant.SMALL)));
    return own;
  }

  private int[] indexes(JsonArray hits) {
    int[] out = new int[hits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = indexOf.getOrDefault(UUID.fromString(hits.getJsonObject(i).getString("chunkId")), -1);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // measuring

  /**
   * With a truth: one untimed pass over the queries for recall (and warm-up); without (text,
   * hybrid): ten warm-up queries. Then QPS with 1 caller (p50/p95 from it) and with 2 callers
   * sharing the passes: at most {@value #PASSES} passes or --seconds each, whichever comes first.
   */
  private Measured measure(String backend, String path, String mode, Tenant tenant, ExactTop truth, Searcher searcher)
      throws Exception {
    CpuMeter.Sample cpuBefore = CpuMeter.sample();
    int queries = data.queries.length;
    double recall = Double.NaN;
    if (truth != null) {
      double sum = 0;
      for (int q = 0; q < queries; q++) {
        sum += ExactTop.recall(truth.of(tenant, q), searcher.search(q));
      }
      recall = sum / queries;
    } else {
      for (int q = 0; q < Math.min(10, queries); q++) {
        searcher.search(q);
      }
    }
    long limit = (long) (options.seconds * 1e9);
    List<Long> latencies = new ArrayList<>();
    long hits = 0;
    long started = System.nanoTime();
    outer:
    for (int pass = 0; pass < PASSES; pass++) {
      for (int q = 0; q < queries; q++) {
        long t = System.nanoTime();
        hits += searcher.search(q).length;
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
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int total = PASSES * queries;
    long started2 = System.nanoTime();
    Throwable[] failure = new Throwable[1];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      threads.add(Thread.ofPlatform().name("bench-caller-" + c).start(() -> {
        try {
          int i;
          while ((i = next.getAndIncrement()) < total && System.nanoTime() - started2 < limit) {
            searcher.search(i % queries);
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
    CpuMeter.Usage cpu = CpuMeter.between(cpuBefore, CpuMeter.sample());
    Measured m = new Measured(qps1, qps2, recall, hits / (double) latencies.size(), p50, p95, cpu.othersPercent());
    progress("%-10s %-10s %-6s %-9s QPS1 %.0f QPS2 %.0f recall@10 %.3f hits %.1f p50 %.2f ms (others' CPU %.0f%%)", backend, path,
        mode, tenant.label, qps1, qps2, recall, m.hitsPerQuery, p50, cpu.othersPercent());
    return m;
  }

  private void row(String backend, String path, String mode, Tenant tenant, Measured m) {
    Measured r = raw.get(tenant);
    boolean isRaw = backend.equals("raw-lucene");
    table.row(backend, path, mode, tenant.label, tenant.size(data), m.qps1, m.qps2,
        Double.isNaN(m.recall) ? "-" : (Object) m.recall, m.hitsPerQuery, m.p50, m.p95,
        isRaw || r == null ? "-" : (Object) (m.qps1 / r.qps1), isRaw || r == null ? "-" : (Object) (m.qps2 / r.qps2),
        m.othersCpu);
  }

  // ---------------------------------------------------------------------------------------------
  // report

  private void print(double totalSeconds) {
    StringBuilder out = new StringBuilder("\n");
    Runtime rt = Runtime.getRuntime();
    out.append(String.format(Locale.ROOT, "## Search at %,d chunks: speed and recall@%d (minilm, %d dims)%n%n", data.n, K,
        SearchCorpus.DIMENSION));
    out.append(String.format(Locale.ROOT, "%s; JDK %s; %d cores; max heap %d MB; whole run %.0f s. %s%n%n",
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), System.getProperty("java.version"),
        rt.availableProcessors(), rt.maxMemory() >> 20, totalSeconds, data.describe()));
    out.append(String.format(Locale.ROOT, "Queries: %d held-out pieces cut to their first %s words, each embedded alone."
            + " Tenants: the 99%% user holds %,d chunks in %d sources, the 1%% user %,d in %d; every backend search is filtered"
            + " by user. Ground truth: exact cosine top-%d over the tenant's vectors. recall@10 is measured for vector"
            + " search only; hits/query shows that text and hybrid found something. QPS: at most %d passes over the queries"
            + " or %.0f s, after an untimed recall pass (10 warm-up queries for text and hybrid); \"2 callers\" = two threads"
            + " sharing the passes; p50/p95 with 1 caller; ratio = ours / raw Lucene for the same tenant. http = POST"
            + " /api/v1/search topK=%d (the server embeds the query, ranks, hydrates the hits' text). others' CPU = everything"
            + " outside the bench's JVM (PostgreSQL included) as a share of all cores during the measurement.%n%n",
        SearchCorpus.QUERIES, options.queryWords <= 0 ? "all" : String.valueOf(options.queryWords),
        Tenant.BIG.size(data), SearchData.BIG_SOURCES, Tenant.SMALL.size(data), SearchData.SMALL_SOURCES, K, PASSES,
        options.seconds, K));
    out.append(table.render()).append('\n');
    for (String note : notes) {
      out.append("- ").append(note).append('\n');
    }
    out.append("\n### Phases\n\n").append(phases.render()).append('\n');
    System.out.print(out);
    System.out.flush();
  }

  /**
   * Waits until a Lucene index's files stop changing (15 s alike; 30 min at most), so searches are
   * measured on the index as its background merges leave it, not while they compete for the cores.
   */
  private void settle(String phase, Path root) throws Exception {
    Phase p = new Phase();
    String before = luceneShape(root);
    Map<String, Long> last = null;
    int alike = 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (alike < 3 && System.nanoTime() < deadline) {
      Map<String, Long> files = new HashMap<>();
      try (Stream<Path> all = Files.walk(root)) {
        all.filter(Files::isRegularFile).forEach(f -> files.put(f.toString(), f.toFile().length()));
      }
      alike = files.equals(last) ? alike + 1 : 0;
      last = files;
      Thread.sleep(5_000);
    }
    p.done(phase, 0, "before: " + before + "; after: " + luceneShape(root));
  }

  private static String luceneShape(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> indexes = files.filter(f -> f.getFileName().toString().startsWith("segments_")).map(Path::getParent).distinct()
          .toList();
      List<String> out = new ArrayList<>();
      for (Path dir : indexes) {
        try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
          out.add(String.format(Locale.ROOT, "%,d vectors in %d segments, %d MB", reader.numDocs(), reader.leaves().size(),
              directorySize(dir) >> 20));
        }
      }
      return String.join("; ", out);
    } catch (Exception e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  private static long directorySize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (Exception e) {
      return -1;
    }
  }

  /** A phase's wall time and who used the CPU meanwhile, added to the phases table when done. */
  private final class Phase {
    private final long started = System.nanoTime();
    private final CpuMeter.Sample cpu = CpuMeter.sample();

    void done(String name, long items, String note) {
      double seconds = (System.nanoTime() - started) / 1e9;
      CpuMeter.Usage usage = CpuMeter.between(cpu, CpuMeter.sample());
      phases.row(name, seconds, items == 0 ? "-" : (Object) items, items == 0 ? "-" : (Object) (items / seconds),
          usage.oursPercent(), usage.othersPercent(), note);
      progress("phase %s: %.1f s%s", name, seconds, items == 0 ? "" : String.format(Locale.ROOT, " (%,.0f/s)", items / seconds));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static void progress(String format, Object... args) {
    System.err.println("[search-bench] " + String.format(Locale.ROOT, format, args));
  }

  private static void deleteRecursively(Path root) {
    BenchNode.deleteRecursively(root, SearchBench::progress);
  }
}
