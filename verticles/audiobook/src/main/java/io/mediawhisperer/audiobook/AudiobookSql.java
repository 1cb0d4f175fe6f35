package io.mediawhisperer.audiobook;

/** The SQL of the audiobook role; it names only its own tables (audiobooks, audiobook_chapters). */
final class AudiobookSql {

  private AudiobookSql() {
  }

  static final String BOOK_COLUMNS = "b.id, b.user_id, b.source_id, b.title, b.voice, b.format, b.speed, b.status, b.stage,"
      + " b.progress, b.error, b.duration_ms, b.audio_key, b.audio_bytes, b.attempts, b.created_at, b.started_at,"
      + " b.completed_at, b.updated_at";

  static final String INSERT_BOOK = "INSERT INTO audiobooks AS b (id, user_id, source_id, title, voice, format, speed, status)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued') RETURNING " + BOOK_COLUMNS;

  static final String BOOK = "SELECT " + BOOK_COLUMNS + " FROM audiobooks b WHERE b.id = $1 AND b.user_id = $2";

  static final String LIST_BOOKS = "SELECT " + BOOK_COLUMNS + " FROM audiobooks b WHERE b.user_id = $1"
      + " AND ($2::timestamptz IS NULL OR (b.created_at, b.id) < ($2, $3::uuid))"
      + " ORDER BY b.created_at DESC, b.id DESC LIMIT $4";

  static final String CHAPTERS = "SELECT audiobook_id, number, title, status, duration_ms, audio_key, audio_bytes, words"
      + " FROM audiobook_chapters WHERE audiobook_id = ANY ($1) ORDER BY audiobook_id, number";

  static final String CHAPTER = "SELECT c.number, c.status, c.audio_key, c.audio_bytes FROM audiobook_chapters c"
      + " JOIN audiobooks b ON b.id = c.audiobook_id WHERE b.id = $1 AND b.user_id = $2 AND c.number = $3";

  static final String CANCEL_BOOK = "UPDATE audiobooks b SET status = 'cancelled', node_id = NULL, completed_at = now(),"
      + " updated_at = now() WHERE b.id = $1 AND b.user_id = $2 AND b.status IN ('queued', 'running') RETURNING " + BOOK_COLUMNS;

  static final String DELETE_BOOK = "DELETE FROM audiobooks WHERE id = $1 AND user_id = $2 RETURNING id";

  static final String DELETE_USER_BOOKS = "DELETE FROM audiobooks WHERE user_id = $1 RETURNING id";

  /**
   * The one stale rule of a book's steps and of its chapters: running, and its node has not
   * heart-beaten for {@code seconds} ({@code job-stale-seconds}).
   */
  private static String stale(String alias, String seconds) {
    return alias + ".heartbeat_at < now() - make_interval(secs => " + seconds + ")";
  }

  /** A book whose chapters are not written yet, queued or left by a node that stopped. */
  static final String CLAIM_SCRIPT = "UPDATE audiobooks b SET status = 'running', node_id = $1, heartbeat_at = now(),"
      + " attempts = b.attempts + 1, started_at = coalesce(b.started_at, now()), updated_at = now()"
      + " WHERE b.id = (SELECT id FROM audiobooks x WHERE x.stage = 'script'"
      + " AND (x.status = 'queued' OR (x.status = 'running' AND " + stale("x", "$2") + "))"
      + " ORDER BY x.created_at FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + BOOK_COLUMNS;

  static final String INSERT_CHAPTER = "INSERT INTO audiobook_chapters (audiobook_id, number, title, paragraphs, words, status)"
      + " VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT (audiobook_id, number) DO NOTHING";

  /** Written only while this node still holds the step, so a node that lost it cannot overwrite the new holder. */
  static final String SCRIPT_DONE = "UPDATE audiobooks b SET stage = 'chapters', progress = 2, node_id = NULL, updated_at = now()"
      + " WHERE b.id = $1 AND b.node_id = $2 AND b.stage = 'script' AND b.status = 'running' RETURNING " + BOOK_COLUMNS;

  /**
   * The next chapter to synthesize: the oldest running book's first chapter pending or left by a
   * node that stopped, of a book whose voice this node has ($3).
   */
  static final String CLAIM_CHAPTER = "UPDATE audiobook_chapters c SET status = 'running', node_id = $1, heartbeat_at = now(),"
      + " attempts = c.attempts + 1"
      + " FROM audiobooks b WHERE b.id = c.audiobook_id AND (c.audiobook_id, c.number) = ("
      + " SELECT y.audiobook_id, y.number FROM audiobook_chapters y JOIN audiobooks z ON z.id = y.audiobook_id"
      + " WHERE z.status = 'running' AND z.stage = 'chapters' AND z.voice = ANY ($3)"
      + " AND (y.status = 'pending' OR (y.status = 'running' AND " + stale("y", "$2") + "))"
      + " ORDER BY z.created_at, y.number FOR UPDATE OF y SKIP LOCKED LIMIT 1)"
      + " RETURNING c.audiobook_id, c.number, c.title, c.paragraphs, c.attempts, b.user_id, b.voice, b.format, b.speed";

  /**
   * A script step given back because the source's owner could not be reached (a node without the
   * ingestion role in reach): the attempt is not counted, another node takes it.
   */
  static final String SCRIPT_RELEASE = "UPDATE audiobooks SET status = 'queued', node_id = NULL, attempts = attempts - 1,"
      + " updated_at = now() WHERE id = $1 AND node_id = $2 AND stage = 'script' AND status = 'running'";

  static final String CHAPTER_DONE = "UPDATE audiobook_chapters SET status = 'done', duration_ms = $4, audio_key = $5,"
      + " audio_bytes = $6, synthesis_ms = $7, done_at = now(), node_id = NULL"
      + " WHERE audiobook_id = $1 AND number = $2 AND node_id = $3 AND status = 'running'"
      // a book cancelled meanwhile keeps no audio: the worker removes the file it stored
      + " AND EXISTS (SELECT 1 FROM audiobooks WHERE id = $1 AND status = 'running') RETURNING number";

  /** A chapter that failed goes back to pending for another attempt (the claim counts attempts). */
  static final String CHAPTER_RELEASE = "UPDATE audiobook_chapters SET status = 'pending', node_id = NULL"
      + " WHERE audiobook_id = $1 AND number = $2 AND node_id = $3 AND status = 'running'";

  /** Progress from finished chapters, and the move to assembly once every chapter is done. */
  static final String CHAPTERS_PROGRESS = """
      UPDATE audiobooks b SET
        progress = GREATEST(b.progress, 2 + 93 * d.done / GREATEST(d.total, 1)),
        stage = CASE WHEN d.done = d.total THEN 'assemble' ELSE b.stage END,
        node_id = CASE WHEN d.done = d.total THEN NULL ELSE b.node_id END,
        updated_at = now()
      FROM (SELECT count(*) FILTER (WHERE status = 'done') AS done, count(*) AS total
            FROM audiobook_chapters WHERE audiobook_id = $1) d
      WHERE b.id = $1 AND b.status = 'running' AND b.stage = 'chapters'
      RETURNING\s""" + BOOK_COLUMNS;

  static final String CLAIM_ASSEMBLY = "UPDATE audiobooks b SET node_id = $1, heartbeat_at = now(), updated_at = now()"
      + " WHERE b.id = (SELECT id FROM audiobooks x WHERE x.status = 'running' AND x.stage = 'assemble'"
      + " AND (x.node_id IS NULL OR " + stale("x", "$2") + ")"
      + " ORDER BY x.created_at FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + BOOK_COLUMNS;

  static final String ASSEMBLY_CHAPTERS = "SELECT number, title, duration_ms, audio_key FROM audiobook_chapters"
      + " WHERE audiobook_id = $1 ORDER BY number";

  static final String BOOK_DONE = "UPDATE audiobooks b SET status = 'completed', stage = 'done', progress = 100, duration_ms = $3,"
      + " audio_key = $4, audio_bytes = $5, completed_at = now(), updated_at = now(), node_id = NULL"
      + " WHERE b.id = $1 AND b.node_id = $2 AND b.status = 'running' RETURNING " + BOOK_COLUMNS;

  /** Fails a book whatever step it is in (a chapter out of attempts, no text, a source that is gone). */
  static final String BOOK_FAILED = "UPDATE audiobooks b SET status = 'failed', error = $2, completed_at = now(), updated_at = now(),"
      + " node_id = NULL WHERE b.id = $1 AND b.status IN ('queued', 'running') RETURNING " + BOOK_COLUMNS;

  static final String HEARTBEAT_CHAPTERS = "UPDATE audiobook_chapters SET heartbeat_at = now() WHERE node_id = $1 AND status = 'running'"
      + " RETURNING audiobook_id, number";

  static final String HEARTBEAT_BOOKS = "UPDATE audiobooks SET heartbeat_at = now() WHERE node_id = $1 AND status = 'running' RETURNING id";
}
