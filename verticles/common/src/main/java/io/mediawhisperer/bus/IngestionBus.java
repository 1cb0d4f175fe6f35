package io.mediawhisperer.bus;

/**
 * The bus contract of the ingestion verticle: sources, their jobs, their content, collections.
 * Every request carries {@code userId} (set by the http verticle from the authenticated user,
 * never from the client); a source, job or collection of another user is 404 {@value
 * Failure#NOT_FOUND}, exactly like one that does not exist. Source, Job and Collection are
 * API.md's shapes.
 */
public final class IngestionBus {

  /**
   * {@code {"userId", "uploadPath", "fileName"?, "title"?, "collectionId"?}} -> {@code {"source",
   * "job", "created": true}} or, when the user already has these bytes, {@code {"source",
   * "created": false}}. {@code uploadPath} is a file the caller wrote under the node's
   * {@code <data-dir>/uploads}; ingestion takes it over (moves or deletes it). Fails 415
   * {@value #UNSUPPORTED_MEDIA_TYPE} when no parser recognises the bytes, 404 for a foreign
   * collection.
   */
  public static final String CREATE_FROM_UPLOAD = "ingestion.sources.create-upload";

  /**
   * API.md's JSON source bodies plus {@code "userId"}: {@code {"kind": "transcript", "videoId",
   * "title", "segments": [...], ...}} or {@code {"kind": "text", "title", "text"}}; same reply.
   */
  public static final String CREATE_FROM_JSON = "ingestion.sources.create-json";

  /** {@code {"userId", "kind"?, "status"?, "collectionId"?, "limit"?, "cursor"?}} -> {@code {"items", "nextCursor"}}. */
  public static final String LIST = "ingestion.sources.list";

  /** {@code {"userId", "sourceId"}} -> {@code {"source"}}. */
  public static final String GET = "ingestion.sources.get";

  /** {@code {"userId", "sourceId", "pageNumber"}} -> {@code {"pageNumber", "text"}}. */
  public static final String PAGE = "ingestion.sources.page";

  /** {@code {"userId", "sourceId"}} -> {@code {"items": [{"index", "pageNumber", "width", "height", "format"}]}}. */
  public static final String IMAGES = "ingestion.sources.images";

  /** {@code {"userId", "sourceId", "index"}} -> {@code {"path", "contentType"}}: a local file to send. */
  public static final String IMAGE_FILE = "ingestion.sources.image-file";

  /** {@code {"userId", "sourceId"}} -> {@code {"items": [{"start", "end", "text"}]}}. */
  public static final String SEGMENTS = "ingestion.sources.segments";

  /** {@code {"userId", "sourceId"}} -> {@code {"path", "contentType", "fileName"}}: the original upload. */
  public static final String FILE = "ingestion.sources.file";

  /** {@code {"userId", "sourceId"}} -> {@code {}}; its chunks, vectors, pages, images and files go with it. */
  public static final String DELETE = "ingestion.sources.delete";

  /** {@code {"userId", "jobId"}} -> {@code {"job"}}. */
  public static final String JOB = "ingestion.jobs.get";

  /** Published (no reply) when a job is queued anywhere, so idle workers of every node look at once. */
  public static final String JOBS_WAKE = "ingestion.jobs.wake";

  /** {@code {"userId", "name", "kind", "url"?}} -> {@code {"collection"}}. */
  public static final String COLLECTION_CREATE = "ingestion.collections.create";

  /** {@code {"userId", "limit"?, "cursor"?}} -> {@code {"items", "nextCursor"}}. */
  public static final String COLLECTION_LIST = "ingestion.collections.list";

  /** {@code {"userId", "collectionId"}} -> {@code {"collection"}}. */
  public static final String COLLECTION_GET = "ingestion.collections.get";

  /** {@code {"userId", "collectionId"}} -> {@code {}}; its sources stay, without a collection. */
  public static final String COLLECTION_DELETE = "ingestion.collections.delete";

  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

  private IngestionBus() {
  }
}
