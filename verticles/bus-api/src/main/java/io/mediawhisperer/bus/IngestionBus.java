package io.mediawhisperer.bus;

/**
 * The bus contract of the ingestion verticle: sources, their jobs, their content, collections.
 * Every request carries {@code userId} (set by the http verticle from the authenticated user,
 * never from the client); a source, job or collection of another user is 404 {@value
 * Failure#NOT_FOUND}, exactly like one that does not exist. Source, Job and Collection are
 * The HTTP contract's shapes.
 */
public final class IngestionBus {

  /**
   * {@code {"userId", "uploadKey", "sha256"?, "fileName"?, "title"?, "collectionId"?}} -> {@code
   * {"source", "job", "created": true}} or, when the user already has these bytes, {@code {"source",
   * "created": false}}.
   *
   * <p>The caller (the http verticle, which received the bytes) first puts them into the node's
   * blob store under a key of {@code io.mediawhisperer.blob.BlobLayout.newUpload()} ({@code
   * uploads/<id>}) and sends that key, so any node with the ingestion role can take the upload
   * over, whichever node received it, and the bytes' SHA-256 (64 lower-case hex digits) when it
   * computed it while receiving them, which spares ingestion a pass over them (without it,
   * ingestion reads the blob once to compute it). From the moment this request is delivered the
   * blob is ingestion's: it renames it to the source's original or deletes it, in every outcome. A
   * blob whose request never arrived (no ingestion node, a crash) is removed by the uploads sweep
   * once it is {@code cleanup-uploads-max-age-seconds} old. Fails 400 when {@code uploadKey} is not
   * an upload key or names nothing or {@code sha256} is not a SHA-256, 415
   * {@value #UNSUPPORTED_MEDIA_TYPE} when no parser recognises the bytes, 404 for a foreign collection.
   */
  public static final String CREATE_FROM_UPLOAD = "ingestion.sources.create-upload";

  /**
   * The HTTP contract's JSON source bodies plus {@code "userId"}: {@code {"kind": "transcript", "videoId",
   * "title", "segments": [...], ...}}, {@code {"kind": "text", "title", "text"}} or {@code {"kind": "video", "url",
   * "title"?, "language"?}} (the link's transcript is asked of {@code TranscriptBus.VIDEO}, whose failures come
   * back as they are: 404 video_not_found, 422 no_captions, 503 provider_unavailable, 502 provider_error; a
   * link of another shape is 400 with the shapes taken); same reply.
   */
  public static final String CREATE_FROM_JSON = "ingestion.sources.create-json";

  /** {@code {"userId", "kind"?, "status"?, "collectionId"?, "limit"?, "cursor"?}} -> {@code {"items", "nextCursor"}}. */
  public static final String LIST = "ingestion.sources.list";

  /** {@code {"userId", "sourceId"}} -> {@code {"source"}}. */
  public static final String GET = "ingestion.sources.get";

  /** {@code {"userId", "sourceId", "pageNumber"}} -> {@code {"pageNumber", "text"}}. */
  public static final String PAGE = "ingestion.sources.page";

  /**
   * {@code {"userId", "sourceId", "limit"?, "cursor"?}} -> {@code {"items": [{"index", "pageNumber", "width", "height",
   * "format"}], "nextCursor"}}: a page, in document order.
   */
  public static final String IMAGES = "ingestion.sources.images";

  /**
   * {@code {"userId", "sourceId", "index"}} -> {@code {"key", "contentType"}}: the image's blob key;
   * the caller streams it from its own blob store (every node's store reaches the same blobs).
   */
  public static final String IMAGE_FILE = "ingestion.sources.image-file";

  /** {@code {"userId", "sourceId", "limit"?, "cursor"?}} -> {@code {"items": [{"start", "end", "text"}], "nextCursor"}}: a page, in order. */
  public static final String SEGMENTS = "ingestion.sources.segments";

  /**
   * A chat log's messages: {@code {"userId", "sourceId", "branch"? (0, the main thread), "limit"?, "cursor"?}} ->
   * {@code {"items": [{"index", "role", "content", "branch", "createdAt"?, "model"?, "toolName"?}], "nextCursor",
   * "branches": [{"branch", "forkIndex", "messages"}]}}, a page in order, of the current version. Branch n
   * is an edit or a regeneration: its first message stands in for the main thread's message at
   * {@code forkIndex}. Fails 400 for a source that is not a chat log, 404 for a branch it does not have.
   */
  public static final String MESSAGES = "ingestion.sources.messages";

  /**
   * A source's whole text, for reading it aloud (the audiobook role asks): {@code {"userId", "sourceId"}} ->
   * {@code {"kind", "title", "language"?, "pages": [{"number", "text"}], "outline": [{"title", "pageNumber", "level"}],
   * "segments": [{"start", "end", "text"}], "messages": [{"index", "role", "content"}]}}, each list empty where the
   * kind has none (a chat log gives its current version's main thread). 404 for another user's source; 409
   * {@value #NOT_READY} while it is still being ingested or after it failed; 413 {@value #TOO_LONG} past
   * {@value #MAX_READING_CHARS} characters.
   */
  public static final String READING = "ingestion.sources.reading";

  public static final int MAX_READING_CHARS = 20_000_000;
  public static final String NOT_READY = "source_not_ready";
  public static final String TOO_LONG = "source_too_long";

  /** {@code {"userId", "sourceId"}} -> {@code {"key", "contentType", "fileName"}}: the original upload's blob key. */
  public static final String FILE = "ingestion.sources.file";

  /** {@code {"userId", "sourceId"}} -> {@code {}}; its chunks, vectors, pages, images and files go with it. */
  public static final String DELETE = "ingestion.sources.delete";

  /** {@code {"userId", "jobId"}} -> {@code {"job"}}. */
  public static final String JOB = "ingestion.jobs.get";

  /** Published (no reply) when a job is queued anywhere, so idle workers of every node look at once. */
  public static final String JOBS_WAKE = "ingestion.jobs.wake";

  /**
   * {@code {"userId", "name", "kind", "url"?}} -> {@code {"collection"}}. A {@code playlist} with a {@code url} (name
   * optional: the playlist's title) is fetched through {@code TranscriptBus.PLAYLIST} first, then comes with a job
   * (type {@code playlist_import}): {@code {"collection", "job"}}; the job makes one transcript source per video and
   * lists the videos it could not use in the collection's {@code skipped} ({@code [{"videoId", "title"?, "code",
   * "reason"}]}).
   */
  public static final String COLLECTION_CREATE = "ingestion.collections.create";

  /** {@code {"userId", "limit"?, "cursor"?}} -> {@code {"items", "nextCursor"}}. */
  public static final String COLLECTION_LIST = "ingestion.collections.list";

  /** {@code {"userId", "collectionId"}} -> {@code {"collection"}}. */
  public static final String COLLECTION_GET = "ingestion.collections.get";

  /** {@code {"userId", "collectionId"}} -> {@code {}}; its sources stay, without a collection. */
  public static final String COLLECTION_DELETE = "ingestion.collections.delete";

  /**
   * {@code {"userId", "collectionId"}} -> {@code {"job"}}: queues a job (type
   * {@code collection_summary}) that summarises the collection's finished sources with the chat
   * model and stores the result as the collection's {@code summary}.
   */
  public static final String COLLECTION_SUMMARY = "ingestion.collections.summarize";

  /**
   * Before anything is written from a scope (chat, generation): {@code {"userId", "sourceIds"?: [...],
   * "collectionId"?}} -> {@code {}} when every source and the collection are the user's; fails 404
   * {@value Failure#NOT_FOUND} ("source not found" / "collection not found") otherwise, another
   * user's exactly like one that does not exist.
   */
  public static final String CHECK_SCOPE = "ingestion.scope.check";

  /**
   * For the owners of copies (retrieval's index): {@code {"sourceIds": [...]}} (at most
   * {@value #MAX_EXISTING}) -> {@code {"existing": [...]}}, those of them that still exist, any user's.
   */
  public static final String EXISTING_SOURCES = "ingestion.sources.existing";

  public static final int MAX_EXISTING = 1000;

  /** For the cluster view: {@code {}} -> {@code {"byNode": {nodeId: n}}}, the jobs running on each node that runs any. */
  public static final String RUNNING_JOBS = "ingestion.jobs.running";

  /**
   * The job sweep, run by the cleanup verticle's schedule: {@code {}} -> {@code {"requeued": n,
   * "failed": m}}. Every job {@code running} whose node has not heart-beaten for
   * {@code job-stale-seconds} goes back to {@code queued} (the attempt is counted when it is
   * claimed again) or, once it has had {@code job-max-attempts}, fails with a message saying why
   * (and its source with it); the user gets a {@code job} event either way. The same rule as a
   * worker's claim of a stale job: whichever comes first wins, by row lock.
   */
  public static final String SWEEP_JOBS = "ingestion.sweep.jobs";

  /**
   * The blob sweep: {@code {}} -> {@code {"checked": n, "deleted": m}}. Files under
   * {@code sources/<user>/<source>/} whose source no longer exists, once all are
   * {@code cleanup-uploads-max-age-seconds} old (a younger one may belong to a source whose row is
   * not committed yet), are removed from the blob store. {@code deleted} counts blobs.
   */
  public static final String SWEEP_BLOBS = "ingestion.sweep.blobs";

  // --- the chat-log library (issue 13); each request carries "userId", and another user's ids are 404 ---

  /** {@code {"name"}} -> {@code {"tag": Tag}}; a Tag is {@code {"id", "name", "sourceCount", "createdAt"}}. 409 {@value #TAG_EXISTS} for a name the user has (case aside). */
  public static final String TAG_CREATE = "ingestion.tags.create";

  /** {@code {"limit"?, "cursor"?}} -> {@code {"items": [Tag], "nextCursor"}}, newest first. */
  public static final String TAG_LIST = "ingestion.tags.list";

  /** {@code {"tagId"}} -> {@code {}}; the tag leaves every source that had it (retrieval's copy first). */
  public static final String TAG_DELETE = "ingestion.tags.delete";

  /** {@code {"sourceId", "tagIds": [...]}} (at most 50, the user's own) -> {@code {"tags": [names]}}: replaces a source's tags. */
  public static final String SOURCE_TAGS = "ingestion.sources.tags";

  /**
   * {@code {"sourceId", "content", "position": {"messageIndex", "start", "end"}}} -> {@code {"annotation": Annotation}}; the
   * position (UTF-16 offsets) must lie in that message of the current version's main thread. An Annotation is
   * {@code {"id", "sourceId", "content", "position", "quote", "version", "detached", "createdAt"}}.
   */
  public static final String ANNOTATION_CREATE = "ingestion.annotations.create";

  /** {@code {"sourceId", "limit"?, "cursor"?}} -> {@code {"items": [Annotation], "nextCursor"}}, oldest first. */
  public static final String ANNOTATION_LIST = "ingestion.annotations.list";

  /** {@code {"annotationId"}} -> {@code {}}. */
  public static final String ANNOTATION_DELETE = "ingestion.annotations.delete";

  /**
   * {@code {"sourceId", "messages": [{"role", "content", "createdAt"?}]}} -> {@code {"source", "job"}}: the messages become the
   * chat log's next version (what is indexed, by the {@code chat_index} job); notes follow their text. 409
   * {@value #VERSION_CONFLICT} when another edit made a version meanwhile.
   */
  public static final String MESSAGES_EDIT = "ingestion.sources.messages-edit";

  /** {@code {"sourceId", "limit"?, "cursor"?}} -> {@code {"items": [{"versionNumber", "origin", "createdAt", "current", "messageCount", "branches"}], "nextCursor"}}, oldest first. */
  public static final String VERSIONS = "ingestion.sources.versions";

  /** {@code {"sourceId", "version"}} -> the version, with {@code "messages"} (its main thread). */
  public static final String VERSION = "ingestion.sources.version";

  /** {@code {"sourceId", "version"}} -> {@code {"source", "job"}}: a copy of that version becomes the newest. */
  public static final String VERSION_RESTORE = "ingestion.sources.version-restore";

  /**
   * {@code {"sourceIds": [2-50 chat logs], "title"}} -> {@code {"source", "job"}}: a new chat log (platform {@code merged})
   * holding their messages in time order, exact duplicates once, each message with {@code origin: {sourceId, index}}.
   */
  public static final String MERGE = "ingestion.sources.merge";

  /**
   * Full-text search of chat-log messages: {@code {"q", "platform"?, "tag"?, "from"?, "to"?, "limit"? (20, at most 100),
   * "cursor"?}} -> {@code {"items": [{"sourceId", "title", "platform", "messageIndex", "role", "createdAt"?, "snippet", "rank",
   * "url"}], "nextCursor"}}; the snippet is HTML-escaped text whose matched words are in {@code <mark>}.
   */
  public static final String SEARCH_MESSAGES = "ingestion.chat-logs.search";

  /**
   * Part of an account's deletion ({@code AuthBus.DELETE_ACCOUNT}): {@code {"userId"}} -> {@code {"sources": n,
   * "blobs": m}}. The user's sources (with their pages, segments, images, versions, annotations and jobs),
   * collections and tags are deleted, then every blob under the user's {@code sources/}, {@code imports/} and
   * {@code exports/} areas. Idempotent.
   */
  public static final String PURGE_USER = "ingestion.user.purge";

  /**
   * {@code {"userIds": [...]}} (at most 1,000) -> {@code {"usage": {userId: {"bytes", "sources", "uploadsLastHour"}}}}: what each
   * user keeps (the originals' bytes) and added in the last hour, for quotas and the administration's user list; or
   * {@code {"top": 1-100}} -> {@code {"top": [{"userId", "bytes", "sources"}]}}, the users keeping the most, for metrics.
   */
  public static final String USAGE = "ingestion.usage";

  /** A new source would pass the user's storage or source quota (413). */
  public static final String QUOTA_EXCEEDED = "quota_exceeded";

  /**
   * A personal export: {@code {"userId"}} -> {@code {"job"}} (type {@code export}). The job writes one zip of
   * what the user can read over the API: each source's original, extracted text, transcript or messages;
   * collections and tags; conversations as JSON and Markdown with their citations; the user's templates.
   */
  public static final String EXPORT = "ingestion.export.create";

  /**
   * {@code {"userId", "jobId"}} -> {@code {"key", "contentType", "fileName"}}: the finished export's blob, for the
   * caller to stream. 404 for another user's job or one that is no export; 409 {@value #EXPORT_NOT_READY} until
   * it completed.
   */
  public static final String EXPORT_FILE = "ingestion.export.file";
  public static final String EXPORT_NOT_READY = "export_not_ready";

  /**
   * A personal export brought into this account: {@code {"userId", "uploadKey"}} (an upload blob, ingestion's from
   * delivery, as for {@link #CREATE_FROM_UPLOAD}) -> {@code {"job"}} (type {@code import}). The job checks the whole
   * zip first (a damaged or foreign one fails the job, nothing made), then makes the collections and tags, uploads
   * each source again from its original (new ids, embedded again), recreates the conversations and adds the
   * templates; its {@code result} counts them and lists what it skipped.
   */
  public static final String IMPORT = "ingestion.import.create";

  /**
   * A re-chunk of every user's library with another chunk size ({@code POST /api/v1/admin/reindex {"chunkSize"}}):
   * {@code {"userId" (a superuser: the caller checks), "chunkSize": 32-512}} -> {@code {"job"}} (type {@code rechunk},
   * the superuser's, its {@code result} holding {@code chunkSize} and, as it goes, {@code sourcesDone},
   * {@code sourcesTotal}, {@code chunksBefore}, {@code chunksAfter}, {@code skipped}). The job takes each completed
   * source still chunked with another size, chunks its stored text again (pages, transcript cues, a chat log's current
   * thread), and has retrieval replace the source's chunks without a gap ({@link RetrievalBus#INDEX_SOURCE} with
   * {@code "replace"}). While one runs, another request retargets it (answered with that job) instead of starting a
   * second. The caller sets the {@code chunk_size} runtime setting too, so new sources are chunked alike.
   */
  public static final String RECHUNK_START = "ingestion.rechunk.start";

  /**
   * {@code {"chunkSize"}} -> {@code {"chunkSize", "sourcesOtherSize": n, "job"?}}: how many completed sources are chunked
   * with another size (or an unknown one: ingested before sizes were recorded), and the re-chunk queued or running.
   */
  public static final String RECHUNK_STATUS = "ingestion.rechunk.status";

  public static final String TAG_EXISTS = "tag_exists";
  public static final String VERSION_CONFLICT = "version_conflict";

  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

  private IngestionBus() {
  }
}
