package io.mediawhisperer.retrieval;

/** Every statement the retrieval verticle runs; each one filters by the user. */
final class RetrievalSql {

  /** The user's sources matching the optional filters (NULL means "any"). */
  static final String SCOPED_SOURCES = "SELECT s.id FROM sources s WHERE s.user_id = $1"
      + " AND ($2::uuid[] IS NULL OR s.id = ANY ($2)) AND ($3::uuid IS NULL OR s.collection_id = $3)"
      + " AND ($4::text[] IS NULL OR s.kind = ANY ($4))";

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
      WHERE c.user_id = $1 AND q.query IS NOT NULL AND c.tsv @@ q.query
        AND ($3::uuid[] IS NULL OR c.source_id = ANY ($3))
      ORDER BY rank DESC, c.id
      LIMIT $4""";

  static final String HITS = """
      SELECT c.id, c.source_id, c.text, c.page_start, c.start_seconds, c.end_seconds, c.message_index,
             s.title, s.kind, s.video_id
      FROM chunks c JOIN sources s ON s.id = c.source_id
      WHERE c.id = ANY ($1) AND c.user_id = $2""";

  private RetrievalSql() {
  }
}
