package io.mediawhisperer.bus;

/**
 * The bus contract of the retrieval verticle, which owns the search index: the chunks (their
 * text, full-text vectors and locators), a copy of what a hit shows of its source (user, kind,
 * title, collection, video), and the vector backend (with Lucene, the index lives on the node
 * running this role; every other node reaches it here). A search reads only these; ingestion tells
 * retrieval what to index and what is gone.
 */
public final class RetrievalBus {

  /**
   * Starts (or restarts) a source's index: {@code {"userId", "sourceId", "kind", "title"?,
   * "collectionId"?, "videoId"?, "tags"?: [names], "fresh"?: true}} -> {@code {}}. Whatever was indexed for the
   * source before (an earlier attempt of a resumed job) is removed, chunks and vectors, so what follows replaces
   * it; {@code fresh} says the source is new (it has no vectors to look for).
   *
   * <p>With {@code "replace": true} (a re-chunk) nothing is removed: the source, already indexed,
   * stays searchable while its new chunks are added with {@code "pending": true}, which no search
   * shows, and {@link #INDEX_SYNC} with {@code "replace": true} swaps them in. Only what an abandoned
   * replacement left pending is removed. Fails 404 when the source is not indexed.
   */
  public static final String INDEX_SOURCE = "retrieval.index.source";

  /**
   * What a hit on a source shows, once its parse has read it: {@code {"userId", "sourceId", "title"?,
   * "videoId"?}} -> {@code {"updated": n}} (0 when the source's index was not started). Ingestion starts a
   * source's index before its first page is read, and tells the parsed title afterwards.
   */
  public static final String SOURCE_SHOWN = "retrieval.index.source-shown";

  /**
   * Indexes a batch of a source's chunks after {@link #INDEX_SOURCE}: {@code {"userId", "sourceId",
   * "chunks": [{"seq", "text", "tokenCount", "pageStart"?, "pageEnd"?, "start"?, "end"?,
   * "messageIndex"?}], "lane"?, "bulk"?}} (at most {@value #MAX_INDEX_BATCH}) -> {@code {"indexed": n,
   * "embedded": e, "reused": r, "model", "dimension", "embedMs", "embedQueuedMs", "embedRunMs", "indexMs"}}.
   * Retrieval takes the vectors of texts the user indexed before with the same model from its
   * embedding cache and has the rest embedded (the vectors go from the embedding verticle to it and
   * nowhere else), each distinct text of the batch once: {@code embedded} counts the texts the model
   * ran on, {@code reused} the chunks whose vector came from the cache or from an identical text of
   * the batch ({@code embedded + reused = indexed}; a batch the cache holds entirely is not sent to
   * the model at all). The texts are embedded as bulk work in the {@code lane} (default: the source),
   * so searches go first and sources take turns at the model. {@code embedMs} is the time to the
   * batch's vectors (cache lookup and model), {@code embedQueuedMs} the model's queue wait in it, {@code embedRunMs} the model's own time,
   * {@code indexMs} the time to store them. Chunks are stored, then their vectors: durable when
   * answered, except with {@code "bulk": true} (a long source loaded batch after batch), whose vectors
   * are durable and searchable once {@link #INDEX_SYNC} of the source is answered. Fails 404 when the
   * source's index was not started (or was deleted meanwhile). {@code "pending": true}: chunks of a
   * replacement (see {@link #INDEX_SOURCE}), stored and embedded but shown only once it is swapped in.
   */
  public static final String INDEX_CHUNKS = "retrieval.index.chunks";

  /**
   * Ends a bulk load: {@code {"userId", "sourceId"}} -> {@code {}} once every vector indexed with
   * {@code "bulk": true} for the source is durable and searchable. Fails (500) when some were lost to
   * an index failure since: the source must be indexed again ({@link #INDEX_SOURCE} starts over).
   * With {@code "replace": true} it then ends a replacement: in one transaction the source's visible
   * chunks are deleted and its pending ones shown (a search sees the old chunks or the new ones,
   * never neither), then the old chunks' vectors are deleted -> {@code {"removed": n, "shown": m}}.
   * {@code "pendingCount": n} swaps only if exactly n chunks are pending, else fails 409
   * {@value #REPLACEMENT_INCOMPLETE} and changes nothing: the source was indexed again meanwhile (its
   * rows, pending ones included, went with its old index), so the replacement must start over.
   */
  public static final String INDEX_SYNC = "retrieval.index.sync";

  /** {@link #INDEX_SYNC}'s 409 code: fewer (or more) chunks pending than the replacement sent. */
  public static final String REPLACEMENT_INCOMPLETE = "replacement_incomplete";

  /**
   * {@code {"userId", "sourceIds": [...], "chunks"?: 1-10 (3)}} -> {@code {"openings": {sourceId:
   * text}}}: the first chunks of each indexed source, joined, for a summary of what a source is
   * about when it has no summary of its own. Sources without chunks are left out.
   */
  public static final String OPENINGS = "retrieval.index.openings";

  /**
   * {@code {"userId", "collectionId"}} -> {@code {"updated": n}}: the collection is gone, its
   * sources stay without one (a search filtered by that collection then finds nothing).
   */
  public static final String COLLECTION_REMOVED = "retrieval.index.collection-removed";

  /** A source's tags changed: {@code {"userId", "sourceId", "tags": [names]}} -> {@code {"updated": 0|1}}. */
  public static final String SOURCE_TAGS = "retrieval.index.source-tags";

  /** A tag was deleted: {@code {"userId", "tag": name}} -> {@code {"updated": n}}, the sources that had it. */
  public static final String TAG_REMOVED = "retrieval.index.tag-removed";

  /**
   * The orphan sweep, run by the cleanup verticle's schedule: {@code {}} -> {@code {"checked": k,
   * "deleted": m, "sources": n}}. Indexes of sources ingestion no longer has (asked over
   * {@code IngestionBus.EXISTING_SOURCES}: a delete whose message to retrieval was lost, an account
   * removed) are removed ({@code sources}) with their vectors, then vectors whose chunk row is gone;
   * {@code deleted} counts the vectors removed either way, of {@code checked} looked at.
   */
  public static final String SWEEP_ORPHANS = "retrieval.sweep.orphans";

  /**
   * The embedding cache's sweep, run by the cleanup verticle's schedule: {@code {}} -> {@code
   * {"expired": a, "evicted": b, "entries": n}}. Entries unused for {@code embedding-cache-max-age-hours}
   * are removed ({@code expired}), then the least recently used beyond {@code embedding-cache-max-entries}
   * ({@code evicted}; with 0 the cache is off and every entry goes); {@code entries} are left.
   */
  public static final String SWEEP_EMBEDDING_CACHE = "retrieval.sweep.embedding-cache";

  /**
   * Part of an account's deletion: {@code {"userId"}} -> {@code {"sources": n, "vectors": m}}. The vectors of
   * every source the user has in the index, then the user's chunks, search sources and embedding cache
   * entries. Idempotent.
   */
  public static final String PURGE_USER = "retrieval.user.purge";

  /**
   * Vectors computed elsewhere, straight into the backend (benchmarks and tools; ingestion uses
   * {@link #INDEX_CHUNKS}): {@code {"records": [{"chunkId", "userId", "sourceId", "collectionId"?,
   * "model", "vector": base64, "text"?}]}} -> {@code {"upserted": n}}. Durable when answered. A record
   * without {@code text} leaves the backend unable to rank text for all chunks, so text search falls
   * back to PostgreSQL until it is replaced with its text.
   */
  public static final String UPSERT = "retrieval.vectors.upsert";

  /**
   * {@code {"userId", "sourceId"}} -> {@code {"deleted": n}}: the source's index, chunks and vectors
   * (n counts vectors), and the user's embedding cache entries of its texts but those another of the
   * user's sources still has. ({@link #INDEX_SOURCE}'s restart keeps them, for the next attempt.)
   */
  public static final String DELETE_SOURCE = "retrieval.index.delete-source";

  /**
   * {@code {"userId", "model", "vector": base64, "k", "sourceIds"?: [...], "collectionId"?}} ->
   * {@code {"hits": [{"chunkId", "sourceId", "score"}]}}, best first, only the user's vectors.
   */
  public static final String VECTOR_SEARCH = "retrieval.vectors.search";

  /**
   * The HTTP contract's search: {@code {"userId", "query", "topK"? (1-100, default config rag_top_k),
   * "mode"?: "hybrid"|"vector"|"text", "sourceIds"?, "collectionId"?, "kinds"?, "tags"?: [names] (any of)}} ->
   * {@code {"results": [Hit], "tookMs", "mode"}}. A Hit is {@code {"chunkId", "sourceId",
   * "sourceTitle", "kind", "text", "score", "pageNumber"?, "start"?, "end"?, "messageIndex"?,
   * "url"?}}; only the user's own chunks are ever returned. Fails 400 for a bad request.
   */
  public static final String SEARCH = "retrieval.search";

  /**
   * What the vector backend holds, for operators and tests: {@code {"after"?: chunkId, "limit"?: 1-}{@value #MAX_CHUNK_IDS}{@code }} ->
   * {@code {"chunkIds": [...]}}, the stored chunk ids (every user, every model) that sort after
   * {@code after} as strings, ascending; an empty list is the end.
   */
  public static final String CHUNK_IDS = "retrieval.vectors.chunk-ids";

  /**
   * For {@code /health}: {@code {}} -> {@code {"backend": name}} when the vector backend answers
   * (it is opened first if this node has not opened it yet); fails 503 {@value Failure#UNAVAILABLE}
   * with the reason (for superusers' eyes: it may name a path) when it cannot.
   */
  public static final String HEALTH = "retrieval.health";

  /**
   * {@code POST /api/v1/admin/reindex}: {@code {"userId" (a superuser: the caller checks), "embeddingModel"?: provider
   * name (default: the configured embedding-provider)}} -> {@code {"job": Job}} (type {@code reindex}, with
   * {@code "embeddingModel", "model", "dimension", "chunksDone", "chunksTotal"}). A new index for that provider's model
   * is built beside the live one from the stored chunks, while searches read the live one and new sources are written
   * to both; when complete it becomes live on every node and the old one is dropped. Fails 400 for a provider that is
   * not installed or a {@code chunkSize} (a re-chunk is ingestion's: {@link IngestionBus#RECHUNK_START}), 409 {@value #ALREADY_LIVE} when the live index
   * is of that model, 409 {@value #REINDEX_RUNNING} when a re-index runs.
   */
  public static final String REINDEX_START = "retrieval.reindex.start";

  /** {@code {"jobId"}} -> {@code {}}: the running re-index stops and its vectors are dropped; 404 when none runs with that id. */
  public static final String REINDEX_CANCEL = "retrieval.reindex.cancel";

  /**
   * {@code {}} -> {@code {"configuredProvider", "live"?: {"embeddingModel", "model", "dimension"}, "mismatch"?: bool,
   * "building"?: Job, "last"?: Job}}: the index's model, whether it differs from the configured provider (the node then
   * serves the old index: {@code embedding-model-change}), and the running and last re-index.
   */
  public static final String REINDEX_STATUS = "retrieval.reindex.status";

  /** {@code {"userId", "jobId"}} -> {@code {"job": Job}} of a re-index that user started; 404 otherwise. */
  public static final String REINDEX_JOB = "retrieval.reindex.job";

  /**
   * Published (no reply) when an index generation starts, ends or becomes live: every retrieval verticle reads them
   * again, opening the index being built (new sources land in both) or switching searches to the new live one.
   */
  public static final String GENERATIONS_CHANGED = "retrieval.generations.changed";

  public static final String ALREADY_LIVE = "already_live";
  public static final String REINDEX_RUNNING = "reindex_running";

  public static final int MAX_CHUNK_IDS = 1000;

  public static final int MAX_INDEX_BATCH = 256;

  public static final int MAX_TOP_K = 100;

  private RetrievalBus() {
  }
}
