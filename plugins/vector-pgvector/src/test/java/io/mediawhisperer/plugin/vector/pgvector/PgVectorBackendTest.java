package io.mediawhisperer.plugin.vector.pgvector;

import static io.mediawhisperer.spi.vector.VectorBackendContract.DIM;
import static io.mediawhisperer.spi.vector.VectorBackendContract.MODEL;
import static io.mediawhisperer.spi.vector.VectorBackendContract.await;
import static io.mediawhisperer.spi.vector.VectorBackendContract.dot;
import static io.mediawhisperer.spi.vector.VectorBackendContract.failureOf;
import static io.mediawhisperer.spi.vector.VectorBackendContract.query;
import static io.mediawhisperer.spi.vector.VectorBackendContract.record;
import static io.mediawhisperer.spi.vector.VectorBackendContract.records;
import static io.mediawhisperer.spi.vector.VectorBackendContract.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.mediawhisperer.plugin.pg.PgUrl;
import io.mediawhisperer.plugin.vector.pgvector.PgVectorBackend.SearchPath;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorQuery;
import io.mediawhisperer.spi.vector.VectorRecord;
import io.mediawhisperer.testsupport.FreshDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the contract kit cannot know about: settings, tables, session settings, paths, threads. */
class PgVectorBackendTest {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static FreshDatabase database;

  @BeforeAll
  static void createDatabase() throws Exception {
    database = FreshDatabase.onTestServer("mw_pgv_", true, "the pgvector backend's tests");
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (database != null) {
      database.close();
    }
  }

  private static String newTable() {
    return "t_" + TABLES.incrementAndGet();
  }

  private static PgVectorSettings settings(String table, int exactBelow) {
    return new PgVectorSettings(table, 3, exactBelow, PgVectorSettings.DEFAULT_EF_SEARCH, PgVectorSettings.DEFAULT_M,
        PgVectorSettings.DEFAULT_EF_CONSTRUCTION);
  }

  private static PgVectorBackend open(String table, int dimension, int exactBelow) throws Exception {
    return PgVectorBackend.open(database.url(), table, dimension, settings(table, exactBelow));
  }

  private static long rows(String table) throws Exception {
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ------------------------------------------------------------------ configuration

  @Test
  void providerIsFoundByNameAndReadsItsSettings() throws Exception {
    VectorBackendProvider provider = NamedPlugins.load(VectorBackendProvider.class, getClass().getClassLoader())
        .get("pgvector");
    assertThat(provider).isInstanceOf(PgVectorBackendProvider.class);
    PluginSettings settings = new PluginSettings(Map.of("pool-size", "4", "exact-below", "7", "ef-search", "60",
        "hnsw-m", "12", "hnsw-ef-construction", "48"));
    Path modelDir = Path.of("data", "vectors", "pgvector", "all-MiniLM-L6-v2");
    try (VectorBackend b = provider.open(new VectorBackendContext(modelDir, database.url(), DIM, settings))) {
      PgVectorBackend pg = (PgVectorBackend) b;
      assertThat(pg.settings()).isEqualTo(new PgVectorSettings(null, 4, 7, 60, 12, 48));
      assertThat(pg.table()).as("named after the model's directory").isEqualTo("vectors_all_minilm_l6_v2");
      assertThat(await(b.count())).isZero();
    }
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = 'vectors_all_minilm_l6_v2_hnsw_idx'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).contains("USING hnsw (embedding vector_cosine_ops)").contains("m='12'")
          .contains("ef_construction='48'");
    }
    PluginSettings named = new PluginSettings(Map.of("table", "my_vectors"));
    try (VectorBackend b = provider.open(new VectorBackendContext(modelDir, database.url(), DIM, named))) {
      assertThat(((PgVectorBackend) b).table()).isEqualTo("my_vectors");
    }
    PgVectorSettings defaults = PgVectorSettings.from(PluginSettings.empty());
    assertThat(defaults.exactBelow()).isEqualTo(PgVectorSettings.DEFAULT_EXACT_BELOW);
    assertThat(defaults.efSearch()).isEqualTo(PgVectorSettings.DEFAULT_EF_SEARCH);
    assertThat(defaults.hnswM()).isEqualTo(16);
    assertThat(defaults.hnswEfConstruction()).isEqualTo(64);
    assertThat(defaults.tableFor(null)).isEqualTo(PgVectorSettings.DEFAULT_TABLE);
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    VectorBackendProvider provider = new PgVectorBackendProvider();
    Path dir = Path.of("x");
    for (Map.Entry<String, String> bad : List.of(Map.entry("pool-size", "1"), Map.entry("pool-size", "many"),
        Map.entry("exact-below", "-1"), Map.entry("ef-search", "0"), Map.entry("ef-search", "1001"),
        Map.entry("hnsw-m", "1"), Map.entry("hnsw-ef-construction", "20"), Map.entry("table", "Robert'); DROP TABLE x;--"),
        Map.entry("table", "1abc"))) {
      VectorBackendContext context = new VectorBackendContext(dir, database.url(), DIM, new PluginSettings(Map.ofEntries(bad)));
      assertThatThrownBy(() -> provider.open(context)).as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad.getKey() + "'");
    }
    assertThatThrownBy(() -> provider.open(new VectorBackendContext(dir, database.url(), 0, PluginSettings.empty())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
    assertThatThrownBy(() -> provider.open(new VectorBackendContext(dir, database.url(), 4001, PluginSettings.empty())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4000");
    assertThatThrownBy(() -> provider.open(new VectorBackendContext(dir, null, DIM, PluginSettings.empty())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database URL");
    assertThatThrownBy(() -> provider.open(new VectorBackendContext(dir, "mysql://h/db", DIM, PluginSettings.empty())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PostgreSQL URL");
    assertThatThrownBy(() -> PgVectorBackend.open(database.url(), "t; DROP TABLE x", DIM, PgVectorSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identifier");
  }

  @Test
  void tableNamesAreSafeIdentifiersAndLongNamesStayApart() {
    PgVectorSettings d = PgVectorSettings.defaults();
    assertThat(d.tableFor(Path.of("/srv/mw/vectors/pgvector/bge-small-en-v1.5"))).isEqualTo("vectors_bge_small_en_v1_5");
    assertThat(d.tableFor(Path.of("text-embedding-3-large"))).isEqualTo("vectors_text_embedding_3_large");
    assertThat(d.tableFor(Path.of("junit12345"))).isEqualTo("vectors_junit12345");
    assertThat(d.tableFor(Path.of("--"))).isEqualTo("vectors_default");
    String long1 = "sentence-transformers/paraphrase-multilingual-mpnet-base-v2-extra-long-name-a".replace('/', '_');
    String long2 = long1.substring(0, long1.length() - 1) + "b";
    String t1 = d.tableFor(Path.of(long1));
    String t2 = d.tableFor(Path.of(long2));
    assertThat(t1).hasSizeLessThanOrEqualTo(PgVectorSettings.MAX_TABLE_LENGTH).matches("[a-z_][a-z0-9_]*");
    assertThat(t2).hasSizeLessThanOrEqualTo(PgVectorSettings.MAX_TABLE_LENGTH).isNotEqualTo(t1);
  }

  @Test
  void databaseUrlsAreTakenApart() {
    PgUrl u = PgUrl.parse("postgresql://mw:p%40ss:w0rd@db.example:5433/media%20db?sslmode=disable&options=-c%20statement_timeout%3D5s", "test");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/media%20db?sslmode=disable");
    assertThat(u.user()).isEqualTo("mw");
    assertThat(u.password()).isEqualTo("p@ss:w0rd");
    assertThat(u.database()).isEqualTo("media db");
    assertThat(u.options()).isEqualTo("-c statement_timeout=5s");
    assertThat(u.display()).doesNotContain("w0rd").contains("mw@db.example:5433");
    assertThat(u.toString()).doesNotContain("w0rd");

    PgUrl plain = PgUrl.parse("jdbc:postgresql://127.0.0.1/test", "test");
    assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/test");
    assertThat(plain.user()).isNull();
    assertThat(plain.password()).isNull();
    PgUrl noDb = PgUrl.parse("postgres://ada@h1:5432,h2:5432", "test");
    assertThat(noDb.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/ada");
    PgUrl queryUser = PgUrl.parse("postgresql://h/db?user=bob&password=secret&ssl=true", "test");
    assertThat(queryUser.user()).isEqualTo("bob");
    assertThat(queryUser.password()).isEqualTo("secret");
    assertThat(queryUser.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?ssl=true");
    assertThat(PgUrl.redact("postgresql://u:secret@h/db?password=secret")).doesNotContain("secret");
  }

  @Test
  void anUnreachableDatabaseFailsClearly() {
    assertThatThrownBy(() -> PgVectorBackend.open("postgresql://postgres@127.0.0.1:1/nowhere", "t", DIM,
        PgVectorSettings.defaults()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot connect")
        .hasMessageContaining("127.0.0.1:1/nowhere");
  }

  // ------------------------------------------------------------------ the table

  @Test
  void aTableOfAnotherDimensionIsRefusedNamingBoth() throws Exception {
    String table = newTable();
    try (PgVectorBackend b = open(table, DIM, 10)) {
      await(b.upsert(records(new Random(1), UUID.randomUUID(), UUID.randomUUID(), null, 3)));
    }
    assertThatThrownBy(() -> open(table, 768, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("384").hasMessageContaining("768").hasMessageContaining(table)
        .hasMessageContaining(database.name());
    try (PgVectorBackend b = open(table, DIM, 10)) {
      assertThat(await(b.count())).as("the refused open left the table as it was").isEqualTo(3);
    }
  }

  /** Nodes starting together: the advisory lock makes one of them create the table, the others find it. */
  @Test
  void backendsOpenedTogetherOnANewTableShareIt() throws Exception {
    String table = newTable();
    ExecutorService starters = Executors.newFixedThreadPool(3);
    List<PgVectorBackend> opened = new ArrayList<>();
    try {
      List<Future<PgVectorBackend>> starting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        starting.add(starters.submit(() -> open(table, DIM, 10)));
      }
      for (Future<PgVectorBackend> f : starting) {
        opened.add(f.get(60, TimeUnit.SECONDS));
      }
      UUID user = UUID.randomUUID();
      await(opened.get(0).upsert(records(new Random(9), user, UUID.randomUUID(), null, 4)));
      for (PgVectorBackend b : opened) {
        assertThat(await(b.count())).isEqualTo(4);
      }
    } finally {
      starters.shutdownNow();
      for (PgVectorBackend b : opened) {
        b.close();
      }
    }
  }

  @Test
  void aTableThatThisBackendDidNotMakeIsRefused() throws Exception {
    String table = newTable();
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, embedding text)");
    }
    assertThatThrownBy(() -> open(table, DIM, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(table).hasMessageContaining("not made by this backend");
  }

  @Test
  void everyPooledConnectionHasTheSessionSettingsAndAWiderSearchLeavesThemAsTheyWere() throws Exception {
    try (PgVectorBackend b = open(newTable(), DIM, 0)) {
      Random rnd = new Random(2);
      UUID user = UUID.randomUUID();
      await(b.upsert(records(rnd, user, UUID.randomUUID(), null, 300)));
      // k = 150 searches with ef_search = 300, set for their own transaction only.
      for (int i = 0; i < 6; i++) {
        assertThat(await(b.search(query(user, unit(rnd), 150)))).hasSize(150);
      }
      int size = b.settings().poolSize();
      List<Connection> held = new ArrayList<>();
      try {
        for (int i = 0; i < size; i++) {
          held.add(b.pool().getConnection()); // all at once: every connection of the pool
        }
        for (Connection c : held) {
          try (Statement s = c.createStatement()) {
            s.execute("SELECT '[1]'::vector"); // loads the extension's library, if this session has not yet
            assertThat(show(s, "hnsw.iterative_scan")).isEqualTo("relaxed_order");
            assertThat(show(s, "hnsw.ef_search")).isEqualTo(String.valueOf(PgVectorSettings.DEFAULT_EF_SEARCH));
            assertThat(show(s, "plan_cache_mode")).isEqualTo("force_custom_plan");
            assertThat(show(s, "jit")).isEqualTo("off");
          }
        }
      } finally {
        for (Connection c : held) {
          c.close();
        }
      }
      assertThat(held).hasSize(size);
    }
  }

  private static String show(Statement s, String setting) throws Exception {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void theFilterSizeChoosesThePathAndTheExactPathNeverUsesTheGraph() throws Exception {
    try (PgVectorBackend b = open(newTable(), DIM, 50)) {
      Random rnd = new Random(3);
      UUID small = UUID.randomUUID();
      UUID large = UUID.randomUUID();
      UUID source = UUID.randomUUID();
      List<VectorRecord> data = new ArrayList<>(records(rnd, small, UUID.randomUUID(), null, 30));
      data.addAll(records(rnd, large, UUID.randomUUID(), null, 180));
      data.addAll(records(rnd, large, source, null, 20));
      await(b.upsert(data));
      try (Connection c = b.pool().getConnection()) {
        assertThat(b.choosePath(c, query(small, unit(rnd), 10))).isEqualTo(SearchPath.EXACT);
        assertThat(b.choosePath(c, query(large, unit(rnd), 10))).isEqualTo(SearchPath.HNSW);
        assertThat(b.choosePath(c, new VectorQuery(large, MODEL, unit(rnd), 10, Set.of(source), null)))
            .as("the source filter makes it small").isEqualTo(SearchPath.EXACT);
        assertThat(b.choosePath(c, query(UUID.randomUUID(), unit(rnd), 10))).isEqualTo(SearchPath.NONE);
        assertThat(b.choosePath(c, new VectorQuery(small, "other-model", unit(rnd), 10, null, null))).isEqualTo(SearchPath.NONE);
      }
      for (VectorQuery q : List.of(query(small, unit(rnd), 10), query(large, unit(rnd), 10),
          new VectorQuery(large, MODEL, unit(rnd), 10, Set.of(source), UUID.randomUUID()))) {
        assertThat(String.join("\n", b.plan(q, SearchPath.EXACT))).doesNotContain("_hnsw_idx");
      }
      // Both paths agree where both are exact.
      float[] q = unit(rnd);
      try (Connection c = b.pool().getConnection()) {
        List<VectorHit> exact = b.searchOn(c, query(small, q, 10), SearchPath.EXACT);
        assertThat(exact).hasSize(10);
        assertThat(await(b.search(query(small, q, 10)))).isEqualTo(exact);
      }
    }
  }

  private static long estimatedRows(String table) throws Exception {
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE oid = '" + table + "'::regclass")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void statisticsFollowBulkWritesSoThePlannerKnowsATenantsSize() throws Exception {
    String table = newTable();
    try (PgVectorBackend b = open(table, DIM, 10)) {
      assertThat(estimatedRows(table)).as("a new table").isLessThanOrEqualTo(0);
      Random rnd = new Random(5);
      UUID user = UUID.randomUUID();
      await(b.upsert(records(rnd, user, UUID.randomUUID(), null, PgVectorBackend.ANALYZE_MIN_ROWS / 2)));
      assertThat(estimatedRows(table)).as("below the threshold nothing is analyzed yet").isLessThanOrEqualTo(0);
      await(b.upsert(records(rnd, user, UUID.randomUUID(), null, PgVectorBackend.ANALYZE_MIN_ROWS)));
      assertThat(estimatedRows(table)).as("analyzed once 1000 rows were written").isEqualTo(PgVectorBackend.ANALYZE_MIN_ROWS * 3 / 2);
    }
  }

  @Test
  void aCompletedWriteIsCommitted() throws Exception {
    String table = newTable();
    try (PgVectorBackend b = open(table, DIM, 10)) {
      Random rnd = new Random(4);
      UUID user = UUID.randomUUID();
      UUID source = UUID.randomUUID();
      await(b.upsert(records(rnd, user, source, null, 12)));
      assertThat(rows(table)).as("visible to another connection once the stage completed").isEqualTo(12);
      await(b.upsert(records(rnd, user, UUID.randomUUID(), null, 3)));
      assertThat(await(b.deleteBySource(user, source))).isEqualTo(12);
      assertThat(rows(table)).isEqualTo(3);
    }
  }

  @Test
  void writesApplyInSubmissionOrder() throws Exception {
    try (PgVectorBackend b = open(newTable(), DIM, 10)) {
      Random rnd = new Random(5);
      UUID user = UUID.randomUUID();
      UUID source = UUID.randomUUID();
      UUID chunk = UUID.randomUUID();
      float[] first = unit(rnd);
      float[] second = unit(rnd);
      List<CompletionStage<?>> stages = new ArrayList<>();
      stages.add(b.upsert(List.of(new VectorRecord(chunk, user, UUID.randomUUID(), null, MODEL, first))));
      stages.add(b.upsert(List.of(new VectorRecord(chunk, user, UUID.randomUUID(), null, MODEL, second))));
      stages.add(b.upsert(records(rnd, user, source, null, 5)));
      CompletionStage<Long> deleted = b.deleteBySource(user, source);
      stages.add(b.upsert(records(rnd, user, source, null, 2)));
      for (CompletionStage<?> s : stages) {
        await(s);
      }
      assertThat(await(deleted)).isEqualTo(5);
      assertThat(await(b.count())).isEqualTo(3);
      List<VectorHit> hits = await(b.search(query(user, second, 1)));
      assertThat(hits.get(0).chunkId()).isEqualTo(chunk);
      assertThat(hits.get(0).score()).isCloseTo(1f, offset(1e-3f));
    }
  }

  @Test
  void vectorsAreCheckedAndScaledToUnitLength() throws Exception {
    try (PgVectorBackend b = open(newTable(), DIM, 10)) {
      Random rnd = new Random(6);
      UUID user = UUID.randomUUID();
      float[] v = unit(rnd);
      float[] longer = v.clone();
      for (int i = 0; i < longer.length; i++) {
        longer[i] *= 3;
      }
      await(b.upsert(List.of(record(user, UUID.randomUUID(), null, longer))));
      assertThat(longer[0]).as("the caller's array is not modified").isEqualTo(v[0] * 3);
      assertThat(await(b.search(query(user, v, 1))).get(0).score()).isCloseTo(1f, offset(1e-5f));
      try (Connection c = database.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT vector_norm(embedding) FROM " + b.table())) {
        rs.next();
        assertThat(rs.getDouble(1)).as("stored at unit length").isCloseTo(1.0, offset(1e-5));
      }

      float[] nan = unit(rnd);
      nan[5] = Float.NaN;
      assertThat(failureOf(() -> b.upsert(List.of(record(user, UUID.randomUUID(), null, nan)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
      float[] infinite = unit(rnd);
      infinite[0] = Float.POSITIVE_INFINITY;
      assertThat(failureOf(() -> b.search(query(user, infinite, 3))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
      assertThat(failureOf(() -> b.search(query(user, new float[DIM], 3))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zeros");
      assertThat(failureOf(() -> b.upsert(List.of(new VectorRecord(UUID.randomUUID(), user, UUID.randomUUID(), null, " ", v)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
      assertThat(failureOf(() -> b.upsert(List.of(new VectorRecord(UUID.randomUUID(), null, UUID.randomUUID(), null, MODEL, v)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
      assertThat(failureOf(() -> b.search(new VectorQuery(null, MODEL, v, 3, null, null))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
      assertThat(failureOf(() -> b.deleteBySource(user, null)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sourceId");
      assertThat(await(b.count())).isEqualTo(1);
    }
  }

  @Test
  void closeWaitsForAcceptedWritesStopsItsThreadsAndLaterCallsFail() throws Exception {
    String table = newTable();
    PgVectorBackend b = open(table, DIM, 10);
    String prefix = b.threadPrefix();
    Random rnd = new Random(7);
    UUID user = UUID.randomUUID();
    List<CompletionStage<Void>> accepted = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      accepted.add(b.upsert(records(rnd, user, UUID.randomUUID(), null, 10)));
    }
    CompletionStage<Long> counted = b.count();
    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith(prefix));
    b.close();
    for (CompletionStage<Void> s : accepted) {
      assertThat(s.toCompletableFuture()).isCompleted();
      await(s);
    }
    assertThat(counted.toCompletableFuture()).isCompleted();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        t.join(10_000); // a pool's worker may still be returning from its last task
        assertThat(t.isAlive()).as("thread %s after close", t.getName()).isFalse();
      }
    }
    assertThat(b.pool().isClosed()).isTrue();
    b.close(); // idempotent

    assertThat(failureOf(() -> b.upsert(records(rnd, user, UUID.randomUUID(), null, 1))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(failureOf(() -> b.search(query(user, unit(rnd), 3)))).isInstanceOf(IllegalStateException.class);
    assertThat(failureOf(b::count)).isInstanceOf(IllegalStateException.class);
    assertThat(failureOf(() -> b.deleteBySource(user, UUID.randomUUID()))).isInstanceOf(IllegalStateException.class);
    assertThat(rows(table)).as("everything accepted before close is in the table").isEqualTo(200);
  }

  /**
   * pgvector's HNSW index takes at most 2,000 dimensions of {@code vector}: OpenAI's 3,072 go in a
   * halfvec expression index, and the graph's candidates are scored on the stored vectors.
   */
  @Test
  void dimensionsAbove2000AreIndexedAsHalfvec() throws Exception {
    int dim = 3072;
    Random rnd = new Random(8);
    UUID user = UUID.randomUUID();
    List<VectorRecord> data = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      data.add(record(user, UUID.randomUUID(), null, unit(rnd, dim)));
    }
    try (PgVectorBackend b = open(newTable(), dim, 0)) {
      await(b.upsert(data));
      try (Connection c = database.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = '" + b.table() + "_hnsw_idx'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).contains("halfvec(3072)").contains("halfvec_cosine_ops");
      }
      VectorRecord target = data.get(77);
      List<VectorHit> hits = await(b.search(query(user, target.vector(), 5)));
      assertThat(hits).hasSize(5);
      assertThat(hits.get(0).chunkId()).isEqualTo(target.chunkId());
      for (VectorHit h : hits) {
        float[] v = data.stream().filter(r -> r.chunkId().equals(h.chunkId())).findFirst().orElseThrow().vector();
        assertThat(h.score()).isCloseTo(dot(target.vector(), v), offset(1e-4f));
      }
      assertThat(failureOf(() -> b.search(query(user, unit(rnd), 5))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3072").hasMessageContaining("384");
    }
  }
}
