package io.mediawhisperer.spi.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.offset;

import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link VectorBackend} keeps, as tests. An implementation's test class extends
 * this one and supplies {@link #open(Path, int)}; every test here then runs against it, unchanged.
 *
 * <p>The hook: {@code open(dir, dimension)} opens the backend under test on a store identified by
 * {@code dir}. The same {@code dir} must reach the same store (the persistence test closes a
 * backend and opens {@code dir} again); a {@code dir} never seen before must be an empty store.
 * An on-disk index keeps its files in {@code dir}; a database-backed implementation derives its
 * own namespace from it (for example a schema or table named after {@code dir.getFileName()}, in a
 * database the test class starts once) and ignores the directory otherwise. Every test gets a fresh
 * {@code dir}; the kit closes whatever it opened.
 *
 * <p>Vectors are of dimension {@value #DIM} (the corpus's MiniLM embeddings), unit length, and
 * generated from fixed seeds, so a failure reproduces. No test asserts a timing.
 */
public abstract class VectorBackendContract {

  /** The dimension of every vector in the kit (that of the real embeddings in the corpus). */
  public static final int DIM = 384;
  public static final String MODEL = "all-minilm-l6-v2";
  /** Longest wait for one stage; a backend that takes longer is broken, not slow. */
  private static final long STAGE_TIMEOUT_SECONDS = 60;
  private static final float SCORE_TOLERANCE = 1e-3f;

  @TempDir
  protected Path dir;

  private final List<VectorBackend> opened = new ArrayList<>();

  /**
   * Opens the backend under test on the store named by {@code dir} (see the class comment). Called
   * more than once per test when a test reopens the same store.
   */
  protected abstract VectorBackend open(Path dir, int dimension) throws Exception;

  /** Where the shared test corpus is (test-support's {@link Corpus}: ../shared/corpus beside the checkout, or -Dmw.corpus). */
  protected Path corpus() {
    return Corpus.location();
  }

  @AfterEach
  void closeEverythingOpened() throws Exception {
    Exception failure = null;
    for (VectorBackend b : opened) {
      try {
        b.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Whether the backend under test ranks text (SPI 0.6). False here: the kit holds the backend to
   * refusing text search honestly. A backend that ranks text extends {@link TextRankingContract},
   * which answers true and adds the text rules.
   */
  protected boolean ranksText() {
    return false;
  }

  // ------------------------------------------------------------------ basic behaviour

  @Test
  void itsTextRankingClaimIsHonest() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    VectorRecord r = new VectorRecord(UUID.randomUUID(), user, UUID.randomUUID(), null, MODEL, unit(new Random(40)),
        "the quick brown fox jumps over the lazy dog");
    await(b.upsert(List.of(r)));
    TextQuery fox = new TextQuery(user, MODEL, "brown fox", 5, null, null);
    assertThat(b.ranksText()).as("ranksText() once every stored record has its text").isEqualTo(ranksText());
    if (ranksText()) {
      assertThat(ids(await(b.textSearch(fox)))).containsExactly(r.chunkId());
    } else {
      assertThat(failureOf(() -> b.textSearch(fox))).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void emptyStoreFindsNothingCountsZeroAndDeletesNothing() throws Exception {
    VectorBackend b = backend();
    assertThat(await(b.search(query(UUID.randomUUID(), unit(new Random(1)), 10)))).isEmpty();
    assertThat(await(b.count())).isZero();
    assertThat(await(b.deleteBySource(UUID.randomUUID(), UUID.randomUUID()))).isZero();
    await(b.upsert(List.of()));
    assertThat(await(b.count())).isZero();
  }

  @Test
  void upsertedVectorIsFoundByTheNextSearchWithScoreOne() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(2);
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(record(user, source, null, unit(rnd)));
    }
    await(b.upsert(records));
    assertThat(await(b.count())).isEqualTo(20);

    for (VectorRecord r : records) {
      List<VectorHit> hits = await(b.search(query(user, r.vector(), 3)));
      assertThat(hits).hasSize(3);
      assertThat(hits.get(0).chunkId()).isEqualTo(r.chunkId());
      assertThat(hits.get(0).sourceId()).isEqualTo(source);
      assertThat(hits.get(0).score()).isCloseTo(1f, offset(SCORE_TOLERANCE));
      assertSortedByScore(hits);
    }
  }

  @Test
  void scoresAreCosineSimilarities() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(3);
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    float[] v = unit(rnd);
    List<VectorRecord> records = new ArrayList<>();
    records.add(record(user, source, null, v));
    records.add(record(user, source, null, negate(v)));
    for (int i = 0; i < 8; i++) {
      records.add(record(user, source, null, unit(rnd)));
    }
    await(b.upsert(records));
    float[] q = unit(rnd);
    List<VectorHit> hits = await(b.search(query(user, q, 10)));
    assertThat(hits).hasSize(10);
    assertSortedByScore(hits);
    Map<UUID, float[]> byId = vectorsById(records);
    for (VectorHit h : hits) {
      assertThat(h.score()).as("score of %s", h.chunkId())
          .isCloseTo(dot(q, byId.get(h.chunkId())), offset(SCORE_TOLERANCE));
    }
    List<VectorHit> opposite = await(b.search(query(user, v, 10)));
    assertThat(opposite.get(0).score()).isCloseTo(1f, offset(SCORE_TOLERANCE));
    assertThat(opposite.get(9).chunkId()).isEqualTo(records.get(1).chunkId());
    assertThat(opposite.get(9).score()).isCloseTo(-1f, offset(SCORE_TOLERANCE));
  }

  @Test
  void reupsertReplacesTheVectorAndItsMetadata() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(4);
    UUID user = UUID.randomUUID();
    UUID oldSource = UUID.randomUUID();
    UUID newSource = UUID.randomUUID();
    List<VectorRecord> others = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      others.add(record(user, oldSource, null, unit(rnd)));
    }
    UUID chunk = UUID.randomUUID();
    float[] first = unit(rnd);
    float[] second = unit(rnd);
    // Written in the same batch as others, so that (in an index of segments) the replaced version
    // lies among live vectors rather than alone.
    await(b.upsert(concat(others, List.of(new VectorRecord(chunk, user, oldSource, null, MODEL, first)))));
    assertThat(await(b.count())).isEqualTo(11);

    await(b.upsert(List.of(new VectorRecord(chunk, user, newSource, null, MODEL, second))));
    assertThat(await(b.count())).as("a re-upsert replaces, it does not add").isEqualTo(11);

    List<VectorHit> hits = await(b.search(query(user, second, 11)));
    assertThat(hits.get(0).chunkId()).isEqualTo(chunk);
    assertThat(hits.get(0).sourceId()).isEqualTo(newSource);
    assertThat(hits.get(0).score()).isCloseTo(1f, offset(SCORE_TOLERANCE));
    assertThat(hits).extracting(VectorHit::chunkId).doesNotHaveDuplicates();

    List<VectorHit> byOld = await(b.search(query(user, first, 11)));
    VectorHit replaced = byOld.stream().filter(h -> h.chunkId().equals(chunk)).findFirst().orElseThrow();
    assertThat(replaced.score()).as("the old vector is gone: the chunk scores as the new one")
        .isCloseTo(dot(first, second), offset(SCORE_TOLERANCE));
    assertThat(byOld).extracting(VectorHit::chunkId).doesNotHaveDuplicates();

    assertThat(await(b.deleteBySource(user, oldSource))).as("the chunk moved to the new source").isEqualTo(10);
    assertThat(await(b.count())).isEqualTo(1);

    // Within one batch, the last record for a chunk id wins.
    float[] third = unit(rnd);
    await(b.upsert(List.of(new VectorRecord(chunk, user, newSource, null, MODEL, first),
        new VectorRecord(chunk, user, newSource, null, MODEL, third))));
    assertThat(await(b.count())).isEqualTo(1);
    assertThat(await(b.search(query(user, third, 1))).get(0).score())
        .isCloseTo(1f, offset(SCORE_TOLERANCE));
  }

  @Test
  void deleteBySourceRemovesOnlyThatSourceOfThatUser() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(5);
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    UUID s1 = UUID.randomUUID();
    UUID s2 = UUID.randomUUID();
    List<VectorRecord> aliceS1 = records(rnd, alice, s1, null, 7);
    List<VectorRecord> aliceS2 = records(rnd, alice, s2, null, 5);
    List<VectorRecord> bobS1 = records(rnd, bob, s1, null, 4); // same source id, other user
    await(b.upsert(concat(aliceS1, aliceS2, bobS1)));
    assertThat(await(b.count())).isEqualTo(16);

    assertThat(await(b.deleteBySource(alice, s1))).isEqualTo(7);
    assertThat(await(b.count())).isEqualTo(9);
    assertThat(await(b.deleteBySource(alice, s1))).as("deleting again").isZero();
    assertThat(await(b.deleteBySource(alice, UUID.randomUUID()))).as("an unknown source").isZero();

    List<VectorHit> aliceHits = await(b.search(query(alice, aliceS1.get(0).vector(), 50)));
    assertThat(aliceHits).extracting(VectorHit::chunkId).containsExactlyInAnyOrderElementsOf(ids(aliceS2));
    List<VectorHit> bobHits = await(b.search(query(bob, aliceS1.get(0).vector(), 50)));
    assertThat(bobHits).extracting(VectorHit::chunkId).containsExactlyInAnyOrderElementsOf(ids(bobS1));
  }

  @Test
  void chunkIdsPageThroughEveryStoredChunkInStringOrder() throws Exception {
    VectorBackend b = backend();
    assertThat(await(b.chunkIds(null, 10))).as("an empty store").isEmpty();
    Random rnd = new Random(30);
    List<VectorRecord> all = concat(records(rnd, UUID.randomUUID(), UUID.randomUUID(), null, 23),
        records(rnd, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 11));
    List<VectorRecord> otherModel = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      otherModel.add(new VectorRecord(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "another-model", unit(rnd)));
    }
    await(b.upsert(concat(all, otherModel)));
    // replacing and deleting: the listing shows live vectors only, once each
    await(b.upsert(List.of(new VectorRecord(all.get(0).chunkId(), all.get(0).userId(), all.get(0).sourceId(), null, MODEL, unit(rnd)))));
    await(b.deleteBySource(all.get(30).userId(), all.get(30).sourceId()));
    List<String> expected = concat(all.subList(0, 23), otherModel).stream().map(r -> r.chunkId().toString()).sorted().toList();

    for (int pageSize : new int[] {1, 5, 26, 1000}) {
      List<UUID> listed = new ArrayList<>();
      UUID after = null;
      for (List<UUID> page = await(b.chunkIds(null, pageSize)); !page.isEmpty(); page = await(b.chunkIds(after, pageSize))) {
        assertThat(page.size()).isLessThanOrEqualTo(pageSize);
        listed.addAll(page);
        after = page.get(page.size() - 1);
      }
      assertThat(listed.stream().map(UUID::toString).toList()).as("pages of %d", pageSize).containsExactlyElementsOf(expected);
    }
    UUID middle = UUID.fromString(expected.get(10));
    assertThat(await(b.chunkIds(middle, 2))).extracting(UUID::toString).containsExactly(expected.get(11), expected.get(12));
    assertThat(failureOf(() -> b.chunkIds(null, 0))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deleteChunksRemovesExactlyThoseVectorsOfAnyUser() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(31);
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    List<VectorRecord> aliceRecords = records(rnd, alice, UUID.randomUUID(), null, 6);
    List<VectorRecord> bobRecords = records(rnd, bob, UUID.randomUUID(), null, 4);
    await(b.upsert(concat(aliceRecords, bobRecords)));
    List<UUID> gone = List.of(aliceRecords.get(0).chunkId(), aliceRecords.get(3).chunkId(), bobRecords.get(1).chunkId(),
        UUID.randomUUID());
    assertThat(await(b.deleteChunks(gone))).as("the unknown id counts nothing").isEqualTo(3);
    assertThat(await(b.count())).isEqualTo(7);
    assertThat(await(b.deleteChunks(gone))).as("deleting again").isZero();
    assertThat(await(b.deleteChunks(List.of()))).isZero();
    assertThat(await(b.search(query(alice, aliceRecords.get(0).vector(), 10)))).extracting(VectorHit::chunkId)
        .containsExactlyInAnyOrder(aliceRecords.get(1).chunkId(), aliceRecords.get(2).chunkId(), aliceRecords.get(4).chunkId(),
            aliceRecords.get(5).chunkId());
    assertThat(await(b.search(query(bob, bobRecords.get(1).vector(), 10)))).extracting(VectorHit::chunkId)
        .doesNotContain(bobRecords.get(1).chunkId()).hasSize(3);
    assertThat(await(b.chunkIds(null, 100))).doesNotContainAnyElementsOf(gone).hasSize(7);
  }

  @Test
  void kLargerThanTheDataReturnsEverythingBestFirst() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(6);
    UUID user = UUID.randomUUID();
    List<VectorRecord> mine = records(rnd, user, UUID.randomUUID(), null, 7);
    await(b.upsert(concat(mine, records(rnd, UUID.randomUUID(), UUID.randomUUID(), null, 30))));
    float[] q = unit(rnd);
    List<VectorHit> hits = await(b.search(query(user, q, 1000)));
    assertThat(hits).extracting(VectorHit::chunkId).containsExactlyInAnyOrderElementsOf(ids(mine));
    assertSortedByScore(hits);
    assertThat(hits).extracting(VectorHit::chunkId).containsExactlyElementsOf(bruteForce(mine, q, 1000));
  }

  @Test
  void dimensionMismatchFailsTheStageClearlyAndChangesNothing() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(7);
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    await(b.upsert(records(rnd, user, source, null, 3)));

    List<VectorRecord> mixed = new ArrayList<>(records(rnd, user, source, null, 2));
    mixed.add(new VectorRecord(UUID.randomUUID(), user, source, null, MODEL, new float[DIM - 1]));
    Throwable upsertFailure = failureOf(() -> b.upsert(mixed));
    assertThat(upsertFailure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(DIM)).hasMessageContaining(String.valueOf(DIM - 1));
    assertThat(await(b.count())).as("a batch with a bad vector writes nothing").isEqualTo(3);

    float[] tooLong = new float[DIM + 1];
    tooLong[0] = 1;
    Throwable searchFailure = failureOf(() -> b.search(query(user, tooLong, 5)));
    assertThat(searchFailure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(DIM)).hasMessageContaining(String.valueOf(DIM + 1));

    assertThat(await(b.search(query(user, unit(rnd), 5)))).as("the backend still works").hasSize(3);
  }

  // ------------------------------------------------------------------ filters

  @Test
  void sourceIdsFilterKeepsOnlyThoseSources() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(8);
    UUID user = UUID.randomUUID();
    UUID s1 = UUID.randomUUID();
    UUID s2 = UUID.randomUUID();
    UUID s3 = UUID.randomUUID();
    List<VectorRecord> r1 = records(rnd, user, s1, null, 6);
    List<VectorRecord> r2 = records(rnd, user, s2, null, 6);
    List<VectorRecord> r3 = records(rnd, user, s3, null, 6);
    await(b.upsert(concat(r1, r2, r3)));

    // The query is one of s2's vectors: the filter, not the similarity, must keep it out.
    float[] q = r2.get(0).vector();
    List<VectorHit> hits = await(b.search(new VectorQuery(user, MODEL, q, 100, Set.of(s1, s3), null)));
    assertThat(hits).extracting(VectorHit::chunkId).containsExactlyInAnyOrderElementsOf(ids(concat(r1, r3)));
    assertThat(hits).extracting(VectorHit::sourceId).containsOnly(s1, s3);

    List<VectorHit> one = await(b.search(new VectorQuery(user, MODEL, q, 3, Set.of(s3), null)));
    assertThat(one).extracting(VectorHit::chunkId).containsExactlyElementsOf(bruteForce(r3, q, 3));

    List<VectorHit> none = await(b.search(new VectorQuery(user, MODEL, q, 3, Set.of(UUID.randomUUID()), null)));
    assertThat(none).isEmpty();

    List<VectorHit> all = await(b.search(new VectorQuery(user, MODEL, q, 100, Set.of(), null)));
    assertThat(all).as("an empty set means every source").hasSize(18);
  }

  @Test
  void collectionIdFilterKeepsOnlyThatCollection() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(9);
    UUID user = UUID.randomUUID();
    UUID c1 = UUID.randomUUID();
    UUID c2 = UUID.randomUUID();
    List<VectorRecord> inC1 = concat(records(rnd, user, UUID.randomUUID(), c1, 4), records(rnd, user, UUID.randomUUID(), c1, 3));
    List<VectorRecord> inC2 = records(rnd, user, UUID.randomUUID(), c2, 5);
    List<VectorRecord> loose = records(rnd, user, UUID.randomUUID(), null, 5);
    await(b.upsert(concat(inC1, inC2, loose)));

    float[] q = inC2.get(0).vector();
    List<VectorHit> hits = await(b.search(new VectorQuery(user, MODEL, q, 100, null, c1)));
    assertThat(hits).extracting(VectorHit::chunkId).containsExactlyInAnyOrderElementsOf(ids(inC1));

    UUID firstSourceOfC1 = inC1.get(0).sourceId();
    List<VectorHit> both = await(b.search(new VectorQuery(user, MODEL, q, 100, Set.of(firstSourceOfC1, inC2.get(0).sourceId()), c1)));
    assertThat(both).as("collection and sources together").extracting(VectorHit::sourceId).containsOnly(firstSourceOfC1);
    assertThat(both).hasSize(4);

    assertThat(await(b.search(new VectorQuery(user, MODEL, q, 100, null, null)))).as("no collection: all").hasSize(17);
    assertThat(await(b.search(new VectorQuery(user, MODEL, q, 100, null, UUID.randomUUID())))).isEmpty();
  }

  @Test
  void modelFilterNeverMixesModels() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(10);
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    List<VectorRecord> modelA = records(rnd, user, source, null, 6);
    List<VectorRecord> modelB = new ArrayList<>();
    for (VectorRecord r : modelA) { // the very same vectors, under another model
      modelB.add(new VectorRecord(UUID.randomUUID(), user, source, null, "bge-small-en-v1.5", r.vector()));
    }
    await(b.upsert(concat(modelA, modelB)));
    assertThat(await(b.count())).isEqualTo(12);

    List<VectorHit> a = await(b.search(query(user, modelA.get(0).vector(), 100)));
    assertThat(a).extracting(VectorHit::chunkId).containsExactlyInAnyOrderElementsOf(ids(modelA));
    List<VectorHit> bHits = await(b.search(new VectorQuery(user, "bge-small-en-v1.5", modelA.get(0).vector(), 100, null, null)));
    assertThat(bHits).extracting(VectorHit::chunkId).containsExactlyInAnyOrderElementsOf(ids(modelB));
    assertThat(await(b.search(new VectorQuery(user, "another-model", modelA.get(0).vector(), 5, null, null)))).isEmpty();
  }

  // ------------------------------------------------------------------ isolation and recall

  /**
   * The filtered-search trap: one user holds 1% of 10,000 random vectors, three others the rest,
   * a fifth holds 5. The small users' results must be exactly the brute-force ones (recall@10 =
   * 1.0, k honoured, or all 5); nobody ever gets another user's vector, even when the query is an
   * exact copy of a foreign vector.
   */
  @Test
  void selectiveUserFilterIsExactAndNeverLeaks() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(11);
    UUID small = UUID.randomUUID();
    UUID tiny = UUID.randomUUID();
    UUID[] big = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
    List<VectorRecord> all = new ArrayList<>();
    Map<UUID, List<VectorRecord>> byUser = new HashMap<>();
    UUID[] sources = new UUID[200]; // 50 vectors per source
    for (int i = 0; i < sources.length; i++) {
      sources[i] = UUID.randomUUID();
    }
    for (int i = 0; i < 10_000; i++) {
      UUID user = i % 100 == 0 ? small : big[i % 3];
      VectorRecord r = record(user, sources[i / 50], null, unit(rnd));
      all.add(r);
      byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(r);
    }
    List<VectorRecord> tinyRecords = records(rnd, tiny, UUID.randomUUID(), null, 5);
    all.addAll(tinyRecords);
    byUser.put(tiny, tinyRecords);
    for (int from = 0; from < all.size(); from += 1000) {
      await(b.upsert(all.subList(from, Math.min(all.size(), from + 1000))));
    }
    assertThat(await(b.count())).isEqualTo(all.size());
    assertThat(byUser.get(small)).hasSize(100);

    List<float[]> queries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      queries.add(unit(rnd));
      queries.add(byUser.get(big[i % 3]).get(i * 7).vector()); // a foreign vector, verbatim
    }
    Set<UUID> smallIds = new HashSet<>(ids(byUser.get(small)));
    double recallSum = 0;
    for (float[] q : queries) {
      List<VectorHit> hits = await(b.search(query(small, q, 10)));
      assertThat(hits).as("k honoured").hasSize(10);
      assertThat(hits).extracting(VectorHit::chunkId).allMatch(smallIds::contains, "the user's own chunk");
      recallSum += recall(hits, bruteForce(byUser.get(small), q, 10));

      List<VectorHit> tinyHits = await(b.search(query(tiny, q, 10)));
      assertThat(tinyHits).extracting(VectorHit::chunkId).containsExactlyElementsOf(bruteForce(tinyRecords, q, 10));
    }
    assertThat(recallSum / queries.size()).as("recall@10 of the 1% user").isEqualTo(1.0);

    for (UUID user : big) {
      Set<UUID> own = new HashSet<>(ids(byUser.get(user)));
      for (float[] q : queries.subList(0, 20)) {
        List<VectorHit> hits = await(b.search(query(user, q, 10)));
        assertThat(hits).hasSize(10);
        assertThat(hits).extracting(VectorHit::chunkId).allMatch(own::contains, "the user's own chunk");
      }
    }
  }

  /** Unfiltered-like path (one user owns everything), on clustered data, as embeddings are. */
  @Test
  void recallOnClusteredVectors() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(12);
    UUID user = UUID.randomUUID();
    float[][] centres = new float[100][];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = unit(rnd);
    }
    List<VectorRecord> data = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      data.add(record(user, UUID.randomUUID(), null, near(centres[rnd.nextInt(centres.length)], rnd, 0.05)));
    }
    for (int from = 0; from < data.size(); from += 1000) {
      await(b.upsert(data.subList(from, from + 1000)));
    }
    double sum = 0;
    int n = 100;
    for (int i = 0; i < n; i++) {
      float[] q = near(centres[rnd.nextInt(centres.length)], rnd, 0.05);
      List<VectorHit> hits = await(b.search(query(user, q, 10)));
      assertThat(hits).hasSize(10);
      sum += recall(hits, bruteForce(data, q, 10));
    }
    assertThat(sum / n).as("mean recall@10 on clustered vectors").isGreaterThanOrEqualTo(0.95);
  }

  /**
   * Real MiniLM embeddings (778 rows of the corpus); each query is a row slightly perturbed, and
   * the truth is brute force. Two users share the index, half the rows each.
   */
  @Test
  void recallOnRealEmbeddings() throws Exception {
    float[][] rows = realEmbeddings();
    VectorBackend b = backend();
    Random rnd = new Random(13);
    UUID[] users = {UUID.randomUUID(), UUID.randomUUID()};
    List<List<VectorRecord>> byUser = List.of(new ArrayList<>(), new ArrayList<>());
    List<VectorRecord> all = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      VectorRecord r = record(users[i % 2], UUID.randomUUID(), null, rows[i]);
      byUser.get(i % 2).add(r);
      all.add(r);
    }
    await(b.upsert(all));
    double sum = 0;
    int top1 = 0;
    for (int i = 0; i < rows.length; i++) {
      float[] q = near(rows[i], rnd, 0.02);
      List<VectorRecord> own = byUser.get(i % 2);
      List<UUID> truth = bruteForce(own, q, 10);
      List<VectorHit> hits = await(b.search(query(users[i % 2], q, 10)));
      assertThat(hits).hasSize(10);
      assertThat(hits).extracting(VectorHit::chunkId).allMatch(new HashSet<>(ids(own))::contains, "own chunk");
      sum += recall(hits, truth);
      top1 += hits.get(0).chunkId().equals(truth.get(0)) ? 1 : 0;
    }
    assertThat(sum / rows.length).as("mean recall@10 on real embeddings").isGreaterThanOrEqualTo(0.95);
    assertThat((double) top1 / rows.length).as("top-1 agreement with brute force").isGreaterThanOrEqualTo(0.95);
  }

  // ------------------------------------------------------------------ lifecycle and concurrency

  /** {@link VectorBackend#check()} (SPI 0.2): an open, working backend reports itself up, empty or not, and stays so. */
  @Test
  void aWorkingBackendReportsItselfUp() throws Exception {
    VectorBackend b = backend();
    await(b.check());
    Random rnd = new Random(16);
    UUID user = UUID.randomUUID();
    List<VectorRecord> stored = records(rnd, user, UUID.randomUUID(), null, 20);
    await(b.upsert(stored));
    await(b.check());
    await(b.check());
    assertThat(await(b.count())).as("a check changes nothing stored").isEqualTo(20);
    assertThat(ids(await(b.search(query(user, stored.get(0).vector(), 20))))).containsExactlyInAnyOrderElementsOf(ids(stored));
  }

  @Test
  void everythingSurvivesCloseAndReopen() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(14);
    UUID user = UUID.randomUUID();
    UUID keep = UUID.randomUUID();
    UUID drop = UUID.randomUUID();
    UUID collection = UUID.randomUUID();
    List<VectorRecord> kept = records(rnd, user, keep, collection, 30);
    await(b.upsert(kept));
    await(b.upsert(records(rnd, user, drop, null, 20)));
    assertThat(await(b.deleteBySource(user, drop))).isEqualTo(20);
    float[] q = unit(rnd);
    List<VectorHit> before = await(b.search(new VectorQuery(user, MODEL, q, 10, Set.of(keep), collection)));

    b.close();
    opened.remove(b);
    VectorBackend again = backend();
    assertThat(await(again.count())).isEqualTo(30);
    List<VectorHit> after = await(again.search(new VectorQuery(user, MODEL, q, 10, Set.of(keep), collection)));
    assertThat(after).extracting(VectorHit::chunkId).containsExactlyElementsOf(ids(before));
    assertThat(after).extracting(VectorHit::chunkId).containsExactlyElementsOf(bruteForce(kept, q, 10));
    assertThat(await(again.deleteBySource(user, drop))).as("deleted stays deleted").isZero();

    await(again.upsert(records(rnd, user, drop, null, 5)));
    assertThat(await(again.count())).as("and it takes new writes").isEqualTo(35);
  }

  /**
   * A bulk load (SPI 0.8): batches written with {@code upsertBulk} are all searchable once
   * {@code syncSource} completes, replace earlier versions like upserts do, survive a reopen, and
   * a delete of the source removes them, synced or not.
   */
  @Test
  void bulkWritesAreSearchableAndDurableOnceTheSourceIsSynced() throws Exception {
    VectorBackend b = backend();
    Random rnd = new Random(15);
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    UUID dropped = UUID.randomUUID();
    List<VectorRecord> loaded = new ArrayList<>();
    for (int batch = 0; batch < 10; batch++) {
      List<VectorRecord> records = records(rnd, user, source, null, 32);
      loaded.addAll(records);
      await(b.upsertBulk(records));
    }
    VectorRecord first = loaded.get(0);
    VectorRecord replaced = new VectorRecord(first.chunkId(), user, source, null, MODEL, unit(rnd), null);
    await(b.upsertBulk(List.of(replaced)));
    loaded.set(0, replaced);
    await(b.upsertBulk(records(rnd, user, dropped, null, 7)));
    assertThat(await(b.deleteBySource(user, dropped))).as("a delete sees unsynced bulk writes").isEqualTo(7);
    await(b.syncSource(user, source));

    assertThat(await(b.count())).isEqualTo(320);
    float[] q = unit(rnd);
    assertThat(await(b.search(query(user, q, 10)))).extracting(VectorHit::chunkId)
        .containsExactlyElementsOf(bruteForce(loaded, q, 10));
    List<VectorHit> self = await(b.search(query(user, replaced.vector(), 1)));
    assertThat(self.get(0).chunkId()).isEqualTo(replaced.chunkId());
    assertThat(self.get(0).score()).isCloseTo(1f, offset(SCORE_TOLERANCE));

    b.close();
    opened.remove(b);
    VectorBackend again = backend();
    assertThat(await(again.count())).as("synced bulk writes survive a reopen").isEqualTo(320);
    assertThat(await(again.search(query(user, q, 10)))).extracting(VectorHit::chunkId)
        .containsExactlyElementsOf(bruteForce(loaded, q, 10));
    await(again.syncSource(user, UUID.randomUUID()));
  }

  /**
   * Four writers (one user each: upserts in batches, re-upserts, a delete) and four readers (one
   * per user, searching all the while) share one backend. No exception, no foreign hit, and the
   * final count is exact.
   */
  @Test
  void concurrentWritesAndReads() throws Exception {
    VectorBackend b = backend();
    int writers = 4;
    int batches = 30;
    int batchSize = 10;
    UUID[] users = new UUID[writers];
    List<List<VectorRecord>> kept = new ArrayList<>();
    List<List<VectorRecord>> dropped = new ArrayList<>();
    Random rnd = new Random(15);
    for (int w = 0; w < writers; w++) {
      users[w] = UUID.randomUUID();
      UUID keepSource = UUID.randomUUID();
      UUID dropSource = UUID.randomUUID();
      kept.add(records(rnd, users[w], keepSource, null, batches * batchSize));
      dropped.add(records(rnd, users[w], dropSource, null, 50));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers * 2);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger searches = new AtomicInteger();
    try {
      List<Future<?>> writerTasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int me = w;
        writerTasks.add(pool.submit(() -> {
          List<VectorRecord> mine = kept.get(me);
          await(b.upsert(dropped.get(me)));
          for (int i = 0; i < batches; i++) {
            await(b.upsert(mine.subList(i * batchSize, (i + 1) * batchSize)));
            if (i % 10 == 9) { // re-upsert an earlier batch: replaces, adds nothing
              await(b.upsert(mine.subList(0, batchSize)));
            }
          }
          assertThat(await(b.deleteBySource(users[me], dropped.get(me).get(0).sourceId()))).isEqualTo(50);
          return null;
        }));
      }
      List<Future<?>> readerTasks = new ArrayList<>();
      for (int r = 0; r < writers; r++) {
        int me = r;
        Set<UUID> own = new HashSet<>(ids(concat(kept.get(me), dropped.get(me))));
        readerTasks.add(pool.submit(() -> {
          Random local = new Random(100 + me);
          do {
            List<VectorHit> hits = await(b.search(query(users[me], unit(local), 10)));
            assertThat(hits.size()).isLessThanOrEqualTo(10);
            assertThat(hits).extracting(VectorHit::chunkId).allMatch(own::contains, "the reader's own chunk");
            assertSortedByScore(hits);
            searches.incrementAndGet();
          } while (writing.get());
          return null;
        }));
      }
      try {
        for (Future<?> f : writerTasks) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        writing.set(false);
      }
      for (Future<?> f : readerTasks) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(searches.get()).isGreaterThanOrEqualTo(writers);
    assertThat(await(b.count())).isEqualTo((long) writers * batches * batchSize);
    for (int w = 0; w < writers; w++) {
      float[] q = kept.get(w).get(3).vector();
      List<VectorHit> hits = await(b.search(query(users[w], q, 10)));
      assertThat(hits).hasSize(10);
      assertThat(hits.get(0).chunkId()).isEqualTo(kept.get(w).get(3).chunkId());
    }
  }

  // ------------------------------------------------------------------ helpers (public: an implementation's own tests may use them)

  /** Opens the backend on this test's {@link #dir}; the kit closes it after the test. */
  protected VectorBackend backend() throws Exception {
    VectorBackend b = open(dir, DIM);
    assertThat(b).as("open(dir, dimension) returned null").isNotNull();
    opened.add(b);
    return b;
  }

  /** Waits for a stage (bounded) and returns its value, rethrowing its failure's cause. */
  public static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw new AssertionError(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("a stage did not complete within " + STAGE_TIMEOUT_SECONDS + " s", e);
    }
  }

  /**
   * The failure of the stage a call returns. The contract is that a method fails its stage: a
   * method that throws instead (or whose stage succeeds) fails the test.
   */
  public static Throwable failureOf(Supplier<? extends CompletionStage<?>> call) {
    CompletionStage<?> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      throw new AssertionError("the method threw " + e + " instead of returning a failed stage", e);
    }
    try {
      stage.toCompletableFuture().get(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return unwrap(e);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("the stage did not complete", e);
    }
    return fail("the stage succeeded; it should have failed");
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  public static VectorQuery query(UUID user, float[] vector, int k) {
    return new VectorQuery(user, MODEL, vector, k, null, null);
  }

  public static VectorRecord record(UUID user, UUID source, UUID collection, float[] vector) {
    return new VectorRecord(UUID.randomUUID(), user, source, collection, MODEL, vector);
  }

  public static List<VectorRecord> records(Random rnd, UUID user, UUID source, UUID collection, int n) {
    List<VectorRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(record(user, source, collection, unit(rnd)));
    }
    return out;
  }

  @SafeVarargs
  public static List<VectorRecord> concat(List<VectorRecord>... lists) {
    List<VectorRecord> out = new ArrayList<>();
    for (List<VectorRecord> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  public static List<UUID> ids(Collection<?> recordsOrHits) {
    List<UUID> out = new ArrayList<>();
    for (Object o : recordsOrHits) {
      out.add(o instanceof VectorRecord r ? r.chunkId() : ((VectorHit) o).chunkId());
    }
    return out;
  }

  /** A random unit vector of dimension {@value #DIM} (Gaussian components, normalised). */
  public static float[] unit(Random rnd) {
    return unit(rnd, DIM);
  }

  /** A random unit vector of the given dimension. */
  public static float[] unit(Random rnd, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return normalise(v);
  }

  /** {@code centre} plus Gaussian noise of {@code sigma} per component, normalised. */
  public static float[] near(float[] centre, Random rnd, double sigma) {
    float[] v = new float[centre.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = centre[i] + (float) (rnd.nextGaussian() * sigma);
    }
    return normalise(v);
  }

  public static float[] normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static float[] negate(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = -v[i];
    }
    return out;
  }

  public static float dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }

  /** The ids of the {@code k} records most similar to {@code q}, best first. */
  public static List<UUID> bruteForce(List<VectorRecord> records, float[] q, int k) {
    return records.stream()
        .map(r -> Map.entry(r.chunkId(), dot(q, r.vector())))
        .sorted(Map.Entry.<UUID, Float>comparingByValue().reversed())
        .limit(k)
        .map(Map.Entry::getKey)
        .toList();
  }

  public static double recall(List<VectorHit> hits, List<UUID> truth) {
    Set<UUID> found = new HashSet<>(ids(hits));
    return truth.stream().filter(found::contains).count() / (double) truth.size();
  }

  public static void assertSortedByScore(List<VectorHit> hits) {
    assertThat(hits).extracting(VectorHit::score).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(hits).extracting(VectorHit::score).allMatch(s -> s >= -1.0001f && s <= 1.0001f, "a cosine");
  }

  private static Map<UUID, float[]> vectorsById(List<VectorRecord> records) {
    Map<UUID, float[]> out = new HashMap<>();
    records.forEach(r -> out.put(r.chunkId(), r.vector()));
    return out;
  }

  /** The corpus's real MiniLM embeddings: 778 unit rows of dimension 384. */
  protected float[][] realEmbeddings() throws IOException {
    Path file = corpus().resolve("embeddings/fiori-minilm-778x384.f32");
    assertThat(file).as("the shared corpus (override corpus() if it lives elsewhere): %s",
        file.toAbsolutePath().normalize()).isRegularFile();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes.length).as("size of %s", file).isEqualTo(778 * DIM * Float.BYTES);
    FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[][] rows = new float[778][DIM];
    for (float[] row : rows) {
      floats.get(row);
      assertThat(dot(row, row)).as("rows are unit vectors").isCloseTo(1f, offset(1e-3f));
    }
    return rows;
  }
}
