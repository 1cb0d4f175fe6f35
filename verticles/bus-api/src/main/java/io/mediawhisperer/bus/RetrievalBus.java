package io.mediawhisperer.bus;

/**
 * The bus contract of the retrieval verticle, which owns the vector backend (with Lucene, the
 * index lives on the node running this role; every other node reaches it here).
 */
public final class RetrievalBus {

  /**
   * {@code {"records": [{"chunkId", "userId", "sourceId", "collectionId"?, "model", "vector":
   * base64}]}} -> {@code {"upserted": n}}. Durable when answered.
   */
  public static final String UPSERT = "retrieval.vectors.upsert";

  /** {@code {"userId", "sourceId"}} -> {@code {"deleted": n}}. */
  public static final String DELETE_SOURCE = "retrieval.vectors.delete-source";

  /**
   * {@code {"userId", "model", "vector": base64, "k", "sourceIds"?: [...], "collectionId"?}} ->
   * {@code {"hits": [{"chunkId", "sourceId", "score"}]}}, best first, only the user's vectors.
   */
  public static final String VECTOR_SEARCH = "retrieval.vectors.search";

  /**
   * The HTTP contract's search: {@code {"userId", "query", "topK"? (1-100, default config rag_top_k),
   * "mode"?: "hybrid"|"vector"|"text", "sourceIds"?, "collectionId"?, "kinds"?}} ->
   * {@code {"results": [Hit], "tookMs", "mode"}}. A Hit is {@code {"chunkId", "sourceId",
   * "sourceTitle", "kind", "text", "score", "pageNumber"?, "start"?, "end"?, "messageIndex"?,
   * "url"?}}; only the user's own chunks are ever returned. Fails 400 for a bad request.
   */
  public static final String SEARCH = "retrieval.search";

  /**
   * For the vector sweep: {@code {"after"?: chunkId, "limit"?: 1-}{@value #MAX_CHUNK_IDS}{@code }} ->
   * {@code {"chunkIds": [...]}}, the stored chunk ids (every user, every model) that sort after
   * {@code after} as strings, ascending; an empty list is the end.
   */
  public static final String CHUNK_IDS = "retrieval.vectors.chunk-ids";

  /**
   * For the vector sweep: {@code {"chunkIds": [...]}} (at most {@value #MAX_CHUNK_IDS}) ->
   * {@code {"deleted": n}}; removes those vectors whoever they belong to.
   */
  public static final String DELETE_CHUNKS = "retrieval.vectors.delete-chunks";

  /**
   * For {@code /health}: {@code {}} -> {@code {"backend": name}} when the vector backend answers
   * (it is opened first if this node has not opened it yet); fails 503 {@value Failure#UNAVAILABLE}
   * with the reason (for superusers' eyes: it may name a path) when it cannot.
   */
  public static final String HEALTH = "retrieval.health";

  public static final int MAX_CHUNK_IDS = 1000;

  public static final int MAX_TOP_K = 100;

  private RetrievalBus() {
  }
}
