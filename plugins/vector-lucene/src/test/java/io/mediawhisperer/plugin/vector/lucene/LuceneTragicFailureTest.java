package io.mediawhisperer.plugin.vector.lucene;

import static io.mediawhisperer.spi.vector.VectorBackendContract.DIM;
import static io.mediawhisperer.spi.vector.VectorBackendContract.await;
import static io.mediawhisperer.spi.vector.VectorBackendContract.failureOf;
import static io.mediawhisperer.spi.vector.VectorBackendContract.ids;
import static io.mediawhisperer.spi.vector.VectorBackendContract.query;
import static io.mediawhisperer.spi.vector.VectorBackendContract.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 1: a write that fails with "Too many open files" is a tragic event for Lucene,
 * which closes the index writer for good. The backend must fail that write (its documents were not
 * committed), reopen the index from its last commit, and take the next write; while it cannot
 * reopen, {@code check()} reports it down.
 */
class LuceneTragicFailureTest {

  @TempDir
  Path dir;

  /** Fails new files with the error the open-file limit gives, while told to (or for the next {@code once} files). */
  static final class ExhaustibleDirectory extends FilterDirectory {
    final AtomicBoolean exhausted = new AtomicBoolean();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    ExhaustibleDirectory(Directory in) {
      super(in);
    }

    private void maybeFail(String name) throws IOException {
      if (exhausted.get() || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failed.incrementAndGet();
        throw new IOException(name + ": Too many open files");
      }
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
      maybeFail(name);
      return super.createOutput(name, context);
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
      maybeFail(prefix);
      return super.createTempOutput(prefix, suffix, context);
    }

    @Override
    public String[] listAll() throws IOException {
      if (exhausted.get()) {
        throw new IOException(in + ": Too many open files");
      }
      return super.listAll();
    }
  }

  private final ExhaustibleDirectory[] wrapped = new ExhaustibleDirectory[1];

  private LuceneVectorBackend open() throws IOException {
    return LuceneVectorBackend.open(dir, DIM, LuceneVectorSettings.defaults(), d -> wrapped[0] = new ExhaustibleDirectory(d));
  }

  private static List<UUID> searchAll(LuceneVectorBackend b, UUID user, List<VectorRecord> among) throws Exception {
    List<VectorHit> hits = await(b.search(query(user, among.get(0).vector(), 1000)));
    return ids(hits);
  }

  private static boolean isDown(LuceneVectorBackend b) {
    try {
      await(b.check());
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  @Test
  void aWriteThatHitsTheOpenFileLimitFailsAndTheNextOneSucceeds() throws Exception {
    Random rnd = new Random(11);
    UUID user = UUID.randomUUID();
    try (LuceneVectorBackend b = open()) {
      List<VectorRecord> before = records(rnd, user, UUID.randomUUID(), null, 30);
      await(b.upsert(before));

      wrapped[0].failuresLeft.set(1);
      List<VectorRecord> lost = records(rnd, user, UUID.randomUUID(), null, 30);
      Throwable failure = failureOf(() -> b.upsert(lost));
      assertThat(failure).as("the write that hit the limit fails, so its job is retried or failed, never silently lost").isNotNull();
      assertThat(wrapped[0].failed.get()).isEqualTo(1);

      List<VectorRecord> after = records(rnd, user, UUID.randomUUID(), null, 30);
      await(b.upsert(after));
      assertThat(searchAll(b, user, after)).containsAll(ids(before)).containsAll(ids(after));
      assertThat(await(b.count())).isEqualTo(before.size() + after.size());
      await(b.check());
    }
    try (LuceneVectorBackend reopened = open()) {
      assertThat(await(reopened.count())).as("what was written after the failure is durable").isEqualTo(60L);
    }
  }

  /**
   * Bulk writes complete before they are committed; when a tragic failure rolls the writer back
   * they are gone, and the source's sync must say so rather than let its job finish without them.
   */
  @Test
  void bulkWritesLostToATragicFailureFailTheirSourcesSyncUntilItIsWrittenAgain() throws Exception {
    Random rnd = new Random(12);
    UUID user = UUID.randomUUID();
    UUID loading = UUID.randomUUID();
    UUID untouched = UUID.randomUUID();
    try (LuceneVectorBackend b = open()) {
      await(b.upsertBulk(records(rnd, user, loading, null, 40)));

      wrapped[0].failuresLeft.set(1);
      assertThat(failureOf(() -> b.upsert(records(rnd, user, UUID.randomUUID(), null, 10)))).isNotNull();

      Throwable lost = failureOf(() -> b.syncSource(user, loading));
      assertThat(lost).hasMessageContaining("index the source again");
      assertThat(lost).as("it stays failed until the source is written again").isNotNull();
      assertThat(failureOf(() -> b.syncSource(user, loading))).isNotNull();
      await(b.syncSource(user, untouched));
      assertThat(await(b.count())).as("the lost writes are not in the index").isZero();

      assertThat(await(b.deleteBySource(user, loading))).isZero();
      List<VectorRecord> again = records(rnd, user, loading, null, 40);
      await(b.upsertBulk(again));
      await(b.syncSource(user, loading));
      assertThat(searchAll(b, user, again)).containsExactlyInAnyOrderElementsOf(ids(again));
    }
  }

  @Test
  void whileFilesCannotBeOpenedTheBackendReportsItselfDownAndRecoversWhenTheyCan() throws Exception {
    Random rnd = new Random(12);
    UUID user = UUID.randomUUID();
    try (LuceneVectorBackend b = open()) {
      List<VectorRecord> before = records(rnd, user, UUID.randomUUID(), null, 10);
      await(b.upsert(before));
      await(b.check());

      wrapped[0].exhausted.set(true);
      assertThat(failureOf(() -> b.upsert(records(rnd, user, UUID.randomUUID(), null, 10)))).isNotNull();
      Throwable down = failureOf(b::check);
      assertThat(down).as("check() while no file can be opened").isNotNull();
      assertThat(down.getMessage()).contains("Too many open files");
      assertThat(searchAll(b, user, before)).as("searches still answer from the last good view").containsAll(ids(before));
      Thread.sleep(2 * LuceneVectorBackend.MAINTENANCE_SECONDS * 1000 + 500);
      assertThat(isDown(b)).as("still down after the writer thread tried to reopen while files cannot be opened").isTrue();
      assertThat(failureOf(() -> b.upsert(records(rnd, user, UUID.randomUUID(), null, 10)))).isNotNull();

      wrapped[0].exhausted.set(false);
      // the backend reopens by itself (its maintenance runs every second); a write would reopen it too
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (isDown(b) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      await(b.check());
      List<VectorRecord> after = records(rnd, user, UUID.randomUUID(), null, 10);
      await(b.upsert(after));
      assertThat(searchAll(b, user, after)).containsAll(ids(before)).containsAll(ids(after));
    }
  }
}
