package io.mediawhisperer.plugin.vector.pgvector;

import static io.mediawhisperer.spi.vector.VectorBackendContract.DIM;
import static io.mediawhisperer.spi.vector.VectorBackendContract.await;
import static io.mediawhisperer.spi.vector.VectorBackendContract.bruteForce;
import static io.mediawhisperer.spi.vector.VectorBackendContract.query;
import static io.mediawhisperer.spi.vector.VectorBackendContract.recall;
import static io.mediawhisperer.spi.vector.VectorBackendContract.record;
import static io.mediawhisperer.spi.vector.VectorBackendContract.unit;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.plugin.vector.pgvector.PgVectorBackend.SearchPath;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorRecord;
import io.mediawhisperer.testsupport.FreshDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * 10,000 random 384-d vectors, 99% of one user ("owner") and 1% of another ("tenant"): which path
 * and which index each search takes, the tenant's recall on every path, including the filtered
 * graph walk that {@code hnsw.iterative_scan} rescues, and figures for the lead (logged, never
 * asserted). Runs alone, so that the other test classes do not share its cores.
 */
@Isolated
class PgVectorAtScaleTest {

  private static final int N = 10_000;
  private static final String TABLE = "at_scale";
  private static FreshDatabase database;
  /** Default settings: both users are at most {@code exact-below} (10,000), so both are scanned exactly. */
  private static PgVectorBackend backend;
  /** The same table with {@code exact-below = 1000}: the large user walks the graph. */
  private static PgVectorBackend graph;
  private static final UUID OWNER = UUID.randomUUID();
  private static final UUID TENANT = UUID.randomUUID();
  private static final List<VectorRecord> OWNED = new ArrayList<>();
  private static final List<VectorRecord> RENTED = new ArrayList<>();
  private static final List<float[]> QUERIES = new ArrayList<>();
  private static final StringBuilder LOG = new StringBuilder();

  @BeforeAll
  static void load() throws Exception {
    database = FreshDatabase.onTestServer("mw_pgv_", true, "the pgvector backend's tests");
    backend = PgVectorBackend.open(database.url(), TABLE, DIM, PgVectorSettings.defaults());
    graph = PgVectorBackend.open(database.url(), TABLE, DIM, settings(1000));
    Random rnd = new Random(21);
    List<VectorRecord> data = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      VectorRecord r = record(i % 100 == 0 ? TENANT : OWNER, UUID.randomUUID(), null, unit(rnd));
      data.add(r);
      (i % 100 == 0 ? RENTED : OWNED).add(r);
    }
    for (int i = 0; i < 200; i++) {
      QUERIES.add(unit(rnd));
    }
    LOG.append("[pgvector] ").append(Runtime.getRuntime().availableProcessors()).append(" processors, ").append(N)
        .append(" random 384-d vectors (9,900 of one user, 100 of another), HNSW m=")
        .append(PgVectorSettings.DEFAULT_M).append(" ef_construction=").append(PgVectorSettings.DEFAULT_EF_CONSTRUCTION)
        .append(", pool of ").append(backend.settings().poolSize()).append(":\n");
    long t0 = System.nanoTime();
    for (int from = 0; from < N; from += 500) {
      await(backend.upsert(data.subList(from, from + 500)));
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    LOG.append(String.format("  upsert, batches of 500 (one transaction each), HNSW maintained: %.0f vectors/s%n", N / secs));
    assertThat(await(backend.count())).isEqualTo(N);
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute("ANALYZE " + TABLE); // what autovacuum does soon after such a load
    }
  }

  private static PgVectorSettings settings(int exactBelow) {
    return new PgVectorSettings(null, 3, exactBelow, PgVectorSettings.DEFAULT_EF_SEARCH, PgVectorSettings.DEFAULT_M,
        PgVectorSettings.DEFAULT_EF_CONSTRUCTION);
  }

  @AfterAll
  static void close() throws Exception {
    System.out.print(LOG);
    try {
      if (backend != null) {
        backend.close();
      }
      if (graph != null) {
        graph.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  @Test
  void aLargeUserWalksTheGraphAndASmallOneIsScannedExactly() throws Exception {
    try (Connection c = graph.pool().getConnection()) {
      assertThat(graph.choosePath(c, query(OWNER, QUERIES.get(0), 10))).isEqualTo(SearchPath.HNSW);
      assertThat(graph.choosePath(c, query(TENANT, QUERIES.get(0), 10))).isEqualTo(SearchPath.EXACT);
    }
    try (Connection c = backend.pool().getConnection()) {
      assertThat(backend.choosePath(c, query(OWNER, QUERIES.get(0), 10))).as("9,900 <= exact-below").isEqualTo(SearchPath.EXACT);
    }
    List<String> ownerPlan = graph.plan(query(OWNER, QUERIES.get(0), 10), SearchPath.HNSW);
    assertThat(String.join("\n", ownerPlan)).contains("Index Scan using " + TABLE + "_hnsw_idx");
    List<String> tenantExact = backend.plan(query(TENANT, QUERIES.get(0), 10), SearchPath.EXACT);
    assertThat(String.join("\n", tenantExact)).doesNotContain("_hnsw_idx").contains(TABLE + "_user_model_idx");
    List<String> tenantHnsw = backend.plan(query(TENANT, QUERIES.get(0), 10), SearchPath.HNSW);
    LOG.append("  plan of the graph query for the 1% user (exact-below = 0), as PostgreSQL chose it:\n    ")
        .append(String.join("\n    ", tenantHnsw)).append('\n');
  }

  /**
   * The 1% user's recall@10 on each path. The exact path and the HNSW query (which PostgreSQL's
   * planner answers from the btree for so small a user) are exact. Forced onto the graph (no
   * sort, no bitmap), the filtered walk returns k rows and finds the true ten only because the
   * iterative scan goes on past the first {@code ef_search} candidates; without it, it returns a
   * fraction of k (logged: the trap FINDINGS describes).
   */
  @Test
  void theOnePercentUserGetsTheTrueTopTenOnEveryPath() throws Exception {
    double exact = 0;
    double planner = 0;
    double walked = 0;
    double walkedHits = 0;
    double withoutIterative = 0;
    try (PgVectorBackend hnswOnly = PgVectorBackend.open(database.url(), TABLE, DIM, settings(0));
        Connection c = backend.pool().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // For this transaction only: the planner may not sort or use a bitmap, so the graph it is.
        s.execute("SET LOCAL enable_sort = off");
        s.execute("SET LOCAL enable_bitmapscan = off");
        s.execute("SET LOCAL enable_seqscan = off");
        assertThat(String.join("\n", backend.plan(c, query(TENANT, QUERIES.get(0), 10), SearchPath.HNSW)))
            .as("the forced plan walks the graph").contains("Index Scan using " + TABLE + "_hnsw_idx");
        for (float[] q : QUERIES.subList(0, 50)) {
          List<UUID> truth = bruteForce(RENTED, q, 10);
          List<VectorHit> e = await(backend.search(query(TENANT, q, 10)));
          List<VectorHit> p = await(hnswOnly.search(query(TENANT, q, 10)));
          List<VectorHit> w = backend.searchOn(c, query(TENANT, q, 10), SearchPath.HNSW);
          assertThat(e).hasSize(10);
          assertThat(p).hasSize(10);
          assertThat(w).as("k honoured by the filtered graph walk").hasSize(10);
          assertOwn(w);
          exact += recall(e, truth);
          planner += recall(p, truth);
          walked += recall(w, truth);
          walkedHits += w.size();
        }
        s.execute("SET LOCAL hnsw.iterative_scan = off");
        for (float[] q : QUERIES.subList(0, 50)) {
          List<VectorHit> w = backend.searchOn(c, query(TENANT, q, 10), SearchPath.HNSW);
          assertOwn(w);
          withoutIterative += w.size();
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
    LOG.append(String.format("  recall@10 of the 1%% user over 50 queries: exact path %.3f; graph query with exact-below 0 "
        + "(planner's choice) %.3f; forced filtered graph walk %.3f (%.1f rows of 10); the same walk without "
        + "iterative scan returns %.1f rows of 10%n", exact / 50, planner / 50, walked / 50, walkedHits / 50,
        withoutIterative / 50));
    assertThat(exact / 50).isEqualTo(1.0);
    assertThat(planner / 50).isEqualTo(1.0);
    assertThat(walked / 50).as("recall@10 of the forced graph walk").isGreaterThanOrEqualTo(0.95);
  }

  private static void assertOwn(List<VectorHit> hits) {
    Set<UUID> own = new HashSet<>();
    RENTED.forEach(r -> own.add(r.chunkId()));
    assertThat(hits).extracting(VectorHit::chunkId).allMatch(own::contains, "the tenant's own chunk");
  }

  /** Figures only: search rates on both paths, the large user's recall, and what one write costs. */
  @Test
  void logsSearchRatesAndWriteLatency() throws Exception {
    double ownerRecall = 0;
    for (float[] q : QUERIES.subList(0, 100)) {
      List<VectorHit> hits = await(graph.search(query(OWNER, q, 10)));
      assertThat(hits).hasSize(10);
      ownerRecall += recall(hits, bruteForce(OWNED, q, 10));
    }
    LOG.append(String.format("  recall@10 of the 99%% user on the graph (ef_search %d, random vectors: the hard case): %.3f%n",
        PgVectorSettings.DEFAULT_EF_SEARCH, ownerRecall / 100));
    searchRate(graph, OWNER, 1, "99% user (HNSW), 1 caller        ");
    searchRate(graph, OWNER, 2, "99% user (HNSW), 2 callers       ");
    searchRate(backend, OWNER, 1, "99% user (exact, 9,900), 1 caller");
    searchRate(backend, TENANT, 1, "1% user (exact, 100), 1 caller   ");
    searchRate(backend, TENANT, 2, "1% user (exact, 100), 2 callers  ");

    Random rnd = new Random(22);
    UUID writer = UUID.randomUUID();
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      await(backend.upsert(List.of(record(writer, UUID.randomUUID(), null, unit(rnd)))));
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    LOG.append(String.format("  100 one-vector upserts, one after another: %.1f ms each%n", secs * 10));
    List<CompletableFuture<Void>> together = new ArrayList<>();
    t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      together.add(backend.upsert(List.of(record(writer, UUID.randomUUID(), null, unit(rnd)))).toCompletableFuture());
    }
    CompletableFuture.allOf(together.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    secs = (System.nanoTime() - t0) / 1e9;
    LOG.append(String.format("  100 one-vector upserts submitted at once: %.1f ms in all (one transaction each)%n",
        secs * 1000));
    assertThat(await(backend.deleteBySource(writer, UUID.randomUUID()))).isZero();
  }

  private static void searchRate(PgVectorBackend backend, UUID user, int callers, String label) throws Exception {
    for (float[] q : QUERIES.subList(0, 30)) { // warm-up
      assertThat(await(backend.search(query(user, q, 10)))).hasSize(10);
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      long t0 = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        done.add(pool.submit(() -> {
          int found = 0;
          for (float[] q : QUERIES) {
            found += await(backend.search(query(user, q, 10))).size();
          }
          return found;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(QUERIES.size() * 10);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      LOG.append(String.format("  search k=10, %s: %.0f queries/s%n", label, callers * QUERIES.size() / secs));
    } finally {
      pool.shutdownNow();
    }
  }
}
