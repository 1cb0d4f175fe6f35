package io.mediawhisperer.ingestion;

/** The statements of chat logs: their sources, versions and messages (ingestion's tables, migration V8). */
final class ChatLogSql {

  static final String INSERT_IMPORT_JOB = "INSERT INTO jobs AS j (id, user_id, type, status, collection_id, payload)"
      + " VALUES ($1, $2, 'chat_import', 'queued', $3, $4) RETURNING " + IngestionSql.JOB_COLUMNS;

  static final String JOB_PAYLOAD = "SELECT payload FROM jobs WHERE id = $1";

  static final String JOB_RESULT = "UPDATE jobs SET result = $2 WHERE id = $1";

  /** The user's chat log of a platform's conversation, with the hash of its current version. */
  static final String CONVERSATION = """
      SELECT s.id, s.status, s.current_version, v.content_sha256
      FROM sources s LEFT JOIN source_versions v ON v.source_id = s.id AND v.version = s.current_version
      WHERE s.user_id = $1 AND s.platform = $2 AND s.external_id = $3""";

  static final String INSERT_SOURCE = """
      INSERT INTO sources (id, user_id, collection_id, kind, title, status, parser, content_sha256, file_size,
                           platform, external_id, current_version, message_count, metadata)
      VALUES ($1, $2, $3, 'chat_log', $4, 'processing', $5, $6, $7, $8, $9, 1, $10, $11)
      ON CONFLICT DO NOTHING
      RETURNING id""";

  static final String INSERT_VERSION = "INSERT INTO source_versions (source_id, version, origin, content_sha256, branches)"
      + " VALUES ($1, $2, $3, $4, $5)";

  /** A message, with where it came from when it was merged from another chat log (else NULL, NULL). */
  static final String INSERT_MESSAGE = "INSERT INTO source_messages (source_id, version, branch, seq, role, content, created_at,"
      + " model, tool_name, origin_source_id, origin_index) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

  /** A changed conversation's next version becomes the current one, to be indexed again. */
  static final String NEXT_VERSION = """
      UPDATE sources SET current_version = $2, message_count = $3, title = $4, status = 'processing', error = NULL,
        metadata = metadata || $5::jsonb, file_size = $6, updated_at = now()
      WHERE id = $1""";

  /** A chat log indexed ($6: the chunk size it was chunked with) or failed ($6 NULL keeps the size it had). */
  static final String DONE = "UPDATE sources SET status = $2, error = $3, chunk_count = $4, summary = coalesce($5, summary),"
      + " chunk_size = coalesce($6, chunk_size), updated_at = now() WHERE id = $1";

  /** A page of a chat log's messages (current version, one branch) after position $4, at most $5. */
  static final String MESSAGES = """
      SELECT m.seq, m.role, m.content, m.created_at, m.model, m.tool_name
      FROM source_messages m JOIN sources s ON s.id = m.source_id AND m.version = s.current_version
      WHERE s.id = $1 AND s.user_id = $2 AND s.kind = 'chat_log' AND m.branch = $3 AND m.seq > $4
      ORDER BY m.seq LIMIT $5""";

  static final String BRANCHES = """
      SELECT s.kind, v.branches FROM sources s LEFT JOIN source_versions v ON v.source_id = s.id AND v.version = s.current_version
      WHERE s.id = $1 AND s.user_id = $2""";

  /** Of the given import jobs, those still queued or running (their export must stay). */
  static final String OPEN_JOBS = "SELECT id FROM jobs WHERE id = ANY ($1) AND status IN ('queued', 'running')";

  private ChatLogSql() {
  }
}
