package io.mediawhisperer.spi.vector;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stores chunk vectors and finds the nearest ones within one user's data. Every method is
 * asynchronous so that both an in-process index (which runs its work on its own threads) and a
 * database client fit; none may block the calling thread.
 *
 * <p>Rules every implementation keeps (the contract kit checks them): a search never returns
 * another user's vector, however selective the filter; upserting a chunk id again replaces it;
 * a vector whose length is not the backend's dimension fails with
 * {@link IllegalArgumentException}; writes are durable once their stage completes.
 *
 * <p>Changes of this interface: SPI 0.2 (issue 11) added {@link #check()}, with a default, so a
 * backend built against 0.1 compiles and loads unchanged (and reports itself always up). SPI 0.6
 * (issue 16) added {@link #ranksText()} and {@link #textSearch(TextQuery)}, defaulting to "no": the
 * server then ranks text itself, in PostgreSQL. SPI 0.8 (issue 17) added {@link #upsertBulk(List)} and
 * {@link #syncSource(UUID, UUID)} for loading a long source, defaulting to {@link #upsert(List)} and to
 * nothing to do.
 */
public interface VectorBackend extends AutoCloseable {

  /** Inserts or replaces vectors by chunk id. */
  CompletionStage<Void> upsert(List<VectorRecord> records);

  /**
   * Inserts or replaces vectors of a source being loaded, as {@link #upsert(List)} does, except that
   * they need be neither durable nor searchable until {@link #syncSource(UUID, UUID)} of their source
   * completes. A backend whose every write costs a commit (Lucene: a segment per commit, merged
   * again and again) loads a 1,000-page source far cheaper this way. Since SPI 0.8; the default is
   * {@link #upsert(List)}.
   */
  default CompletionStage<Void> upsertBulk(List<VectorRecord> records) {
    return upsert(records);
  }

  /**
   * Makes the source's {@link #upsertBulk(List) bulk writes} durable and searchable. Fails when some
   * of them were lost (the backend fell back to its last commit after an I/O error): the source must
   * then be indexed again; {@link #deleteBySource(UUID, UUID)} clears that state. Since SPI 0.8; the
   * default has nothing to do.
   */
  default CompletionStage<Void> syncSource(UUID userId, UUID sourceId) {
    return CompletableFuture.completedFuture(null);
  }

  /** Removes every vector of one source of one user; returns how many went. */
  CompletionStage<Long> deleteBySource(UUID userId, UUID sourceId);

  /** The nearest vectors to the query within the user's data and filters, best first. */
  CompletionStage<List<VectorHit>> search(VectorQuery query);

  /** How many vectors are stored (all users). */
  CompletionStage<Long> count();

  /**
   * Up to {@code limit} stored chunk ids (all users, all models) that sort after {@code after}
   * (null: from the first), ascending by their string form; an empty list is the end. A sweep
   * pages through them to find vectors whose chunk no longer exists.
   */
  CompletionStage<List<UUID>> chunkIds(UUID after, int limit);

  /** Removes the vectors of these chunk ids, whoever they belong to; returns how many went. */
  CompletionStage<Long> deleteChunks(Collection<UUID> chunkIds);

  /**
   * Whether the backend can serve reads and writes now, for the node's {@code /health}: the stage
   * completes when it can, and fails with the reason (its message is shown to superusers only)
   * when it cannot. It must be cheap (a health check may call it every few seconds), must not
   * wait behind queued writes for long, and must not change anything stored; like every method
   * here it returns a stage rather than throwing. After {@link #close()} it should fail.
   *
   * <p>Added in SPI 0.2 (issue 11). The default answers "up" so a backend written against an
   * earlier SPI keeps compiling and loading; a backend that can break at run time (an index whose
   * files cannot be opened, a database that went away) should override it.
   */
  default CompletionStage<Void> check() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Whether {@link #textSearch(TextQuery)} answers for every vector stored now: true only when the
   * backend holds the text of all of them (records upserted without text, or an index written
   * before the backend ranked text, make it false until they are replaced). Cheap; may change
   * after any write. Since SPI 0.6; the default is false.
   */
  default boolean ranksText() {
    return false;
  }

  /**
   * The chunks whose text best matches the query within the user's data and filters, best first;
   * a hit's score is the backend's text relevance (higher is better, not a cosine, not comparable
   * across queries). A query with no searchable word finds nothing. Since SPI 0.6; the default
   * fails with {@link UnsupportedOperationException}: call it only when {@link #ranksText()}.
   */
  default CompletionStage<List<VectorHit>> textSearch(TextQuery query) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this vector backend does not rank text"));
  }

  @Override
  void close() throws Exception;
}
