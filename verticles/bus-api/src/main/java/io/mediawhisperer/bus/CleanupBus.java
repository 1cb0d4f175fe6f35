package io.mediawhisperer.bus;

/**
 * The bus contract of the cleanup verticle, which keeps the schedule of the sweeps and their
 * cluster-wide locks; each sweep but the uploads' is run by the owner of the data it sweeps, over
 * that owner's address (named below). Each sweep runs on its own timer
 * ({@code cleanup-<sweep>-interval-seconds}); these addresses run one now (operators, tests). Every
 * sweep takes a cluster-wide lock first: one that another node (or this one) is running answers
 * {@code {"skipped": true}} instead of running twice. Each logs what it removed and counts it in
 * the metrics ({@code mw_cleanup_runs_total{sweep,outcome}}, {@code mw_cleanup_removed_total{sweep,what}}).
 */
public final class CleanupBus {

  /** {@code {}} -> {@code {"deleted": n}} or {@code {"skipped": true}}: expired sessions deleted, by {@link AuthBus#SWEEP_SESSIONS}. */
  public static final String SWEEP_SESSIONS = "cleanup.sessions.sweep";

  /**
   * {@code {}} -> {@code {"requeued": n, "failed": m}} or {@code {"skipped": true}}: every job
   * {@code running} whose node has not heart-beaten for {@code job-stale-seconds} goes back to
   * {@code queued} (ingestion counts the attempt when it claims it again) or, once it has had
   * {@code job-max-attempts}, fails with a message saying why (and its source with it). The user
   * gets a {@code job} event either way. Run by {@link IngestionBus#SWEEP_JOBS}.
   */
  public static final String SWEEP_JOBS = "cleanup.jobs.sweep";

  /**
   * {@code {}} -> {@code {"checked": n, "deleted": m}} or {@code {"skipped": true}}: vectors whose
   * chunk no longer exists are removed from the vector backend, with the index of every source that
   * no longer exists (the reply then also has {@code "sources"}). Run by
   * {@link RetrievalBus#SWEEP_ORPHANS}.
   */
  public static final String SWEEP_VECTORS = "cleanup.vectors.sweep";

  /**
   * {@code {}} -> {@code {"expired": a, "evicted": b, "entries": n}} or {@code {"skipped": true}}:
   * the embedding cache is brought within {@code embedding-cache-max-age-hours} and
   * {@code embedding-cache-max-entries}. Run by {@link RetrievalBus#SWEEP_EMBEDDING_CACHE}.
   */
  public static final String SWEEP_EMBEDDING_CACHE = "cleanup.embedding-cache.sweep";

  /**
   * {@code {}} -> {@code {"removed": n, "entries": m}} or {@code {"skipped": true}}: cached transcripts
   * nobody asked for in {@code transcript-cache-unused-days} are removed. Run by {@link TranscriptBus#SWEEP_CACHE}.
   */
  public static final String SWEEP_TRANSCRIPT_CACHE = "cleanup.transcript-cache.sweep";

  /**
   * {@code {}} -> {@code {"checked": n, "deleted": m}} or {@code {"skipped": true}}: files under
   * {@code sources/<user>/<source>/} whose source no longer exists, once they are
   * {@code cleanup-uploads-max-age-seconds} old (a younger one may belong to a source whose row is
   * not committed yet), are removed from the blob store. {@code deleted} counts blobs. Run by
   * {@link IngestionBus#SWEEP_BLOBS}.
   */
  public static final String SWEEP_BLOBS = "cleanup.blobs.sweep";

  /**
   * {@code {}} -> {@code {"blobs": n, "files": m}} or {@code {"skipped": true}}: upload blobs
   * ({@code uploads/<id>}) and this node's temporary files in {@code <data-dir>/uploads} untouched for
   * {@code cleanup-uploads-max-age-seconds} are removed: an upload abandoned half-way, or one no
   * ingestion node ever took over. The local files are this node's alone, so every node with the
   * cleanup role sweeps its own, lock or not.
   */
  public static final String SWEEP_UPLOADS = "cleanup.uploads.sweep";

  private CleanupBus() {
  }
}
