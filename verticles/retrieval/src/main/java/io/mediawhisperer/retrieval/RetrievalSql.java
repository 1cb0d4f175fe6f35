package io.mediawhisperer.retrieval;

/**
 * Every statement the retrieval verticle runs, on its own tables only: {@code search_sources} (a
 * copy of what a hit shows of its source) and {@code chunks}. Each one that reads user data filters
 * by the user.
 */
final class RetrievalSql {

  /** The user's indexed sources matching the optional filters (NULL means "any"). */
  static final String SCOPED_SOURCES = "SELECT s.source_id AS id FROM search_sources s WHERE s.user_id = $1"
      + " AND ($2::uuid[] IS NULL OR s.source_id = ANY ($2)) AND ($3::uuid IS NULL OR s.collection_id = $3)"
      + " AND ($4::text[] IS NULL OR s.kind = ANY ($4)) AND ($5::text[] IS NULL OR s.tags && $5)";

  /**
   * Full-text candidates: the question's words OR-ed (a question rarely contains every word of
   * its answer, which AND semantics would demand), ranked by cover density.
   */
  static final String TEXT_SEARCH = """
      WITH q AS (
        SELECT to_tsquery('english', string_agg(quote_literal(lexeme), ' | ')) AS query
        FROM unnest(tsvector_to_array(to_tsvector('english', $2))) AS lexeme)
      SELECT c.id, ts_rank_cd(c.tsv, q.query, 1) AS rank
      FROM chunks c, q
      WHERE c.user_id = $1 AND q.query IS NOT NULL AND c.tsv @@ q.query AND NOT c.pending
        AND ($3::uuid[] IS NULL OR c.source_id = ANY ($3))
      ORDER BY rank DESC, c.id
      LIMIT $4""";

  static final String HITS = """
      SELECT c.id, c.source_id, c.text, c.page_start, c.start_seconds, c.end_seconds, c.message_index,
             s.title, s.kind, s.video_id
      FROM chunks c JOIN search_sources s ON s.source_id = c.source_id
      WHERE c.id = ANY ($1) AND c.user_id = $2 AND NOT c.pending""";

  // --- the index, written as ingestion asks ---

  /**
   * The rows of sources about to be deleted, locked: a batch storing chunks or cache entries for one
   * of them holds a share lock, so once this returns every such batch has committed or will find
   * the source gone ($2: one user's, or NULL for any user's).
   */
  static final String LOCK_SOURCES_FOR_DELETE = "SELECT source_id, user_id FROM search_sources"
      + " WHERE source_id = ANY ($1) AND ($2::uuid IS NULL OR user_id = $2) FOR UPDATE";

  static final String USER_SOURCES = "SELECT source_id FROM search_sources WHERE user_id = $1";
  static final String USER_CHUNK_IDS = "SELECT id FROM chunks WHERE user_id = $1";
  static final String DELETE_USER_SOURCES = "DELETE FROM search_sources WHERE user_id = $1";
  static final String DELETE_USER_CHUNKS = "DELETE FROM chunks WHERE user_id = $1";
  static final String DELETE_USER_CACHE = "DELETE FROM embedding_cache WHERE user_id = $1";

  /** Removes what an earlier attempt indexed (chunks go with the row) and starts afresh. */
  static final String DELETE_SOURCE = "DELETE FROM search_sources WHERE source_id = $1 AND user_id = $2";

  static final String INSERT_SOURCE = """
      INSERT INTO search_sources (source_id, user_id, collection_id, kind, title, video_id, tags)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  static final String SOURCE_SHOWN = "UPDATE search_sources SET title = $3, video_id = $4 WHERE source_id = $1 AND user_id = $2";
  static final String SET_TAGS = "UPDATE search_sources SET tags = $3 WHERE source_id = $1 AND user_id = $2";

  static final String TAG_REMOVED = "UPDATE search_sources SET tags = array_remove(tags, $2) WHERE user_id = $1 AND $2 = ANY (tags)";

  /** The source's row (its collection), locked so its chunks are not written while it is being deleted. */
  static final String LOCK_SOURCE = "SELECT collection_id FROM search_sources WHERE source_id = $1 AND user_id = $2 FOR SHARE";

  static final String INSERT_CHUNK = """
      INSERT INTO chunks (id, source_id, user_id, seq, text, token_count, page_start, page_end, start_seconds, end_seconds,
                          message_index, embedding_model, embedding_dimension, pending)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""";

  // --- a source's chunks replaced (a re-chunk): the new ones pending beside the old, then swapped ---

  /** What an abandoned replacement of the source left, removed before another starts. */
  static final String DELETE_PENDING = "DELETE FROM chunks WHERE source_id = $1 AND user_id = $2 AND pending RETURNING id";

  static final String PENDING_IDS = "SELECT id FROM chunks WHERE source_id = $1 AND user_id = $2 AND pending";

  static final String PENDING_COUNT = "SELECT count(*) FROM chunks WHERE source_id = $1 AND user_id = $2 AND pending";

  /** The swap, first half: the visible chunks go (their ids returned, for their vectors). */
  static final String DELETE_VISIBLE = "DELETE FROM chunks WHERE source_id = $1 AND user_id = $2 AND NOT pending RETURNING id";

  /** The swap, second half, in the same transaction: the pending chunks become the source's. */
  static final String SHOW_PENDING = "UPDATE chunks SET pending = false WHERE source_id = $1 AND user_id = $2 AND pending";

  /** The first $3 chunks of each of the user's sources in $2, joined. */
  static final String OPENINGS = """
      SELECT c.source_id, string_agg(c.text, ' ' ORDER BY c.seq) AS text
      FROM chunks c
      WHERE c.user_id = $1 AND c.source_id = ANY ($2) AND NOT c.pending
        AND c.seq < (SELECT min(f.seq) FROM chunks f WHERE f.source_id = c.source_id AND NOT f.pending) + $3
      GROUP BY c.source_id""";

  static final String COLLECTION_REMOVED = "UPDATE search_sources SET collection_id = NULL WHERE user_id = $1 AND collection_id = $2";

  // --- the embedding cache ---

  /** The user's cached vectors of the texts hashed in $4, by one model; {@code stale}: last used over an hour ago. */
  static final String CACHED_VECTORS = """
      SELECT text_hash, vector, last_used < now() - interval '1 hour' AS stale
      FROM embedding_cache
      WHERE user_id = $1 AND model = $2 AND dimension = $3 AND text_hash = ANY ($4)""";

  /**
   * New entries (hashes $4, vectors $5), only while the source $6 still exists: the share lock waits
   * for a delete in progress, which then finds every entry written before it (see {@link #PURGE_CACHE}).
   */
  static final String CACHE_VECTORS = """
      INSERT INTO embedding_cache (user_id, model, dimension, text_hash, vector)
      SELECT $1, $2, $3, fresh.text_hash, fresh.vector FROM unnest($4::bytea[], $5::bytea[]) AS fresh (text_hash, vector)
      WHERE EXISTS (SELECT 1 FROM search_sources WHERE source_id = $6 AND user_id = $1 FOR SHARE)
      ON CONFLICT (user_id, text_hash, model) DO UPDATE SET dimension = EXCLUDED.dimension, vector = EXCLUDED.vector, last_used = now()""";

  /** Marks hits used; only those not marked within the hour, so a hit rarely costs a write. */
  static final String TOUCH_CACHED = """
      UPDATE embedding_cache SET last_used = now()
      WHERE user_id = $1 AND model = $2 AND text_hash = ANY ($3) AND last_used < now() - interval '1 hour'""";

  /**
   * The user's entries (of any model) for the texts of the sources $2, before their chunks are
   * deleted, except texts another of the user's sources still has: a deleted document's vectors
   * leave with it, a passage the user still keeps elsewhere stays cached.
   */
  static final String PURGE_CACHE = """
      DELETE FROM embedding_cache e
      USING (SELECT DISTINCT sha256(convert_to(c.text, 'UTF8')) AS text_hash
             FROM chunks c
             WHERE c.user_id = $1 AND c.source_id = ANY ($2)
               AND NOT EXISTS (SELECT 1 FROM chunks o WHERE o.user_id = $1 AND o.text = c.text AND o.source_id <> ALL ($2))) gone
      WHERE e.user_id = $1 AND e.text_hash = gone.text_hash""";

  /** Up to $2 entries unused for $1 hours. */
  static final String EXPIRE_CACHED = """
      DELETE FROM embedding_cache WHERE (user_id, model, text_hash) IN (
        SELECT user_id, model, text_hash FROM embedding_cache WHERE last_used < now() - make_interval(hours => $1::integer) LIMIT $2)""";

  static final String COUNT_CACHED = "SELECT count(*) FROM embedding_cache";

  /** The $1 least recently used entries. */
  static final String EVICT_CACHED = """
      DELETE FROM embedding_cache WHERE (user_id, model, text_hash) IN (
        SELECT user_id, model, text_hash FROM embedding_cache ORDER BY last_used LIMIT $1)""";

  // --- the orphan sweep ---

  /** A page of indexed source ids, any user's, in order, after $1. */
  static final String SOURCE_IDS = "SELECT source_id FROM search_sources WHERE ($1::uuid IS NULL OR source_id > $1)"
      + " ORDER BY source_id LIMIT $2";

  static final String DELETE_SOURCES = "DELETE FROM search_sources WHERE source_id = ANY ($1) RETURNING source_id, user_id";

  /** Of the given chunk ids, those that exist. */
  static final String EXISTING_CHUNKS = "SELECT id FROM chunks WHERE id = ANY ($1)";

  private RetrievalSql() {
  }
}
