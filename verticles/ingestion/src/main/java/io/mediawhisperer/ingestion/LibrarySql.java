package io.mediawhisperer.ingestion;

/** The statements of the chat-log library: tags, annotations, versions, merges and the search of messages (migration V9). */
final class LibrarySql {

  // --- tags ---

  static final String TAG_COLUMNS = "t.id, t.name, t.created_at,"
      + " (SELECT count(*) FROM sources s WHERE s.user_id = t.user_id AND t.name = ANY (s.tags)) AS source_count";

  static final String INSERT_TAG = "INSERT INTO tags AS t (user_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING " + TAG_COLUMNS;

  static final String LIST_TAGS = "SELECT " + TAG_COLUMNS + " FROM tags t WHERE t.user_id = $1"
      + " AND ($2::timestamptz IS NULL OR (t.created_at, t.id) < ($2, $3::uuid)) ORDER BY t.created_at DESC, t.id DESC LIMIT $4";

  static final String TAG = "SELECT t.name FROM tags t WHERE t.id = $1 AND t.user_id = $2";

  static final String DELETE_TAG = "DELETE FROM tags WHERE id = $1 AND user_id = $2 RETURNING name";

  static final String UNTAG_SOURCES = "UPDATE sources SET tags = array_remove(tags, $2), updated_at = now() WHERE user_id = $1 AND $2 = ANY (tags)";

  /** Of the given tag ids, the user's, with their names. */
  static final String OWNED_TAGS = "SELECT id, name FROM tags WHERE user_id = $1 AND id = ANY ($2)";

  static final String SET_SOURCE_TAGS = "UPDATE sources SET tags = $3, updated_at = now() WHERE id = $1 AND user_id = $2 RETURNING id";

  // --- a chat log's current text ---

  static final String CHAT_LOG = """
      SELECT s.id, s.kind, s.title, s.status, s.collection_id, s.tags, s.current_version, s.platform
      FROM sources s WHERE s.id = $1 AND s.user_id = $2""";

  /** The messages of one version and branch, in order. */
  static final String VERSION_MESSAGES = """
      SELECT seq, role, content, created_at, model, tool_name, origin_source_id, origin_index
      FROM source_messages WHERE source_id = $1 AND version = $2 AND branch = $3 ORDER BY seq""";

  static final String VERSIONS = """
      SELECT v.version, v.origin, v.created_at, v.branches,
             (SELECT count(*) FROM source_messages m WHERE m.source_id = v.source_id AND m.version = v.version AND m.branch = 0) AS messages
      FROM source_versions v JOIN sources s ON s.id = v.source_id
      WHERE s.id = $1 AND s.user_id = $2 AND v.version > $3 ORDER BY v.version LIMIT $4""";

  static final String VERSION = """
      SELECT v.version, v.origin, v.created_at, v.branches FROM source_versions v JOIN sources s ON s.id = v.source_id
      WHERE s.id = $1 AND s.user_id = $2 AND v.version = $3""";

  /** A new version of the user's chat log becomes current, to be indexed again by a {@code chat_index} job. */
  static final String SET_VERSION = """
      UPDATE sources SET current_version = $3, message_count = $4, file_size = $5, status = 'processing', error = NULL, updated_at = now()
      WHERE id = $1 AND user_id = $2 AND current_version = $6 RETURNING id""";

  static final String INSERT_INDEX_JOB = "INSERT INTO jobs AS j (user_id, type, source_id, status) VALUES ($1, 'chat_index', $2, 'queued')"
      + " RETURNING " + IngestionSql.JOB_COLUMNS;

  // --- annotations ---

  static final String ANNOTATION_COLUMNS = "a.id, a.source_id, a.version, a.message_index, a.start_offset, a.end_offset, a.quote,"
      + " a.content, a.detached, a.created_at";

  static final String INSERT_ANNOTATION = """
      INSERT INTO annotations AS a (user_id, source_id, version, message_index, start_offset, end_offset, quote, content)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING\s""" + ANNOTATION_COLUMNS;

  static final String ANNOTATIONS = "SELECT " + ANNOTATION_COLUMNS + " FROM annotations a WHERE a.source_id = $1 AND a.user_id = $2"
      + " AND ($3::timestamptz IS NULL OR (a.created_at, a.id) > ($3, $4::uuid)) ORDER BY a.created_at, a.id LIMIT $5";

  static final String ATTACHED_ANNOTATIONS = "SELECT " + ANNOTATION_COLUMNS + " FROM annotations a WHERE a.source_id = $1 AND NOT a.detached";

  static final String MOVE_ANNOTATION = "UPDATE annotations SET version = $2, message_index = $3, start_offset = $4, end_offset = $5,"
      + " detached = $6 WHERE id = $1";

  static final String DELETE_ANNOTATION = "DELETE FROM annotations WHERE id = $1 AND user_id = $2";

  // --- merge ---

  static final String INSERT_MERGED_SOURCE = """
      INSERT INTO sources (id, user_id, kind, title, status, parser, content_sha256, file_size, platform, external_id,
                           current_version, message_count, metadata)
      VALUES ($1, $2, 'chat_log', $3, 'processing', 'merge', $4, $5, 'merged', $6, 1, $7, $8)""";

  // --- searching messages ---

  /**
   * The user's chat-log messages (current version, main thread) matching $2 in web-search syntax,
   * best first; the snippet (ts_headline, on HTML-escaped text, so only its marks are markup) is
   * made for the page's rows only.
   */
  static final String SEARCH_MESSAGES = """
      SELECT hit.source_id, hit.title, hit.platform, hit.seq, hit.role, hit.created_at, hit.rank,
             ts_headline('english', replace(replace(replace(hit.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), hit.query,
                         'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=8, FragmentDelimiter=" … "') AS snippet
      FROM (
        SELECT s.id AS source_id, s.title, s.platform, m.seq, m.role, m.created_at, m.content, q.query,
               ts_rank_cd(m.tsv, q.query) AS rank
        FROM source_messages m
          JOIN sources s ON s.id = m.source_id AND m.version = s.current_version AND m.branch = 0,
          (SELECT websearch_to_tsquery('english', $2) AS query) q
        WHERE s.user_id = $1 AND s.kind = 'chat_log' AND m.tsv @@ q.query
          AND ($3::text IS NULL OR s.platform = $3) AND ($4::text IS NULL OR $4 = ANY (s.tags))
          AND ($5::timestamptz IS NULL OR m.created_at >= $5) AND ($6::timestamptz IS NULL OR m.created_at < $6)
        ORDER BY rank DESC, s.id, m.seq
        LIMIT $7 OFFSET $8) hit
      ORDER BY hit.rank DESC, hit.source_id, hit.seq""";

  private LibrarySql() {
  }
}
