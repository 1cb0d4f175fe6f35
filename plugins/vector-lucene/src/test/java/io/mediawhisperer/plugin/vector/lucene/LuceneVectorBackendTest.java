package io.mediawhisperer.plugin.vector.lucene;

import static io.mediawhisperer.spi.vector.VectorBackendContract.DIM;
import static io.mediawhisperer.spi.vector.VectorBackendContract.MODEL;
import static io.mediawhisperer.spi.vector.VectorBackendContract.await;
import static io.mediawhisperer.spi.vector.VectorBackendContract.bruteForce;
import static io.mediawhisperer.spi.vector.VectorBackendContract.failureOf;
import static io.mediawhisperer.spi.vector.VectorBackendContract.query;
import static io.mediawhisperer.spi.vector.VectorBackendContract.recall;
import static io.mediawhisperer.spi.vector.VectorBackendContract.record;
import static io.mediawhisperer.spi.vector.VectorBackendContract.records;
import static io.mediawhisperer.spi.vector.VectorBackendContract.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorQuery;
import io.mediawhisperer.spi.vector.VectorRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract kit cannot know about: settings, commits, the on-disk format, threads. */
class LuceneVectorBackendTest {

  @TempDir
  Path dir;

  private static LuceneVectorBackend open(Path dir, int dimension, int searchWidth, int exactBelow) throws IOException {
    return LuceneVectorBackend.open(dir, dimension, new LuceneVectorSettings(searchWidth, exactBelow, 2));
  }

  private static LuceneVectorBackend openDefault(Path dir) throws IOException {
    return LuceneVectorBackend.open(dir, DIM, LuceneVectorSettings.defaults());
  }

  /** Live documents in the last commit on disk, read without the backend. */
  private static int committedDocs(Path dir) throws IOException {
    try (Directory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
      return r.numDocs();
    }
  }

  private static long commitGeneration(Path dir) throws IOException {
    try (Directory d = FSDirectory.open(dir)) {
      return SegmentInfos.readLatestCommit(d).getGeneration();
    }
  }

  @Test
  void providerIsFoundByNameAndReadsItsSettings() throws Exception {
    VectorBackendProvider provider = NamedPlugins.load(VectorBackendProvider.class, getClass().getClassLoader())
        .get("lucene");
    assertThat(provider).isInstanceOf(LuceneVectorBackendProvider.class);
    PluginSettings settings = new PluginSettings(Map.of("search-width", "40", "exact-below", "7", "search-threads", "3"));
    try (VectorBackend b = provider.open(new VectorBackendContext(dir, null, DIM, settings))) {
      assertThat(((LuceneVectorBackend) b).settings()).isEqualTo(new LuceneVectorSettings(40, 7, 3));
      assertThat(await(b.count())).isZero();
    }
    assertThat(LuceneVectorSettings.from(PluginSettings.empty()).searchWidth()).isEqualTo(LuceneVectorSettings.DEFAULT_SEARCH_WIDTH);
    assertThat(LuceneVectorSettings.from(PluginSettings.empty()).exactBelow()).isEqualTo(LuceneVectorSettings.DEFAULT_EXACT_BELOW);
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    VectorBackendProvider provider = new LuceneVectorBackendProvider();
    for (Map.Entry<String, String> bad : List.of(Map.entry("search-width", "wide"), Map.entry("search-width", "0"),
        Map.entry("exact-below", "-1"), Map.entry("search-threads", "0"))) {
      VectorBackendContext context = new VectorBackendContext(dir, null, DIM, new PluginSettings(Map.ofEntries(bad)));
      assertThatThrownBy(() -> provider.open(context)).as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad.getKey() + "'");
    }
    assertThatThrownBy(() -> provider.open(new VectorBackendContext(dir, null, 0, PluginSettings.empty())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
    assertThatThrownBy(() -> provider.open(new VectorBackendContext(dir, null, 5000, PluginSettings.empty())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
  }

  @Test
  void aCompletedWriteIsAlreadyCommittedToDisk() throws Exception {
    try (LuceneVectorBackend b = openDefault(dir)) {
      Random rnd = new Random(1);
      UUID user = UUID.randomUUID();
      UUID source = UUID.randomUUID();
      assertThat(committedDocs(dir)).isZero();
      await(b.upsert(records(rnd, user, source, null, 12)));
      assertThat(committedDocs(dir)).as("upsert committed before its stage completed").isEqualTo(12);
      await(b.upsert(records(rnd, user, UUID.randomUUID(), null, 3)));
      assertThat(await(b.deleteBySource(user, source))).isEqualTo(12);
      assertThat(committedDocs(dir)).as("delete committed before its stage completed").isEqualTo(3);
    }
  }

  @Test
  void writesApplyInOrderAndADeleteSeesTheWritesBeforeIt() throws Exception {
    try (LuceneVectorBackend b = openDefault(dir)) {
      Random rnd = new Random(2);
      UUID user = UUID.randomUUID();
      UUID source = UUID.randomUUID();
      UUID chunk = UUID.randomUUID();
      float[] first = unit(rnd);
      float[] second = unit(rnd);
      // Submitted together without waiting: they run in this order, and may share one commit.
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

  /**
   * Why {@code search-width} exists: on 6,000 random 384-d vectors (the hardest case for a graph;
   * real embeddings are easier), one user owning them all and {@code exact-below = 0}, asking
   * HNSW for k=10 finds far fewer of the true ten than asking for the default width and cutting.
   * The default settings scan this user exactly (6,000 is under {@code exact-below}).
   */
  @Test
  void searchWidthMakesTheGraphSearchAccurateAndExactBelowMakesItExact() throws Exception {
    Random rnd = new Random(3);
    UUID user = UUID.randomUUID();
    List<VectorRecord> data = records(rnd, user, UUID.randomUUID(), null, 6000);
    try (LuceneVectorBackend b = openDefault(dir)) {
      for (int from = 0; from < data.size(); from += 500) {
        await(b.upsert(data.subList(from, from + 500)));
      }
    }
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      queries.add(unit(rnd));
    }
    double narrow = meanRecall(open(dir, DIM, 10, 0), user, data, queries);
    double wide = meanRecall(open(dir, DIM, LuceneVectorSettings.DEFAULT_SEARCH_WIDTH, 0), user, data, queries);
    double exact = meanRecall(openDefault(dir), user, data, queries);
    System.out.printf("[lucene] recall@10, 6000 random 384-d vectors: search-width 10 -> %.3f, %d -> %.3f, "
        + "exact-below %d -> %.3f%n", narrow, LuceneVectorSettings.DEFAULT_SEARCH_WIDTH, wide,
        LuceneVectorSettings.DEFAULT_EXACT_BELOW, exact);
    assertThat(wide).isGreaterThanOrEqualTo(0.85).isGreaterThan(narrow + 0.1);
    assertThat(exact).isEqualTo(1.0);
  }

  private static double meanRecall(LuceneVectorBackend b, UUID user, List<VectorRecord> data, List<float[]> queries)
      throws Exception {
    try (b) {
      double sum = 0;
      for (float[] q : queries) {
        List<VectorHit> hits = await(b.search(query(user, q, 10)));
        assertThat(hits).hasSize(10);
        sum += recall(hits, bruteForce(data, q, 10));
      }
      return sum / queries.size();
    }
  }

  @Test
  void dimensionsAbove1024AreStoredInTheStandardFormat() throws Exception {
    int dim = 1536;
    Random rnd = new Random(4);
    UUID user = UUID.randomUUID();
    List<VectorRecord> data = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      data.add(record(user, UUID.randomUUID(), null, unit(rnd, dim)));
    }
    try (LuceneVectorBackend b = LuceneVectorBackend.open(dir, dim, LuceneVectorSettings.defaults())) {
      await(b.upsert(data));
    }
    // Lucene's own default codec reads it: nothing of this module is needed to open the index.
    try (Directory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
      int vectors = 0;
      for (LeafReaderContext leaf : r.leaves()) {
        FloatVectorValues values = leaf.reader().getFloatVectorValues(LuceneVectorBackend.VECTOR);
        assertThat(values.dimension()).isEqualTo(dim);
        vectors += values.size();
      }
      assertThat(vectors).isEqualTo(150);
    }
    try (LuceneVectorBackend b = open(dir, dim, LuceneVectorSettings.DEFAULT_SEARCH_WIDTH, 0)) {
      VectorRecord target = data.get(77);
      List<VectorHit> hits = await(b.search(query(user, target.vector(), 5)));
      assertThat(hits).hasSize(5);
      assertThat(hits.get(0).chunkId()).isEqualTo(target.chunkId());
    }
  }

  @Test
  void reopeningWithAnotherDimensionFailsClearly() throws Exception {
    try (LuceneVectorBackend b = openDefault(dir)) {
      await(b.upsert(records(new Random(5), UUID.randomUUID(), UUID.randomUUID(), null, 3)));
    }
    assertThatThrownBy(() -> LuceneVectorBackend.open(dir, 768, LuceneVectorSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("384").hasMessageContaining("768").hasMessageContaining(dir.toString());
    try (LuceneVectorBackend b = openDefault(dir)) {
      assertThat(await(b.count())).as("the refused open left the index as it was").isEqualTo(3);
    }
  }

  @Test
  void aSecondBackendOnTheSameDirectoryIsRefused() throws Exception {
    try (LuceneVectorBackend b = openDefault(dir)) {
      assertThatThrownBy(() -> openDefault(dir)).isInstanceOf(IOException.class).hasMessageContaining("already open");
      assertThat(await(b.count())).isZero();
    }
  }

  @Test
  void vectorsAreCheckedAndScaledToUnitLength() throws Exception {
    try (LuceneVectorBackend b = openDefault(dir)) {
      Random rnd = new Random(6);
      UUID user = UUID.randomUUID();
      float[] v = unit(rnd);
      float[] longer = v.clone();
      for (int i = 0; i < longer.length; i++) {
        longer[i] *= 3;
      }
      VectorRecord r = record(user, UUID.randomUUID(), null, longer);
      await(b.upsert(List.of(r)));
      assertThat(longer[0]).as("the caller's array is not modified").isEqualTo(v[0] * 3);
      List<VectorHit> hits = await(b.search(query(user, v, 1)));
      assertThat(hits.get(0).score()).isCloseTo(1f, offset(1e-3f));

      float[] nan = unit(rnd);
      nan[5] = Float.NaN;
      assertThat(failureOf(() -> b.upsert(List.of(record(user, UUID.randomUUID(), null, nan)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
      assertThat(failureOf(() -> b.search(query(user, new float[DIM], 3))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zeros");
      assertThat(failureOf(() -> b.upsert(List.of(new VectorRecord(UUID.randomUUID(), user, UUID.randomUUID(), null, " ", v)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
      assertThat(failureOf(() -> b.upsert(List.of(new VectorRecord(UUID.randomUUID(), null, UUID.randomUUID(), null, MODEL, v)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
      assertThat(failureOf(() -> b.search(new VectorQuery(null, MODEL, v, 3, null, null))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
      assertThat(await(b.count())).isEqualTo(1);
    }
  }

  @Test
  void closeWaitsForAcceptedWritesStopsItsThreadsAndLaterCallsFail() throws Exception {
    LuceneVectorBackend b = openDefault(dir);
    String prefix = b.threadPrefix();
    Random rnd = new Random(7);
    UUID user = UUID.randomUUID();
    List<CompletionStage<Void>> accepted = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      accepted.add(b.upsert(records(rnd, user, UUID.randomUUID(), null, 10)));
    }
    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith(prefix));
    b.close();
    for (CompletionStage<Void> s : accepted) {
      assertThat(s.toCompletableFuture()).isCompleted();
      await(s);
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        t.join(10_000); // a pool's worker may still be returning from its last task
        assertThat(t.isAlive()).as("thread %s after close", t.getName()).isFalse();
      }
    }
    b.close(); // idempotent

    assertThat(failureOf(() -> b.upsert(records(rnd, user, UUID.randomUUID(), null, 1))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(failureOf(() -> b.search(query(user, unit(rnd), 3)))).isInstanceOf(IllegalStateException.class);
    assertThat(failureOf(b::count)).isInstanceOf(IllegalStateException.class);
    assertThat(failureOf(() -> b.deleteBySource(user, UUID.randomUUID()))).isInstanceOf(IllegalStateException.class);

    assertThat(committedDocs(dir)).as("everything accepted before close is on disk").isEqualTo(200);
  }

  /**
   * Figures for the lead to quote (logged, never asserted): indexing and search throughput on
   * 20,000 random 384-d vectors, and what durability costs per write.
   */
  @Test
  void logsThroughput() throws Exception {
    int n = 20_000;
    Random rnd = new Random(8);
    UUID owner = UUID.randomUUID();
    UUID tenant = UUID.randomUUID();
    List<VectorRecord> data = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      data.add(record(i % 100 == 0 ? tenant : owner, UUID.randomUUID(), null, unit(rnd)));
    }
    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      queries.add(unit(rnd));
    }
    StringBuilder log = new StringBuilder("[lucene] throughput, " + Runtime.getRuntime().availableProcessors()
        + " processors, " + n + " random 384-d vectors (19,800 of one user, 200 of another):\n");
    try (LuceneVectorBackend b = openDefault(dir)) {
      long t0 = System.nanoTime();
      for (int from = 0; from < n; from += 500) {
        await(b.upsert(data.subList(from, from + 500)));
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      log.append(String.format("  indexing, batches of 500 (one commit each): %.0f vectors/s%n", n / secs));
      assertThat(await(b.count())).isEqualTo(n);
    }
    // Reopened, so that background merges are done and the figures are the steady state's.
    try (LuceneVectorBackend b = openDefault(dir)) {
      searchRate(b, owner, queries, 1, log, "large user (HNSW, width 100), 1 caller ");
      searchRate(b, owner, queries, 2, log, "large user (HNSW, width 100), 2 callers");
      searchRate(b, tenant, queries, 1, log, "1% user (exact scan), 1 caller       ");
      searchRate(b, tenant, queries, 2, log, "1% user (exact scan), 2 callers      ");

      UUID writer = UUID.randomUUID();
      long gen0 = commitGeneration(dir);
      long t0 = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        await(b.upsert(List.of(record(writer, UUID.randomUUID(), null, unit(rnd)))));
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long gen1 = commitGeneration(dir);
      log.append(String.format("  100 one-vector upserts, one after another: %.1f ms each (%d commits)%n",
          secs * 10, gen1 - gen0));
      List<CompletableFuture<Void>> together = new ArrayList<>();
      t0 = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        together.add(b.upsert(List.of(record(writer, UUID.randomUUID(), null, unit(rnd)))).toCompletableFuture());
      }
      CompletableFuture.allOf(together.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      secs = (System.nanoTime() - t0) / 1e9;
      long gen2 = commitGeneration(dir);
      log.append(String.format("  100 one-vector upserts submitted at once: %.1f ms in all (%d commits: group commit)%n",
          secs * 1000, gen2 - gen1));
      assertThat(await(b.count())).isEqualTo(n + 200);
    }
    System.out.print(log);
  }

  private static void searchRate(LuceneVectorBackend b, UUID user, List<float[]> queries, int callers,
      StringBuilder log, String label) throws Exception {
    for (float[] q : queries.subList(0, 50)) { // warm-up
      assertThat(await(b.search(query(user, q, 10)))).hasSize(10);
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      long t0 = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        done.add(pool.submit(() -> {
          int found = 0;
          for (float[] q : queries) {
            found += await(b.search(query(user, q, 10))).size();
          }
          return found;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(queries.size() * 10);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      log.append(String.format("  search k=10, %s: %.0f queries/s%n", label, callers * queries.size() / secs));
    } finally {
      pool.shutdownNow();
    }
  }
}
