package io.mediawhisperer.plugin.vector.lucene;

import io.mediawhisperer.spi.vector.BackendThreads;
import io.mediawhisperer.spi.vector.TextQuery;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorChecks;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorQuery;
import io.mediawhisperer.spi.vector.VectorRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocAndFloatFeatureBuffer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.HitQueue;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.VectorScorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A {@link VectorBackend} on one Lucene index (HNSW graph per segment, dot product on unit
 * vectors, which is cosine similarity).
 *
 * <h2>Threads</h2>
 * Writes run in submission order on one writer thread; searches and counts on a small pool. Both
 * are created here and stopped by {@link #close()}. No method does I/O or waits on the caller's
 * thread; it only validates and copies the input there. Stages complete on these threads, so a
 * caller that does heavy work in a dependent stage should move to its own thread first (Vert.x:
 * {@code Future.fromCompletionStage(stage, context)}).
 *
 * <h2>Durability and visibility (group commit)</h2>
 * The writer thread takes every write waiting in the queue (up to {@value #MAX_GROUP}), applies
 * them in order, commits once (fsync) and reopens the searcher, and only then completes their
 * stages. So a completed write is on disk and visible to the next search; a lone writer pays one
 * commit per call, concurrent writers share one. Each upsert is atomic: its records replace their
 * chunk ids in one block, all or none. If a commit fails, every stage of its group fails; the
 * writes may still reach disk with a later commit, which is harmless because every write is
 * idempotent (retrying an upsert or a delete gives the same result). Between writes, the writer
 * thread also publishes finished background merges, every second.
 *
 * <h2>Bulk loads</h2>
 * {@link #upsertBulk(List)} writes are applied in the same order but not committed: a group made
 * only of them completes without a commit or a refresh, so a 1,000-page source written in batches
 * of 32 makes a few large segments (flushed when the writer's RAM buffer fills) instead of one
 * per batch, each merged and its HNSW graph rebuilt again and again. Any committing write commits
 * them too; {@link #syncSource(UUID, UUID)} commits and refreshes; the maintenance tick holds
 * back while bulk writes are uncommitted, for at most {@value #BULK_COMMIT_SECONDS} s. A tragic
 * failure loses uncommitted bulk writes, whose stages have completed: their sources are
 * remembered, and their {@code syncSource} fails until the source is deleted and written again.
 *
 * <h2>Tragic failures</h2>
 * An I/O error while Lucene writes a file (a full disk, "Too many open files" when the process is
 * out of file descriptors) is a tragic event: Lucene rolls the writer back to the last commit and
 * closes it for good. The writes of that group are then lost, so their stages fail (the caller
 * retries or fails its job; none is lost silently). The writer thread then reopens the writer and
 * its searchers from the last commit, before the next write or within a second (the maintenance
 * tick), and keeps trying while the error lasts (logging each new reason once, not every second).
 * Searches keep answering from the last good view meanwhile. {@link #check()} reports the backend
 * down while its writer is closed or its directory cannot be read.
 *
 * <h2>Filters and search paths</h2>
 * Every search is filtered by user and model, and by sources and collection when given. When term
 * statistics show the filter can match at most {@code exact-below} vectors, they are all scored
 * (exact); otherwise Lucene's {@link KnnFloatVectorQuery} walks the HNSW graph with the filter,
 * asking for {@code max(k, search-width)} and keeping {@code k}. As a last guard, a hit whose
 * stored user is not the query's fails the search rather than leak.
 *
 * <p>Chunk ids are the update key across the whole index: they are server-made UUIDs, unique
 * across users.
 *
 * <h2>Text</h2>
 * A record's text (when it has one) is indexed with English analysis and ranked by BM25 with a
 * proximity boost ({@link TextRanking}); it is not stored (the server keeps it). {@link #ranksText()}
 * holds while every live document carries its text, counted after each refresh of the searchers.
 *
 * <h2>Vectors</h2>
 * Vectors are copied and scaled to unit length (callers give unit vectors already; this makes a
 * slightly-off vector harmless), and stored with {@link VectorSimilarityFunction#DOT_PRODUCT}:
 * on unit vectors that is the cosine, without the per-comparison norms that {@code COSINE}
 * computes. Lucene scores {@code (1 + cos) / 2}; hits report the cosine.
 */
public final class LuceneVectorBackend implements VectorBackend {

  private static final System.Logger LOG = System.getLogger(LuceneVectorBackend.class.getName());

  static final String CHUNK_ID = "chunkId";
  static final String USER_ID = "userId";
  static final String SOURCE_ID = "sourceId";
  static final String COLLECTION_ID = "collectionId";
  static final String MODEL = "model";
  static final String VECTOR = "vector";
  static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  /** How often the writer thread looks for finished background merges to publish. */
  static final long MAINTENANCE_SECONDS = 1;

  /** The longest bulk writes wait uncommitted while nothing else commits. */
  static final long BULK_COMMIT_SECONDS = 30;

  /** The most writes one commit covers, so a steady stream of writes still commits regularly. */
  static final int MAX_GROUP = 256;

  private static final Set<String> HIT_FIELDS = Set.of(CHUNK_ID, SOURCE_ID, USER_ID);

  private final Path path;
  private final int dimension;
  private final LuceneVectorSettings settings;
  private final Directory directory;
  /** The writer and the searchers over it; replaced together (on the writer thread) when a tragic error closed the writer. */
  private volatile OpenIndex index;
  /** Why the writer could not be reopened the last time it was tried; null once it is open. Writer thread writes. */
  private volatile Throwable reopenFailure;
  private final ConcurrentLinkedQueue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
  private final BackendThreads threads;
  private static final TextRanking TEXT_RANKING = new TextRanking();
  /** Whether every live document of the current searchers carries its text; refreshed with them. */
  private volatile boolean textComplete;
  // writer thread only: the sources of bulk writes since the last commit, when the oldest was
  // applied (0: none), and the sources whose uncommitted bulk writes a tragic failure lost
  private final Set<SourceKey> bulkUncommitted = new HashSet<>();
  private long bulkSinceNanos;
  private final Set<SourceKey> bulkLost = new HashSet<>();

  private record SourceKey(UUID userId, UUID sourceId) {
  }

  private record OpenIndex(IndexWriter writer, SearcherManager searchers) {
  }

  private LuceneVectorBackend(Path path, int dimension, LuceneVectorSettings settings, Directory directory, OpenIndex index) {
    this.path = path;
    this.dimension = dimension;
    this.settings = settings;
    this.directory = directory;
    this.index = index;
    this.threads = new BackendThreads("lucene", settings.searchThreads(), this::closedException);
    watchTextCompleteness(index);
    this.threads.writer().scheduleWithFixedDelay(this::publishMerges, MAINTENANCE_SECONDS, MAINTENANCE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Opens (creating if needed) the index in {@code path}. Blocking: call it at start-up, not on an
   * event loop.
   *
   * @throws IllegalArgumentException if the dimension is out of range, or the index holds vectors
   *                                  of another dimension
   * @throws IOException              if the directory cannot be used (or another process has it open)
   */
  public static LuceneVectorBackend open(Path path, int dimension, LuceneVectorSettings settings) throws IOException {
    return open(path, dimension, settings, UnaryOperator.identity());
  }

  /** {@link #open(Path, int, LuceneVectorSettings)} on the index directory as {@code wrapper} wraps it (tests inject I/O faults). */
  static LuceneVectorBackend open(Path path, int dimension, LuceneVectorSettings settings, UnaryOperator<Directory> wrapper)
      throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(settings, "settings");
    if (dimension < 1 || dimension > WideVectorCodec.MAX_DIMENSION) {
      throw new IllegalArgumentException("vector dimension must be between 1 and " + WideVectorCodec.MAX_DIMENSION
          + ", not " + dimension);
    }
    Files.createDirectories(path);
    Directory directory = wrapper.apply(FSDirectory.open(path));
    try {
      checkExistingIndex(path, directory, dimension);
      return new LuceneVectorBackend(path, dimension, settings, directory, openIndex(path, directory));
    } catch (IOException | RuntimeException e) {
      try {
        directory.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** A writer on {@code directory} (its last commit; an empty index is created) and searchers over it. */
  private static OpenIndex openIndex(Path path, Directory directory) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(TEXT_RANKING.analyzer())
        .setCodec(WideVectorCodec.create())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    IndexWriter writer;
    try {
      writer = new IndexWriter(directory, config);
    } catch (LockObtainFailedException e) {
      throw new IOException("the vector index in " + path + " is already open (in this or another process)", e);
    }
    try {
      if (!DirectoryReader.indexExists(directory)) {
        writer.commit(); // an empty index is an index: it reopens, and a reader can open it
      }
      return new OpenIndex(writer, new SearcherManager(writer, null));
    } catch (IOException | RuntimeException e) {
      try {
        writer.rollback();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void checkExistingIndex(Path path, Directory directory, int dimension) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return;
    }
    try (DirectoryReader reader = DirectoryReader.open(directory)) {
      FieldInfo info = FieldInfos.getMergedFieldInfos(reader).fieldInfo(VECTOR);
      if (info == null) {
        return;
      }
      if (info.getVectorDimension() != dimension) {
        throw new IllegalArgumentException("the vector index in " + path + " holds vectors of dimension "
            + info.getVectorDimension() + " but the embedding model has dimension " + dimension
            + "; re-index into an empty directory (or delete this one) to change models");
      }
      if (info.getVectorSimilarityFunction() != SIMILARITY) {
        throw new IllegalArgumentException("the vector index in " + path + " uses "
            + info.getVectorSimilarityFunction() + ", not " + SIMILARITY + "; it was not written by this backend");
      }
    }
  }

  public Path path() {
    return path;
  }

  public int dimension() {
    return dimension;
  }

  public LuceneVectorSettings settings() {
    return settings;
  }

  // ------------------------------------------------------------------ writes

  @Override
  public CompletionStage<Void> upsert(List<VectorRecord> records) {
    return upsert(records, true);
  }

  @Override
  public CompletionStage<Void> upsertBulk(List<VectorRecord> records) {
    return upsert(records, false);
  }

  @Override
  public CompletionStage<Void> syncSource(UUID userId, UUID sourceId) {
    if (userId == null || sourceId == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("userId and sourceId are required"));
    }
    SourceKey key = new SourceKey(userId, sourceId);
    return submitWrite(true, writer -> {
      if (bulkLost.contains(key)) {
        throw new IOException("bulk writes of source " + sourceId + " were lost when the index writer of " + path
            + " failed and fell back to its last commit; index the source again");
      }
      return null;
    });
  }

  private CompletionStage<Void> upsert(List<VectorRecord> records, boolean commits) {
    List<Document> docs;
    List<BytesRef> ids;
    try {
      List<VectorRecord> unique = VectorChecks.unitRecords(records, dimension);
      docs = new ArrayList<>(unique.size());
      ids = new ArrayList<>(unique.size());
      for (VectorRecord r : unique) {
        docs.add(document(r));
        ids.add(new BytesRef(r.chunkId().toString()));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (docs.isEmpty()) {
      return submitWrite(commits, writer -> null);
    }
    Query replaced = new TermInSetQuery(CHUNK_ID, ids);
    Set<SourceKey> sources = commits ? Set.of() : records.stream()
        .map(r -> new SourceKey(r.userId(), r.sourceId())).collect(Collectors.toSet());
    return submitWrite(commits, writer -> {
      // Atomic: deletes the chunks' old versions and adds the block, or (on failure) does neither.
      writer.updateDocuments(replaced, docs);
      if (!sources.isEmpty()) {
        if (bulkUncommitted.isEmpty()) {
          bulkSinceNanos = System.nanoTime();
        }
        bulkUncommitted.addAll(sources);
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Long> deleteBySource(UUID userId, UUID sourceId) {
    if (userId == null || sourceId == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("userId and sourceId are required"));
    }
    Query query = new BooleanQuery.Builder()
        .add(term(USER_ID, userId), Occur.FILTER)
        .add(term(SOURCE_ID, sourceId), Occur.FILTER)
        .build();
    SourceKey key = new SourceKey(userId, sourceId);
    return submitWrite(true, writer -> {
      bulkLost.remove(key);
      long count;
      // The writer's own near-real-time view: it includes writes applied earlier in this group,
      // which searchers will only see once the group commits.
      try (DirectoryReader reader = DirectoryReader.open(writer)) {
        count = new IndexSearcher(reader).count(query);
      }
      if (count > 0) {
        writer.deleteDocuments(query);
      }
      return count;
    });
  }


  @Override
  public CompletionStage<Long> deleteChunks(Collection<UUID> chunkIds) {
    List<BytesRef> ids;
    try {
      Objects.requireNonNull(chunkIds, "chunkIds");
      ids = chunkIds.stream().map(id -> new BytesRef(Objects.requireNonNull(id, "a chunk id is null").toString())).toList();
    } catch (NullPointerException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(e.getMessage(), e));
    }
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(0L);
    }
    Query query = new TermInSetQuery(CHUNK_ID, ids);
    return submitWrite(true, writer -> {
      long count;
      try (DirectoryReader reader = DirectoryReader.open(writer)) {
        count = new IndexSearcher(reader).count(query);
      }
      if (count > 0) {
        writer.deleteDocuments(query);
      }
      return count;
    });
  }


  private Document document(VectorRecord r) {
    Document doc = new Document();
    doc.add(new StringField(CHUNK_ID, r.chunkId().toString(), Field.Store.YES));
    doc.add(new StringField(USER_ID, r.userId().toString(), Field.Store.YES));
    doc.add(new StringField(SOURCE_ID, r.sourceId().toString(), Field.Store.YES));
    if (r.collectionId() != null) {
      doc.add(new StringField(COLLECTION_ID, r.collectionId().toString(), Field.Store.NO));
    }
    doc.add(new StringField(MODEL, r.model(), Field.Store.NO));
    doc.add(new KnnFloatVectorField(VECTOR, r.vector(), SIMILARITY));
    if (r.text() != null) {
      doc.add(new TextField(TextRanking.TEXT, r.text(), Field.Store.NO));
      doc.add(new StringField(TextRanking.HAS_TEXT, "1", Field.Store.NO));
    }
    return doc;
  }

  private interface WriteAction<T> {
    T apply(IndexWriter writer) throws IOException;
  }

  private static final class PendingWrite<T> {
    final WriteAction<T> action;
    /** False for a bulk write, which needs no commit of its own. */
    final boolean commits;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;

    PendingWrite(boolean commits, WriteAction<T> action) {
      this.commits = commits;
      this.action = action;
    }

    void apply(IndexWriter writer) throws IOException {
      result = action.apply(writer);
    }

    void complete() {
      future.complete(result);
    }
  }

  private <T> CompletionStage<T> submitWrite(boolean commits, WriteAction<T> action) {
    PendingWrite<T> write = new PendingWrite<>(commits, action);
    return threads.ifOpen(() -> {
      pending.add(write);
      try {
        threads.writer().execute(this::drainGroup);
      } catch (RejectedExecutionException e) {
        pending.remove(write);
        throw e;
      }
      return write.future;
    });
  }

  /**
   * On the writer thread: applies the waiting writes, commits once, refreshes, completes them. A
   * writer closed by a tragic error is reopened first; if it cannot be, the waiting writes fail.
   */
  private void drainGroup() {
    OpenIndex current;
    try {
      current = writable();
    } catch (Throwable t) {
      for (PendingWrite<?> left; (left = pending.poll()) != null; ) {
        left.future.completeExceptionally(t);
      }
      return;
    }
    List<PendingWrite<?>> applied = new ArrayList<>();
    PendingWrite<?> write;
    while (applied.size() < MAX_GROUP && (write = pending.poll()) != null) {
      try {
        write.apply(current.writer());
        applied.add(write);
      } catch (Throwable t) {
        write.future.completeExceptionally(t);
        if (!current.writer().isOpen()) {
          // a tragic error (Lucene opens a segment's files with its first document): the writes
          // applied before it went with the writer, and the commit below fails them
          LOG.log(System.Logger.Level.ERROR, "a vector write to " + path + " closed the index writer: " + t
              + "; reopening it from the last commit");
          break;
        }
      }
    }
    if (applied.isEmpty()) {
      return;
    }
    if (applied.stream().noneMatch(w -> w.commits)) {
      applied.forEach(PendingWrite::complete);
      return;
    }
    try {
      commit(current);
      current.searchers().maybeRefreshBlocking();
    } catch (Throwable t) {
      Throwable tragedy = current.writer().getTragicException();
      LOG.log(System.Logger.Level.ERROR, "commit of " + applied.size() + " vector writes to " + path + " failed: "
          + (tragedy != null ? tragedy : t)
          + (current.writer().isOpen() ? "" : "; the index writer closed, reopening it from the last commit"));
      for (PendingWrite<?> w : applied) {
        w.future.completeExceptionally(t);
      }
      return;
    }
    for (PendingWrite<?> w : applied) {
      w.complete();
    }
  }

  /** On the writer thread: commits everything applied, bulk writes included. */
  private void commit(OpenIndex current) throws IOException {
    current.writer().commit();
    bulkUncommitted.clear();
    bulkSinceNanos = 0;
  }

  /**
   * On the writer thread: the open index, after reopening writer and searchers from the last
   * commit if a tragic error closed the writer. The old searchers are closed only once the new
   * ones are published; a search that acquired one keeps it until it releases it.
   */
  private OpenIndex writable() throws IOException {
    OpenIndex current = index;
    if (current.writer().isOpen()) {
      return current;
    }
    Throwable tragedy = current.writer().getTragicException();
    try {
      // a tragic event rolled the writer back and released its lock already; this is for a writer merely closed
      current.writer().rollback();
    } catch (IOException | RuntimeException ignored) {
      // it is closed either way, which is all that matters here
    }
    OpenIndex reopened;
    try {
      reopened = openIndex(path, directory);
    } catch (IOException | RuntimeException e) {
      Throwable previous = reopenFailure;
      reopenFailure = e;
      if (previous == null || !Objects.equals(previous.getMessage(), e.getMessage())) {
        LOG.log(System.Logger.Level.ERROR, "the vector index in " + path + " cannot be reopened (" + e
            + "); trying again every " + MAINTENANCE_SECONDS + " s and at every write");
      }
      throw e;
    }
    watchTextCompleteness(reopened);
    index = reopened;
    reopenFailure = null;
    bulkLost.addAll(bulkUncommitted);
    bulkUncommitted.clear();
    bulkSinceNanos = 0;
    BackendThreads.closeQuietly(current.searchers()::close, null);
    LOG.log(System.Logger.Level.WARNING, "the vector index writer of " + path + " was closed by " + tragedy
        + "; reopened it from its last commit");
    return reopened;
  }

  /**
   * On the writer thread, every {@value #MAINTENANCE_SECONDS} s: Lucene merges segments in the
   * background, and searchers only see a merge once the reader is reopened (searching 20k vectors
   * in 4 merged segments was 1.5x faster than in the 22 they were written as). So reopen when
   * something changed, and commit the merge so the merged-away files can go. Writes are always
   * committed by their own group, so whatever is uncommitted here is merges, or bulk writes: while
   * those are younger than {@value #BULK_COMMIT_SECONDS} s, nothing is done (a refresh would flush
   * them into a small segment).
   */
  private void publishMerges() {
    OpenIndex current;
    try {
      current = writable();
    } catch (Throwable t) {
      return; // writable() logged it; the next tick or write tries again
    }
    if (!bulkUncommitted.isEmpty() && System.nanoTime() - bulkSinceNanos < TimeUnit.SECONDS.toNanos(BULK_COMMIT_SECONDS)) {
      return;
    }
    try {
      if (current.writer().hasUncommittedChanges()) {
        commit(current);
      }
      current.searchers().maybeRefresh();
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "publishing merged segments of " + path + " failed: " + t
          + (current.writer().isOpen() ? "" : "; the index writer closed, reopening it from the last commit"));
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public CompletionStage<List<VectorHit>> search(VectorQuery query) {
    float[] target;
    Query filter;
    try {
      target = VectorChecks.unitQuery(query, dimension);
      filter = filter(query);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return onSearchPool(() -> withSearcher(searcher -> search(searcher, query, filter, target)));
  }

  @Override
  public boolean ranksText() {
    return textComplete;
  }

  @Override
  public CompletionStage<List<VectorHit>> textSearch(TextQuery query) {
    Query filter;
    Query words;
    try {
      filter = filter(query.userId(), query.model(), query.sourceIds(), query.collectionId());
      words = TEXT_RANKING.query(query.text());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (words == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    Query ranked = new BooleanQuery.Builder().add(words, Occur.MUST).add(filter, Occur.FILTER).build();
    return onSearchPool(() -> withSearcher(searcher -> hits(searcher, searcher.search(ranked, query.k()).scoreDocs,
        query.k(), query.userId(), score -> score)));
  }

  /** Counts, after every refresh of {@code opened}'s searchers, whether every live document carries its text. */
  private void watchTextCompleteness(OpenIndex opened) {
    opened.searchers().addListener(new ReferenceManager.RefreshListener() {
      @Override
      public void beforeRefresh() {
      }

      @Override
      public void afterRefresh(boolean didRefresh) throws IOException {
        if (didRefresh) {
          textComplete = countTextComplete(opened.searchers());
        }
      }
    });
    try {
      textComplete = countTextComplete(opened.searchers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean countTextComplete(SearcherManager searchers) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.count(new TermQuery(new Term(TextRanking.HAS_TEXT, "1"))) == searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public CompletionStage<Long> count() {
    return onSearchPool(() -> withSearcher(searcher -> (long) searcher.getIndexReader().numDocs()));
  }

  /**
   * Walks the chunk id terms (sorted as strings, which is the order promised) from {@code after},
   * keeping those with a live document: a replaced or deleted vector's term lingers in its segment
   * until a merge drops it.
   */
  @Override
  public CompletionStage<List<UUID>> chunkIds(UUID after, int limit) {
    if (limit < 1) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be at least 1"));
    }
    return onSearchPool(() -> withSearcher(searcher -> {
      IndexReader reader = searcher.getIndexReader();
      List<UUID> out = new ArrayList<>(Math.min(limit, 1024));
      Terms terms = MultiTerms.getTerms(reader, CHUNK_ID);
      if (terms == null) {
        return out;
      }
      Bits live = MultiBits.getLiveDocs(reader);
      TermsEnum te = terms.iterator();
      BytesRef term;
      if (after == null) {
        term = te.next();
      } else {
        BytesRef start = new BytesRef(after.toString());
        TermsEnum.SeekStatus status = te.seekCeil(start);
        term = status == TermsEnum.SeekStatus.END ? null : status == TermsEnum.SeekStatus.FOUND ? te.next() : te.term();
      }
      PostingsEnum postings = null;
      for (; term != null && out.size() < limit; term = te.next()) {
        postings = te.postings(postings, PostingsEnum.NONE);
        for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
          if (live == null || live.get(doc)) {
            out.add(UUID.fromString(term.utf8ToString()));
            break;
          }
        }
      }
      return out;
    }));
  }

  /**
   * Reports down while the writer is closed (a tragic error; the writer thread is reopening it) or
   * the index directory cannot be listed (what fails first when the process is out of file
   * descriptors); otherwise acquires and releases a searcher. Runs on the search pool, so it never
   * waits behind a group commit.
   */
  @Override
  public CompletionStage<Void> check() {
    return onSearchPool(() -> {
      OpenIndex current = index;
      if (!current.writer().isOpen()) {
        Throwable why = reopenFailure != null ? reopenFailure : current.writer().getTragicException();
        throw new IOException("the index writer of " + path + " is closed (" + why + ") and not reopened yet", why);
      }
      directory.listAll();
      return withSearcher(searcher -> null);
    });
  }

  private interface SearcherWork<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  /**
   * Runs {@code work} on a searcher of the current index. Should the writer thread replace the index
   * between reading it and acquiring from its (by then closed) searchers, the new one is used.
   */
  private <T> T withSearcher(SearcherWork<T> work) throws IOException {
    OpenIndex current = index;
    IndexSearcher searcher;
    try {
      searcher = current.searchers().acquire();
    } catch (AlreadyClosedException e) {
      if (index == current) {
        throw e;
      }
      current = index;
      searcher = current.searchers().acquire();
    }
    try {
      return work.apply(searcher);
    } finally {
      current.searchers().release(searcher);
    }
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private <T> CompletionStage<T> onSearchPool(IoSupplier<T> work) {
    Supplier<T> task = () -> {
      try {
        return work.get();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    return threads.ifOpen(() -> CompletableFuture.supplyAsync(task, threads.search()));
  }

  static Query filter(VectorQuery q) {
    return filter(q.userId(), q.model(), q.sourceIds(), q.collectionId());
  }

  static Query filter(UUID userId, String model, Set<UUID> sourceIds, UUID collectionId) {
    if (userId == null || model == null) {
      throw new IllegalArgumentException("userId and model are required");
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(term(USER_ID, userId), Occur.FILTER)
        .add(new TermQuery(new Term(MODEL, model)), Occur.FILTER);
    if (!sourceIds.isEmpty()) {
      List<BytesRef> sources = sourceIds.stream().map(id -> new BytesRef(id.toString())).toList();
      b.add(new TermInSetQuery(SOURCE_ID, sources), Occur.FILTER);
    }
    if (collectionId != null) {
      b.add(term(COLLECTION_ID, collectionId), Occur.FILTER);
    }
    return b.build();
  }

  private List<VectorHit> search(IndexSearcher searcher, VectorQuery q, Query filter, float[] target) throws IOException {
    long bound = filterBound(searcher.getIndexReader(), q);
    if (bound == 0) {
      return List.of();
    }
    ScoreDoc[] top;
    if (bound <= settings.exactBelow()) {
      top = exactSearch(searcher, filter, target, q.k(), bound);
    } else {
      int width = Math.max(q.k(), settings.searchWidth());
      top = searcher.search(new KnnFloatVectorQuery(VECTOR, target, width, filter), width).scoreDocs;
    }
    // Lucene scores (1 + cos) / 2
    return hits(searcher, top, q.k(), q.userId(), score -> Math.max(-1f, Math.min(1f, 2 * score - 1)));
  }

  private interface ScoreMapping {
    float apply(float luceneScore);
  }

  /** The first {@code k} documents as hits, their scores mapped; every one checked to be the user's. */
  private static List<VectorHit> hits(IndexSearcher searcher, ScoreDoc[] top, int k, UUID userId, ScoreMapping score)
      throws IOException {
    int n = Math.min(k, top.length);
    List<VectorHit> hits = new ArrayList<>(n);
    StoredFields stored = searcher.storedFields();
    String user = userId.toString();
    for (int i = 0; i < n; i++) {
      Document doc = stored.document(top[i].doc, HIT_FIELDS);
      if (!user.equals(doc.get(USER_ID))) {
        // Cannot happen while the filter holds userId; a guard, not a code path.
        throw new IllegalStateException("a search returned a chunk of another user; refusing the result");
      }
      hits.add(new VectorHit(UUID.fromString(doc.get(CHUNK_ID)), UUID.fromString(doc.get(SOURCE_ID)), score.apply(top[i].score)));
    }
    return hits;
  }

  /**
   * An upper bound on how many vectors the filter matches, from term statistics alone (deleted
   * vectors still count until merged away): the smallest of the user's, the model's, the
   * collection's and the sources' (summed) document frequencies.
   */
  static long filterBound(IndexReader reader, VectorQuery q) throws IOException {
    long bound = Math.min(reader.docFreq(term(USER_ID, q.userId()).getTerm()),
        reader.docFreq(new Term(MODEL, q.model())));
    if (q.collectionId() != null) {
      bound = Math.min(bound, reader.docFreq(new Term(COLLECTION_ID, q.collectionId().toString())));
    }
    if (!q.sourceIds().isEmpty()) {
      long sum = 0;
      for (UUID s : q.sourceIds()) {
        sum += reader.docFreq(new Term(SOURCE_ID, s.toString()));
      }
      bound = Math.min(bound, sum);
    }
    return bound;
  }

  /**
   * Scores every live vector the filter matches (Lucene's bulk vector scorer, as its own exact
   * fallback does) and keeps the best {@code k}, best first.
   */
  static ScoreDoc[] exactSearch(IndexSearcher searcher, Query filter, float[] target, int k, long bound)
      throws IOException {
    Weight weight = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    HitQueue queue = new HitQueue((int) Math.min(k, Math.max(1, bound)), true);
    ScoreDoc worst = queue.top();
    DocAndFloatFeatureBuffer buffer = new DocAndFloatFeatureBuffer();
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
      Scorer matches = values == null ? null : weight.scorer(leaf);
      VectorScorer scorer = matches == null ? null : values.scorer(target);
      if (scorer == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      VectorScorer.Bulk bulk = scorer.bulk(matches.iterator());
      for (float best = bulk.nextDocsAndScores(DocIdSetIterator.NO_MORE_DOCS, live, buffer);
          buffer.size > 0;
          best = bulk.nextDocsAndScores(DocIdSetIterator.NO_MORE_DOCS, live, buffer)) {
        if (best < worst.score) {
          continue;
        }
        for (int i = 0; i < buffer.size; i++) {
          if (buffer.features[i] > worst.score) {
            worst.score = buffer.features[i];
            worst.doc = leaf.docBase + buffer.docs[i];
            worst = queue.updateTop();
          }
        }
      }
    }
    while (queue.size() > 0 && queue.top().score == Float.NEGATIVE_INFINITY) {
      queue.pop(); // the pre-filled places nothing took
    }
    ScoreDoc[] out = new ScoreDoc[queue.size()];
    for (int i = out.length - 1; i >= 0; i--) {
      out[i] = queue.pop();
    }
    return out;
  }

  private static TermQuery term(String field, UUID value) {
    return new TermQuery(new Term(field, value.toString()));
  }

  // ------------------------------------------------------------------ lifecycle

  /** The start of the names of this backend's threads (for tests and thread dumps). */
  String threadPrefix() {
    return threads.threadPrefix();
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("the Lucene vector backend on " + path + " is closed");
  }

  /**
   * Waits for the writes and searches already accepted, then commits and closes the index.
   * Later calls fail with {@link IllegalStateException}. Blocking; idempotent.
   */
  @Override
  public void close() throws Exception {
    if (!threads.markClosed()) {
      return;
    }
    Exception failure = threads.awaitAccepted("vector writes to " + path);
    for (PendingWrite<?> left; (left = pending.poll()) != null; ) {
      left.future.completeExceptionally(closedException());
    }
    OpenIndex last = index;
    failure = BackendThreads.closeQuietly(last.searchers()::close, failure);
    failure = BackendThreads.closeQuietly(() -> {
      if (last.writer().isOpen()) {
        last.writer().commit();
        last.writer().close();
      }
    }, failure);
    failure = BackendThreads.closeQuietly(directory::close, failure);
    if (failure != null) {
      throw failure;
    }
  }}
