package io.mediawhisperer.ingestion;

/** Every statement the ingestion verticle runs. Each one that reads user data filters by user_id. */
final class IngestionSql {

  static final String SOURCE_COLUMNS = "s.id, s.user_id, s.collection_id, s.kind, s.title, s.status, s.error, s.page_count,"
      + " s.duration_seconds, s.video_id, s.channel_name, s.language, s.metadata, s.summary, s.tags, s.chunk_count,"
      + " s.platform, s.message_count, s.current_version, s.created_at, s.updated_at";

  static final String JOB_COLUMNS = "j.id, j.user_id, j.type, j.source_id, j.collection_id, j.status, j.stage, j.progress, j.error,"
      + " j.attempts, j.result, j.created_at, j.started_at, j.completed_at";

  static final String SOURCE_BY_CONTENT = "SELECT " + SOURCE_COLUMNS + " FROM sources s WHERE s.user_id = $1 AND s.content_sha256 = $2";

  static final String INSERT_SOURCE = """
      INSERT INTO sources (id, user_id, collection_id, kind, title, status, parser, content_sha256, file_name, file_size, metadata)
      VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10)
      ON CONFLICT (user_id, content_sha256) DO NOTHING
      RETURNING id""";

  static final String INSERT_JOB = "INSERT INTO jobs (user_id, type, source_id, status) VALUES ($1, 'ingest', $2, 'queued')"
      + " RETURNING id";

  static final String SOURCE = "SELECT " + SOURCE_COLUMNS + " FROM sources s WHERE s.id = $1 AND s.user_id = $2";

  /** Keyset pagination, newest first; optional filters are NULL when absent. */
  static final String LIST_SOURCES = "SELECT " + SOURCE_COLUMNS + " FROM sources s WHERE s.user_id = $1"
      + " AND ($2::text IS NULL OR s.kind = $2) AND ($3::text IS NULL OR s.status = $3)"
      + " AND ($4::uuid IS NULL OR s.collection_id = $4) AND ($5::text IS NULL OR $5 = ANY (s.tags))"
      + " AND ($6::timestamptz IS NULL OR (s.created_at, s.id) < ($6, $7::uuid))"
      + " ORDER BY s.created_at DESC, s.id DESC LIMIT $8";

  static final String PAGE = "SELECT p.text FROM source_pages p JOIN sources s ON s.id = p.source_id"
      + " WHERE s.id = $1 AND s.user_id = $2 AND p.page_number = $3";

  /** A page of segments in order: those after position $3, at most $4. */
  static final String SEGMENTS = "SELECT g.seq, g.start_seconds, g.end_seconds, g.text FROM source_segments g"
      + " JOIN sources s ON s.id = g.source_id WHERE s.id = $1 AND s.user_id = $2 AND g.seq > $3 ORDER BY g.seq LIMIT $4";

  /** A page of images in order: those after position $3, at most $4. */
  static final String IMAGES = "SELECT i.seq, i.page_number, i.width, i.height, i.format FROM source_images i"
      + " JOIN sources s ON s.id = i.source_id WHERE s.id = $1 AND s.user_id = $2 AND i.seq > $3 ORDER BY i.seq LIMIT $4";

  /**
   * A retry of a failed source (its bytes uploaded again): pending again, its error cleared; only
   * from failed, so two retries at once queue one job.
   */
  static final String SOURCE_RETRY = "UPDATE sources SET status = 'pending', error = NULL, chunk_count = 0,"
      + " metadata = metadata - 'errorCode', updated_at = now() WHERE id = $1 AND user_id = $2 AND status = 'failed' RETURNING id";

  static final String IMAGE = "SELECT i.format FROM source_images i JOIN sources s ON s.id = i.source_id"
      + " WHERE s.id = $1 AND s.user_id = $2 AND i.seq = $3";

  static final String SOURCE_FILE = "SELECT s.kind, s.parser, s.file_name FROM sources s WHERE s.id = $1 AND s.user_id = $2";

  static final String DELETE_SOURCE = "DELETE FROM sources WHERE id = $1 AND user_id = $2";

  static final String JOB = "SELECT " + JOB_COLUMNS + " FROM jobs j WHERE j.id = $1 AND j.user_id = $2";

  static final String COLLECTION_COLUMNS = "c.id, c.name, c.kind, c.url, c.summary, c.created_at, c.updated_at,"
      + " c.playlist_id, c.channel_name, c.skipped,"
      + " (SELECT count(*) FROM sources s WHERE s.collection_id = c.id) AS source_count";

  static final String INSERT_COLLECTION = "INSERT INTO collections (user_id, name, kind, url) VALUES ($1, $2, $3, $4)"
      + " RETURNING id";

  static final String COLLECTION = "SELECT " + COLLECTION_COLUMNS + " FROM collections c WHERE c.id = $1 AND c.user_id = $2";

  static final String LIST_COLLECTIONS = "SELECT " + COLLECTION_COLUMNS + " FROM collections c WHERE c.user_id = $1"
      + " AND ($2::timestamptz IS NULL OR (c.created_at, c.id) < ($2, $3::uuid))"
      + " ORDER BY c.created_at DESC, c.id DESC LIMIT $4";

  static final String INSERT_COLLECTION_SUMMARY_JOB = "INSERT INTO jobs AS j (user_id, type, collection_id, status)"
      + " VALUES ($1, 'collection_summary', $2, 'queued') RETURNING " + JOB_COLUMNS;

  /**
   * What a collection summary is made of: each finished source's own summary, or (from the search
   * index, which retrieval owns) its opening text when it has none.
   */
  static final String COLLECTION_SUMMARY_INPUT = """
      SELECT s.id, s.title, s.summary
      FROM sources s
      WHERE s.collection_id = $1 AND s.status = 'completed'
      ORDER BY s.created_at, s.id""";

  static final String COLLECTION_FOR_JOB = "SELECT name FROM collections WHERE id = $1";

  static final String COLLECTION_SUMMARY = "UPDATE collections SET summary = $2, summary_updated_at = now(), updated_at = now() WHERE id = $1";

  static final String SOURCE_SUMMARY = "UPDATE sources SET summary = $2 WHERE id = $1";

  static final String DELETE_COLLECTION = "DELETE FROM collections WHERE id = $1 AND user_id = $2";

  // an account's deletion: the sources take their pages, segments, images, versions, annotations and jobs with them
  static final String DELETE_USER_SOURCES = "DELETE FROM sources WHERE user_id = $1";
  static final String DELETE_USER_JOBS = "DELETE FROM jobs WHERE user_id = $1";
  static final String DELETE_USER_COLLECTIONS = "DELETE FROM collections WHERE user_id = $1";
  static final String DELETE_USER_TAGS = "DELETE FROM tags WHERE user_id = $1";

  // --- jobs, run by JobRunner ---

  /**
   * Takes the oldest queued job, or a running one whose node stopped heart-beating ($2 seconds) and
   * has attempts left ($3, job-max-attempts: the cleanup verticle's job sweep fails the others, by
   * the same rule); SKIP LOCKED lets every node's workers claim at once without waiting on each other.
   */
  static final String CLAIM_JOB = """
      UPDATE jobs j SET status = 'running', node_id = $1, heartbeat_at = now(), attempts = j.attempts + 1,
        started_at = coalesce(j.started_at, now()), updated_at = now(), stage = 'claimed'
      WHERE j.id = (
        SELECT id FROM jobs
        WHERE status = 'queued' OR (""" + staleJob("$2") + """
       AND attempts < $3)
        ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING\s""" + JOB_COLUMNS;

  /**
   * The one stale-job rule, of a worker's claim and of the job sweep: a job is stale when it is
   * running and its node has not heart-beaten for {@code seconds} ({@code job-stale-seconds}).
   */
  static String staleJob(String seconds) {
    return "status = 'running' AND heartbeat_at < now() - make_interval(secs => " + seconds + ")";
  }

  /**
   * The sweep's half of the rule: stale jobs with attempts left ($2, {@code job-max-attempts}) go
   * back to the queue. Row locks skipped, so a node claiming one of them at this moment keeps it.
   */
  static final String REQUEUE_STALE_JOBS = """
      WITH stale AS (
        SELECT id, node_id FROM jobs WHERE\s""" + staleJob("$1") + """
       AND attempts < $2
        FOR UPDATE SKIP LOCKED)
      UPDATE jobs j SET status = 'queued', node_id = NULL, heartbeat_at = NULL, stage = NULL, progress = 0, updated_at = now()
      FROM stale WHERE j.id = stale.id
      RETURNING stale.node_id AS lost_node,\s""" + JOB_COLUMNS;

  /** Stale jobs that have had every attempt fail, with a sentence a person can act on. */
  static final String FAIL_EXHAUSTED_JOBS = """
      WITH stale AS (
        SELECT id, node_id FROM jobs WHERE\s""" + staleJob("$1") + """
       AND attempts >= $2
        FOR UPDATE SKIP LOCKED)
      UPDATE jobs j SET status = 'failed', stage = NULL, completed_at = now(), updated_at = now(),
        error = 'Tried ' || j.attempts || ' times; each time the server running it stopped before it finished,'
          || ' so it will not be tried again. Delete the source and upload it again, or ask the administrator.'
      FROM stale WHERE j.id = stale.id
      RETURNING stale.node_id AS lost_node,\s""" + JOB_COLUMNS;

  static final String FAIL_SOURCE = "UPDATE sources SET status = 'failed', error = $2, updated_at = now()"
      + " WHERE id = $1 AND status IN ('pending', 'processing')";

  // --- asked by other owners ---

  /** Of the given source ids, those that exist (any user's: the sweeps ask). */
  static final String EXISTING_SOURCES = "SELECT id FROM sources WHERE id = ANY ($1)";

  static final String RUNNING_JOBS = "SELECT node_id, count(*) AS n FROM jobs WHERE status = 'running' AND node_id IS NOT NULL GROUP BY node_id";

  static final String OWNED_SOURCES = "SELECT count(*) AS n FROM sources WHERE user_id = $1 AND id = ANY ($2)";

  static final String OWNED_COLLECTION = "SELECT 1 FROM collections WHERE user_id = $1 AND id = $2";

  static final String HEARTBEAT = "UPDATE jobs SET heartbeat_at = now() WHERE node_id = $1 AND status = 'running'";

  /** Written only while this node still owns the job, so a node that lost it cannot overwrite the new owner. */
  static final String JOB_PROGRESS = "UPDATE jobs j SET stage = $3, progress = $4, updated_at = now()"
      + " WHERE j.id = $1 AND j.node_id = $2 AND j.status = 'running' RETURNING " + JOB_COLUMNS;

  static final String JOB_DONE = "UPDATE jobs j SET status = $3, stage = NULL, progress = CASE WHEN $3 = 'completed' THEN 100 ELSE j.progress END,"
      + " error = $4, completed_at = now(), updated_at = now()"
      + " WHERE j.id = $1 AND j.node_id = $2 AND j.status = 'running' RETURNING " + JOB_COLUMNS;

  static final String SOURCE_FOR_JOB = "SELECT s.id, s.user_id, s.collection_id, s.kind, s.parser, s.title, s.metadata"
      + " FROM sources s WHERE s.id = $1";

  static final String SOURCE_PROCESSING = "UPDATE sources SET status = 'processing', error = NULL, updated_at = now() WHERE id = $1";

  static final String SOURCE_PARSED = """
      UPDATE sources SET title = CASE WHEN (metadata ->> 'titleGiven')::boolean THEN title ELSE coalesce($2, title) END,
        page_count = $3, duration_seconds = $4, video_id = $5,
        channel_name = $6, language = $7, metadata = metadata || $8::jsonb, outline = $9::jsonb, updated_at = now()
      WHERE id = $1""";

  /** What a source says for listening: its kind, title, language and outline (the text comes by kind). */
  static final String READING_SOURCE = "SELECT s.kind, s.title, s.status, s.language, s.outline, s.current_version"
      + " FROM sources s WHERE s.id = $1 AND s.user_id = $2";

  static final String READING_PAGES = "SELECT page_number, text FROM source_pages WHERE source_id = $1 ORDER BY page_number";

  static final String READING_SEGMENTS = "SELECT start_seconds, end_seconds, text FROM source_segments WHERE source_id = $1 ORDER BY seq";

  /** The chunk size a source's chunks are (being) made with. */
  static final String SOURCE_CHUNK_SIZE = "UPDATE sources SET chunk_size = $2 WHERE id = $1";

  static final String SOURCE_DONE = "UPDATE sources SET status = $2, error = $3, chunk_count = $4, updated_at = now() WHERE id = $1";

  static final String DELETE_PAGES = "DELETE FROM source_pages WHERE source_id = $1";
  static final String DELETE_SEGMENTS = "DELETE FROM source_segments WHERE source_id = $1";
  static final String DELETE_IMAGES = "DELETE FROM source_images WHERE source_id = $1";
  static final String INSERT_PAGE = "INSERT INTO source_pages (source_id, page_number, text) VALUES ($1, $2, $3)";
  static final String INSERT_SEGMENT = "INSERT INTO source_segments (source_id, seq, start_seconds, end_seconds, text)"
      + " VALUES ($1, $2, $3, $4, $5)";
  static final String INSERT_IMAGE = "INSERT INTO source_images (source_id, seq, page_number, width, height, format)"
      + " VALUES ($1, $2, $3, $4, $5, $6)";
  /** What a search hit shows of the source, for retrieval's index; read after parsing, which may set the title. */
  static final String SOURCE_FOR_INDEX = "SELECT s.kind, s.title, s.video_id, s.tags FROM sources s WHERE s.id = $1";

  static final String MERGE_METADATA = "UPDATE sources SET metadata = metadata || $2::jsonb WHERE id = $1";

  private IngestionSql() {
  }
}
