package io.mediawhisperer.bus;

/**
 * The bus contract of the audiobook verticle: a source read aloud in chapters by a speech
 * synthesizer plugin, encoded with ffmpeg, kept in the blob store. Every request carries
 * {@code userId} (set by the http verticle); another user's audiobook or source is 404
 * {@value Failure#NOT_FOUND}, exactly like one that does not exist.
 *
 * <p>Audiobook is the HTTP contract's {@code {"id", "sourceId", "title", "status":
 * "queued|running|completed|failed|cancelled", "format", "voice", "speed", "progress",
 * "durationSeconds"?, "chapters": [{"number", "title", "start", "duration", "status"}], "error"?,
 * "createdAt", "completedAt"?}}; its job is the Job shape with {@code type = "audiobook"} and the
 * audiobook's id (an audiobook is its own job).
 */
public final class AudiobookBus {

  /** {@code {}} -> {@code {"items": [{"id", "engine", "language", "name"}], "default"}}: every voice of every engine this node runs. */
  public static final String VOICES = "audiobook.voices";

  /**
   * {@code {"userId", "sourceId", "voice"?, "format"?: "m4b|mp3|opus", "speed"?}} -> {@code {"audiobook", "job"}}:
   * queues the book. The voice defaults to the best installed voice for the source's language; an
   * unknown voice or format is 400 listing what exists; a speed outside 0.5..2.0 is 400; a source
   * still being ingested (or failed) is 409 {@value IngestionBus#NOT_READY}.
   */
  public static final String CREATE = "audiobook.create";

  /** {@code {"userId", "limit"?, "cursor"?}} -> {@code {"items": [Audiobook], "nextCursor"}}, newest first. */
  public static final String LIST = "audiobook.list";

  /** {@code {"userId", "audiobookId"}} -> {@code {"audiobook"}}. */
  public static final String GET = "audiobook.get";

  /** {@code {"userId", "jobId"}} -> {@code {"job"}}: the audiobook's job shape (for {@code GET /api/v1/jobs/{id}}). */
  public static final String JOB = "audiobook.job";

  /**
   * {@code {"userId", "audiobookId", "chapter"?}} -> {@code {"key", "contentType", "fileName", "size"}}: the blob of a
   * completed book, or of one finished chapter (numbered from 1). 409 {@value #NOT_READY} while the
   * book (or that chapter) is not finished.
   */
  public static final String AUDIO = "audiobook.audio";

  /**
   * {@code {"userId", "audiobookId"}} -> {@code {"audiobook"}}: a queued or running book becomes
   * {@code cancelled}, its work stops on every node within a heartbeat and its audio files are removed;
   * the book stays listed. A book already finished (completed, failed, cancelled) is 409 {@value #NOT_RUNNING}.
   */
  public static final String CANCEL = "audiobook.cancel";

  public static final String NOT_RUNNING = "audiobook_not_running";

  /** {@code {"userId", "audiobookId"}} -> {@code {}}: cancels its work (a worker stops within seconds) and removes its rows and files. */
  public static final String DELETE = "audiobook.delete";

  /** Published (no reply) when a book is queued or a chapter freed, so idle workers of every node look at once. */
  public static final String WAKE = "audiobook.wake";

  /**
   * Part of an account's deletion: {@code {"userId"}} -> {@code {"audiobooks": n, "blobs": m}}. Running books
   * are cancelled, the user's audiobooks and chapters deleted, then every blob under the user's
   * {@code audiobooks/} area. Idempotent.
   */
  public static final String PURGE_USER = "audiobook.user.purge";

  /** Published (no reply) when a book is deleted: {@code {"audiobookId"}}; whichever node works on it stops. */
  public static final String CANCELLED = "audiobook.cancelled";

  public static final String NOT_READY = "audiobook_not_ready";

  private AudiobookBus() {
  }
}
