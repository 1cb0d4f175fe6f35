package io.mediawhisperer.cleanup;

/**
 * Every statement the cleanup verticle runs. The sweeps reach into other verticles' tables only to
 * delete what no longer belongs to anyone, or (jobs) to apply the very rule ingestion applies when
 * it claims a job, so the two never disagree.
 */
final class CleanupSql {

  static final String DELETE_EXPIRED_SESSIONS = "DELETE FROM sessions WHERE expires_at <= now()";

  static final String JOB_COLUMNS = "j.id, j.user_id, j.type, j.source_id, j.collection_id, j.status, j.stage, j.progress, j.error,"
      + " j.attempts, j.created_at, j.started_at, j.completed_at";

  /**
   * Running jobs unconfirmed for $1 seconds ({@code job-stale-seconds}, as in ingestion's claim)
   * with attempts left ($2, {@code job-max-attempts}) go back to the queue. Row locks skipped, so a
   * node claiming one of them at this moment keeps it.
   */
  static final String REQUEUE_STALE_JOBS = """
      WITH stale AS (
        SELECT id, node_id FROM jobs
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) AND attempts < $2
        FOR UPDATE SKIP LOCKED)
      UPDATE jobs j SET status = 'queued', node_id = NULL, heartbeat_at = NULL, stage = NULL, progress = 0, updated_at = now()
      FROM stale WHERE j.id = stale.id
      RETURNING stale.node_id AS lost_node, """ + JOB_COLUMNS;

  /** Stale running jobs that have had every attempt fail, with a sentence a person can act on. */
  static final String FAIL_EXHAUSTED_JOBS = """
      WITH stale AS (
        SELECT id, node_id FROM jobs
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) AND attempts >= $2
        FOR UPDATE SKIP LOCKED)
      UPDATE jobs j SET status = 'failed', stage = NULL, completed_at = now(), updated_at = now(),
        error = 'Tried ' || j.attempts || ' times; each time the server running it stopped before it finished,'
          || ' so it will not be tried again. Delete the source and upload it again, or ask the administrator.'
      FROM stale WHERE j.id = stale.id
      RETURNING stale.node_id AS lost_node, """ + JOB_COLUMNS;

  static final String FAIL_SOURCE = "UPDATE sources SET status = 'failed', error = $2, updated_at = now()"
      + " WHERE id = $1 AND status IN ('pending', 'processing')";

  /** Of the given chunk ids, those that exist. */
  static final String EXISTING_CHUNKS = "SELECT id FROM chunks WHERE id = ANY ($1)";

  /** Of the given source ids, those that exist. */
  static final String EXISTING_SOURCES = "SELECT id FROM sources WHERE id = ANY ($1)";

  private CleanupSql() {
  }
}
