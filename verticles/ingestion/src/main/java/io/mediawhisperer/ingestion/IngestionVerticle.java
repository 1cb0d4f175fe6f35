package io.mediawhisperer.ingestion;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.Pagination;
import io.mediawhisperer.node.NodeIdentity;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.settings.RuntimeSettings;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.SourceParser;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns sources, their jobs and content (pages, segments, images, files), and collections; tells
 * retrieval what to index. Runs the job and blob sweeps when the cleanup schedule asks. Contract:
 * {@link IngestionBus}.
 */
public final class IngestionVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngestionVerticle.class);
  private static final long POLL_MS = 2_000;

  private Pool pool;
  private Parsers parsers;
  private Blobs blobs;
  private SourceFiles files;
  private Path uploads;
  private WorkerExecutor blocking;
  private WorkerExecutor parseThreads;
  private JobRunner runner;
  private VideoImports videos;
  private Quotas quotas;
  private PersonalExport exports;
  private PersonalImport imports;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    Path dataDir = Path.of(config.getString(ConfigKeys.DATA_DIR.name()));
    uploads = dataDir.resolve("uploads");
    pool = Database.pool(vertx, "ingestion", config.getString(ConfigKeys.DB_URL.name()), 4);
    RuntimeSettings settings = RuntimeSettings.start(vertx, config);
    parsers = new Parsers(Plugins.load(vertx, SourceParser.class), Plugins.load(vertx, ChatExportReader.class));
    int workers = ingestionWorkers(config);
    blocking = vertx.createSharedWorkerExecutor("mw-ingestion", Math.max(2, workers * 2), 10, TimeUnit.MINUTES);
    // a job's parse thread waits while the model catches up: its own pool, so uploads never queue behind it
    parseThreads = vertx.createSharedWorkerExecutor("mw-ingestion-parse", Math.max(1, workers), 30, TimeUnit.MINUTES);
    String provider = config.getString(ConfigKeys.EMBEDDING_PROVIDER.name(), "minilm");
    // the node's identity owns its jobs: the cluster view and the stale-job sweep name the node by it
    String nodeId = NodeIdentity.of(config).id();
    return settings.ready().compose(loaded -> Blobs.acquire(vertx, config))
        .compose(acquired -> {
          blobs = acquired;
          files = new SourceFiles(blobs, uploads);
          return blocking.executeBlocking(() -> {
            Files.createDirectories(uploads);
            return Plugins.load(vertx, EmbeddingModelProvider.class).get(provider).tokenizer(Plugins.settings(config, "embedding"));
          });
        })
        .compose(tokenizer -> {
          int staleSeconds = config.getInteger(ConfigKeys.JOB_STALE_SECONDS.name(), 30);
          int maxAttempts = config.getInteger(ConfigKeys.JOB_MAX_ATTEMPTS.name(), 3);
          videos = new VideoImports(vertx, pool, this::createTranscript);
          quotas = new Quotas(vertx, pool);
          exports = new PersonalExport(vertx, pool, blobs, blocking, uploads);
          Rechunk rechunk = new Rechunk(vertx, pool, tokenizer, blocking, settings);
          imports = new PersonalImport(vertx, pool, blobs, blocking, uploads,
              config.getLong(ConfigKeys.UPLOAD_MAX_BYTES.name(), 200L << 20),
              (userId, uploadKey, fileName, title, collectionId) -> create(userId, uploadKey, null, fileName, title, collectionId, null));
          runner = new JobRunner(vertx, pool, parsers, tokenizer, files, blocking, parseThreads, nodeId, workers, staleSeconds, maxAttempts,
              parseLimits(config), settings, videos, exports, imports, rechunk);
          JobSweep jobSweep = new JobSweep(vertx, pool, staleSeconds, maxAttempts);
          BlobSweep blobSweep = new BlobSweep(pool, blobs, config.getLong(ConfigKeys.CLEANUP_UPLOADS_MAX_AGE_SECONDS.name(), 3600L));
          OwnerQueries asked = new OwnerQueries(pool);
          ChatLogs chatLogs = new ChatLogs(pool);
          Tags tags = new Tags(vertx, pool);
          Annotations annotations = new Annotations(pool);
          ChatVersions versions = new ChatVersions(vertx, pool, this::sourceJson);
          ChatSearch chatSearch = new ChatSearch(pool);
          Reading reading = new Reading(pool);
          long heartbeat = config.getLong(ConfigKeys.JOB_HEARTBEAT_SECONDS.name(), 5L) * 1000;
          vertx.setPeriodic(heartbeat, id -> runner.heartbeat());
          vertx.setPeriodic(POLL_MS, id -> runner.poll());
          return Future.all(List.of(
              vertx.eventBus().consumer(IngestionBus.JOBS_WAKE, m -> runner.poll()).completion(),
              consume(IngestionBus.CREATE_FROM_UPLOAD, this::createFromUpload),
              consume(IngestionBus.CREATE_FROM_JSON, this::createFromJson),
              consume(IngestionBus.LIST, this::list),
              consume(IngestionBus.GET, this::get),
              consume(IngestionBus.PAGE, this::page),
              consume(IngestionBus.IMAGES, this::images),
              consume(IngestionBus.IMAGE_FILE, this::imageFile),
              consume(IngestionBus.SEGMENTS, this::segments),
              consume(IngestionBus.MESSAGES, m -> chatLogs.messages(m.body())),
              consume(IngestionBus.TAG_CREATE, m -> tags.create(m.body())),
              consume(IngestionBus.TAG_LIST, m -> tags.list(m.body())),
              consume(IngestionBus.TAG_DELETE, m -> tags.delete(m.body())),
              consume(IngestionBus.SOURCE_TAGS, m -> tags.setOnSource(m.body())),
              consume(IngestionBus.ANNOTATION_CREATE, m -> annotations.create(m.body())),
              consume(IngestionBus.ANNOTATION_LIST, m -> annotations.list(m.body())),
              consume(IngestionBus.ANNOTATION_DELETE, m -> annotations.delete(m.body())),
              consume(IngestionBus.MESSAGES_EDIT, m -> versions.edit(m.body())),
              consume(IngestionBus.VERSIONS, m -> versions.list(m.body())),
              consume(IngestionBus.VERSION, m -> versions.get(m.body())),
              consume(IngestionBus.VERSION_RESTORE, m -> versions.restore(m.body())),
              consume(IngestionBus.MERGE, m -> versions.merge(m.body())),
              consume(IngestionBus.SEARCH_MESSAGES, m -> chatSearch.search(m.body())),
              consume(IngestionBus.READING, m -> reading.read(m.body())),
              consume(IngestionBus.FILE, this::file),
              consume(IngestionBus.DELETE, this::delete),
              consume(IngestionBus.JOB, this::job),
              consume(IngestionBus.COLLECTION_CREATE, this::createCollection),
              consume(IngestionBus.COLLECTION_LIST, this::listCollections),
              consume(IngestionBus.COLLECTION_GET, this::getCollection),
              consume(IngestionBus.COLLECTION_DELETE, this::deleteCollection),
              consume(IngestionBus.COLLECTION_SUMMARY, this::summarizeCollection),
              consume(IngestionBus.CHECK_SCOPE, m -> asked.check(m.body())),
              consume(IngestionBus.EXISTING_SOURCES, m -> asked.existing(m.body())),
              consume(IngestionBus.RUNNING_JOBS, m -> asked.runningJobs(m.body())),
              consume(IngestionBus.SWEEP_JOBS, m -> jobSweep.run()),
              consume(IngestionBus.SWEEP_BLOBS, m -> blobSweep.run()),
              consume(IngestionBus.PURGE_USER, this::purgeUser),
              consume(IngestionBus.USAGE, m -> quotas.usage(m.body())),
              consume(IngestionBus.EXPORT, m -> exports.queue(m.body())),
              consume(IngestionBus.EXPORT_FILE, m -> exports.file(m.body())),
              consume(IngestionBus.IMPORT, m -> imports.queue(m.body())),
              consume(IngestionBus.RECHUNK_START, m -> rechunk.start(m.body())),
              consume(IngestionBus.RECHUNK_STATUS, m -> rechunk.status(m.body()))));
        })
        .onSuccess(v -> runner.poll());
  }

  private static ParseLimits parseLimits(JsonObject config) {
    ParseLimits defaults = ParseLimits.defaults();
    return defaults
        .withMaxImagePixels(config.getLong(ConfigKeys.PDF_MAX_IMAGE_PIXELS.name(), defaults.maxImagePixels()))
        .withMaxStreamBytes(config.getLong(ConfigKeys.PDF_MAX_STREAM_BYTES.name(), defaults.maxStreamBytes()));
  }

  @Override
  public Future<?> stop() {
    if (runner != null) {
      runner.stop();
    }
    blocking.close();
    parseThreads.close();
    return Future.all(pool.close(), blobs == null ? Future.succeededFuture() : blobs.close());
  }

  /**
   * {@code ingestion-workers}, or when it is unset (the default) one per core and at least 2: a
   * job spends most of its time waiting for the shared embedding model, and a second slot lets a
   * small upload start while a long one runs (the model serves the jobs' batches in turn). 0: the
   * node claims no jobs (it still takes uploads and answers the library).
   */
  static int ingestionWorkers(JsonObject config) {
    // unset by default, so a flag or an environment variable arrives as text
    Object value = config.getValue(ConfigKeys.INGESTION_WORKERS.name());
    if (value == null || value instanceof String text && text.isBlank()) {
      return Math.max(2, Runtime.getRuntime().availableProcessors());
    }
    int configured;
    try {
      configured = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ConfigKeys.INGESTION_WORKERS.name() + " must be a whole number, not '" + value + "'");
    }
    if (configured < 0) {
      throw new IllegalArgumentException(ConfigKeys.INGESTION_WORKERS.name() + " must be 0 or more, not " + configured);
    }
    return configured;
  }

  private Future<Void> consume(String address, Function<Message<JsonObject>, Future<JsonObject>> action) {
    return vertx.eventBus().<JsonObject>consumer(address, Replies.handler(action)).completion();
  }

  // --- creating sources ---

  private Future<JsonObject> createFromUpload(Message<JsonObject> message) {
    JsonObject body = message.body();
    UUID userId = userId(body);
    String upload = uploadKey(Payloads.requiredString(body, "uploadKey"));
    String fileName;
    String title;
    UUID collectionId;
    String sha256;
    try {
      sha256 = Upload.checkedSha256(Payloads.optionalString(body, "sha256"));
      fileName = SourceFields.optional(body, "fileName", SourceFields.MAX_FILE_NAME);
      title = SourceFields.optional(body, "title", SourceFields.MAX_TITLE);
      collectionId = SourceFields.collectionId(body);
    } catch (RuntimeException refused) {
      // the upload is ours from here: a refused one goes at once, not at the next uploads sweep
      return blobs.delete(upload).otherwiseEmpty().compose(v -> Future.failedFuture(refused));
    }
    return create(userId, upload, sha256, fileName, title, collectionId, null);
  }

  private Future<JsonObject> createFromJson(Message<JsonObject> message) {
    JsonObject body = message.body();
    UUID userId = userId(body);
    String kind = Payloads.requiredString(body, "kind");
    UUID collectionId = SourceFields.collectionId(body);
    if (kind.equals("video")) {
      return ownedCollection(userId, collectionId).compose(v -> videos.video(userId, body, collectionId));
    }
    String title = SourceFields.required(body, "title", SourceFields.MAX_TITLE).trim();
    return switch (kind) {
      case "transcript" -> createTranscript(userId, TranscriptBody.validated(body), collectionId);
      case "text" -> createFromContent(userId, SourceFields.required(body, "text", SourceFields.MAX_TEXT).getBytes(StandardCharsets.UTF_8),
          "text", title, collectionId);
      default -> throw Failure.invalidInput("kind must be transcript, text or video for a JSON source; upload other kinds as files")
          .asException();
    };
  }

  /** A transcript source from a checked transcript document (sent as JSON, or fetched for a video link). */
  private Future<JsonObject> createTranscript(UUID userId, JsonObject document, UUID collectionId) {
    return createFromContent(userId, document.encode().getBytes(StandardCharsets.UTF_8), "transcript-json", document.getString("title"),
        collectionId);
  }

  private Future<JsonObject> createFromContent(UUID userId, byte[] content, String parser, String title, UUID collectionId) {
    String upload = BlobLayout.newUpload();
    // on the blob workers: a text may be 16 MB, too long to hash on the event loop
    return blobs.blocking(store -> {
          store.put(upload, new ByteArrayInputStream(content));
          return Upload.sha256(content);
        })
        .compose(sha256 -> create(userId, upload, sha256, null, title, collectionId, parser));
  }

  /**
   * Takes an upload over ({@code sha256}: its hash when known, else computed here): detects its
   * kind (unless {@code forcedParser}), returns the user's existing source for the same bytes
   * (queuing it again when it failed: uploading the bytes again is how a user retries), or stores
   * it and queues its job. The upload blob is renamed to the source's original or deleted in every
   * outcome.
   */
  private Future<JsonObject> create(UUID userId, String upload, String sha256, String fileName, String title,
      UUID collectionId, String forcedParser) {
    return ownedCollection(userId, collectionId)
        .compose(v -> blocking.executeBlocking(() -> {
          try (var content = blobs.store().open(upload)) {
            return Upload.inspect(upload, content, sha256);
          } catch (NoSuchFileException e) {
            throw Failure.invalidInput("no such upload (uploadKey names nothing in the blob store)").asException();
          }
        }, false))
        .compose(inspected -> {
          if (forcedParser == null && inspected.size() > 0 && parsers.isChatExport(inspected.head())) {
            return quotas.check(userId, inspected.size()).compose(v -> queueChatImport(userId, inspected, fileName, collectionId));
          }
          SourceParser parser = forcedParser != null ? parsers.named(forcedParser) : parsers.detect(inspected.head())
              .orElseThrow(() -> new Failure(415, IngestionBus.UNSUPPORTED_MEDIA_TYPE,
                  "this file is not a PDF, WebVTT, SRT, transcript JSON or UTF-8 text").asException());
          if (inspected.size() == 0) {
            throw Failure.invalidInput("the file is empty").asException();
          }
          // the same bytes again are the source there is, whatever the quota; a new one must fit it
          return existing(userId, inspected.sha256()).compose(found -> found == null
              ? quotas.check(userId, inspected.size()).compose(v -> store(userId, inspected, parser, fileName, title, collectionId))
              : "failed".equals(found.getString("status"))
                  ? retry(userId, UUID.fromString(found.getString("id")), inspected)
                  : Future.succeededFuture(new JsonObject().put("source", found).put("created", false)));
        })
        .andThen(done -> blobs.delete(upload).otherwiseEmpty());
  }

  /**
   * A chat export becomes an import job: its conversations (one source each) are known only once
   * it is read, so the reply names the job and no source yet; each source is announced on the
   * user's sockets as the job creates it, and the job's {@code result} counts them. The export
   * waits for the job under {@code imports/<user>/<job>}.
   */
  private Future<JsonObject> queueChatImport(UUID userId, Upload upload, String fileName, UUID collectionId) {
    UUID jobId = UUID.randomUUID();
    String key = BlobLayout.chatImport(userId, jobId);
    JsonObject payload = new JsonObject().put("blobKey", key).put("fileName", fileName).put("bytes", upload.size());
    return blobs.rename(upload.key(), key)
        .compose(v -> pool.preparedQuery(ChatLogSql.INSERT_IMPORT_JOB).execute(Tuple.of(jobId, userId, collectionId, payload)))
        .map(rows -> {
          vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
          return new JsonObject().put("sources", new io.vertx.core.json.JsonArray()).put("job", Shapes.job(rows.iterator().next()))
              .put("created", true);
        })
        .recover(error -> blobs.delete(key).otherwiseEmpty().compose(x -> Future.failedFuture(error)));
  }

  private Future<JsonObject> existing(UUID userId, String sha256) {
    return pool.preparedQuery(IngestionSql.SOURCE_BY_CONTENT).execute(Tuple.of(userId, sha256))
        .map(rows -> rows.size() == 0 ? null : Shapes.source(rows.iterator().next()));
  }

  private Future<JsonObject> store(UUID userId, Upload upload, SourceParser parser, String fileName, String title,
      UUID collectionId) {
    UUID sourceId = UUID.randomUUID();
    String original = files.original(userId, sourceId);
    String displayName = fileName == null ? null : Path.of(fileName.replace('\\', '/')).getFileName().toString();
    String initialTitle = title != null && !title.isBlank() ? title.trim()
        : displayName != null ? displayName.replaceFirst("\\.[A-Za-z0-9]{1,5}$", "") : "Untitled " + parser.kind();
    JsonObject metadata = new JsonObject().put("titleGiven", title != null && !title.isBlank());
    // before the row: a job claimed the moment the row commits finds its original in place
    return blobs.rename(upload.key(), original)
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(IngestionSql.INSERT_SOURCE)
            .execute(Tuple.from(new Object[] {sourceId, userId, collectionId, parser.kind(), truncate(initialTitle, 300), parser.name(),
                upload.sha256(), displayName, upload.size(), metadata}))
            .compose(inserted -> inserted.size() == 0
                ? Future.succeededFuture((UUID) null)
                : conn.preparedQuery(IngestionSql.INSERT_JOB).execute(Tuple.of(userId, sourceId))
                    .map(rows -> rows.iterator().next().getUUID("id")))))
        .compose(jobId -> {
          if (jobId == null) {
            // the same bytes arrived twice at once: the other request stored them
            return deleteFiles(userId, sourceId).compose(x -> existing(userId, upload.sha256()))
                .map(found -> new JsonObject().put("source", found).put("created", false));
          }
          return queued(userId, sourceId, jobId);
        })
        .recover(error -> deleteFiles(userId, sourceId).compose(x -> Future.failedFuture(error)));
  }

  /**
   * Queues a failed source again: its original is replaced by the bytes just uploaded (the same
   * bytes, so a missing original is restored), then the source turns pending with a new job, in
   * one transaction. A retry that lost a race with another answers like a duplicate.
   */
  private Future<JsonObject> retry(UUID userId, UUID sourceId, Upload upload) {
    return blobs.rename(upload.key(), files.original(userId, sourceId))
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(IngestionSql.SOURCE_RETRY).execute(Tuple.of(sourceId, userId))
            .compose(updated -> updated.size() == 0
                ? Future.succeededFuture((UUID) null)
                : conn.preparedQuery(IngestionSql.INSERT_JOB).execute(Tuple.of(userId, sourceId))
                    .map(rows -> rows.iterator().next().getUUID("id")))))
        .compose(jobId -> jobId == null
            ? sourceJson(userId, sourceId).map(found -> new JsonObject().put("source", found).put("created", false))
            : queued(userId, sourceId, jobId));
  }

  /** The answer to a source whose job was just queued, after waking the workers and telling the user's sockets. */
  private Future<JsonObject> queued(UUID userId, UUID sourceId, UUID jobId) {
    vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
    return Future.all(sourceJson(userId, sourceId), jobJson(userId, jobId))
        .map(both -> {
          JsonObject source = both.resultAt(0);
          vertx.eventBus().publish(UserEvents.address(userId), new JsonObject().put("type", "source").put("source", source));
          return new JsonObject().put("source", source).put("job", both.resultAt(1)).put("created", true);
        });
  }

  private Future<Void> ownedCollection(UUID userId, UUID collectionId) {
    if (collectionId == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(IngestionSql.COLLECTION).execute(Tuple.of(collectionId, userId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Failure.notFound("no such collection").asException())
            : Future.succeededFuture());
  }

  // --- reading ---

  private Future<JsonObject> list(Message<JsonObject> message) {
    JsonObject body = message.body();
    Pagination page = Pagination.from(body);
    String kind = Payloads.optionalString(body, "kind");
    String status = Payloads.optionalString(body, "status");
    return pool.preparedQuery(IngestionSql.LIST_SOURCES)
        .execute(Tuple.from(new Object[] {userId(body), kind, status, optionalUuid(body, "collectionId"),
            Payloads.optionalString(body, "tag"), page.afterTime(), page.afterId(), page.fetchSize()}))
        .map(rows -> page.page(rows, Shapes::source));
  }

  private Future<JsonObject> get(Message<JsonObject> message) {
    return sourceJson(userId(message.body()), sourceId(message.body())).map(s -> new JsonObject().put("source", s));
  }

  private Future<JsonObject> sourceJson(UUID userId, UUID sourceId) {
    return one(IngestionSql.SOURCE, Tuple.of(sourceId, userId), "no such source").map(Shapes::source);
  }

  private Future<JsonObject> jobJson(UUID userId, UUID jobId) {
    return one(IngestionSql.JOB, Tuple.of(jobId, userId), "no such job").map(Shapes::job);
  }

  private Future<JsonObject> page(Message<JsonObject> message) {
    JsonObject body = message.body();
    UUID userId = userId(body);
    UUID sourceId = sourceId(body);
    Object n = body.getValue("pageNumber");
    if (!(n instanceof Number number) || number.intValue() < 1) {
      throw Failure.invalidInput("pageNumber must be a whole number from 1").asException();
    }
    return sourceJson(userId, sourceId)
        .compose(source -> one(IngestionSql.PAGE, Tuple.of(sourceId, userId, number.intValue()),
            "this source has no page " + number.intValue()))
        .map(row -> new JsonObject().put("pageNumber", number.intValue()).put("text", row.getString("text")));
  }

  private Future<JsonObject> images(Message<JsonObject> message) {
    UUID userId = userId(message.body());
    UUID sourceId = sourceId(message.body());
    Pagination.BySequence page = Pagination.BySequence.from(message.body());
    return sourceJson(userId, sourceId)
        .compose(source -> pool.preparedQuery(IngestionSql.IMAGES).execute(Tuple.of(sourceId, userId, page.afterSeq(), page.fetchSize())))
        .map(rows -> page.page(rows, r -> new JsonObject().put("index", r.getInteger("seq")).put("pageNumber", r.getInteger("page_number"))
            .put("width", r.getInteger("width")).put("height", r.getInteger("height")).put("format", r.getString("format")), "seq"));
  }

  private Future<JsonObject> imageFile(Message<JsonObject> message) {
    JsonObject body = message.body();
    UUID userId = userId(body);
    UUID sourceId = sourceId(body);
    int index = body.getValue("index") instanceof Number n ? n.intValue() : -1;
    return one(IngestionSql.IMAGE, Tuple.of(sourceId, userId, index), "no such image")
        .map(row -> new JsonObject()
            .put("key", files.image(userId, sourceId, index, row.getString("format")))
            .put("contentType", SourceFiles.imageContentType(row.getString("format"))));
  }

  /** A page of the segments, first to last: a transcript may have a million, so never all at once. */
  private Future<JsonObject> segments(Message<JsonObject> message) {
    UUID userId = userId(message.body());
    UUID sourceId = sourceId(message.body());
    Pagination.BySequence page = Pagination.BySequence.from(message.body());
    return sourceJson(userId, sourceId)
        .compose(source -> pool.preparedQuery(IngestionSql.SEGMENTS).execute(Tuple.of(sourceId, userId, page.afterSeq(), page.fetchSize())))
        .map(rows -> page.page(rows, r -> new JsonObject().put("start", r.getDouble("start_seconds"))
            .put("end", r.getDouble("end_seconds")).put("text", r.getString("text")), "seq"));
  }

  private Future<JsonObject> file(Message<JsonObject> message) {
    UUID userId = userId(message.body());
    UUID sourceId = sourceId(message.body());
    return one(IngestionSql.SOURCE_FILE, Tuple.of(sourceId, userId), "no such source")
        .map(row -> new JsonObject()
            .put("key", files.original(userId, sourceId))
            .put("contentType", SourceFiles.contentType(row.getString("parser")))
            .put("fileName", row.getString("file_name")));
  }

  private Future<JsonObject> job(Message<JsonObject> message) {
    JsonObject body = message.body();
    return jobJson(userId(body), uuid(body, "jobId")).map(j -> new JsonObject().put("job", j));
  }

  // --- deleting ---

  /** The search index first (chunks and vectors): if retrieval cannot be reached nothing is deleted, so nothing is orphaned. */
  private Future<JsonObject> delete(Message<JsonObject> message) {
    UUID userId = userId(message.body());
    UUID sourceId = sourceId(message.body());
    return sourceJson(userId, sourceId)
        .compose(source -> vertx.eventBus().<JsonObject>request(RetrievalBus.DELETE_SOURCE,
            new JsonObject().put("userId", userId.toString()).put("sourceId", sourceId.toString()),
            new DeliveryOptions().setSendTimeout(60_000)))
        .compose(v -> pool.preparedQuery(IngestionSql.DELETE_SOURCE).execute(Tuple.of(sourceId, userId)))
        .compose(v -> deleteFiles(userId, sourceId))
        .map(v -> new JsonObject());
  }

  /** A failure here leaves files the blob sweep removes later (their source is gone), so it is not the caller's. */
  private Future<Void> deleteFiles(UUID userId, UUID sourceId) {
    return blobs.deletePrefix(files.prefix(userId, sourceId))
        .onFailure(e -> LOG.warn("files of source {} stay until the blob sweep: {}", sourceId, e.getMessage()))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  /** An account's deletion: its rows, then its files (a job still running for it fails once its source is gone). */
  private Future<JsonObject> purgeUser(Message<JsonObject> message) {
    UUID userId = userId(message.body());
    Tuple user = Tuple.of(userId);
    return pool.withTransaction(conn -> conn.preparedQuery(IngestionSql.DELETE_USER_SOURCES).execute(user)
            .compose(sources -> conn.preparedQuery(IngestionSql.DELETE_USER_JOBS).execute(user)
                .compose(v -> conn.preparedQuery(IngestionSql.DELETE_USER_COLLECTIONS).execute(user))
                .compose(v -> conn.preparedQuery(IngestionSql.DELETE_USER_TAGS).execute(user))
                .map(v -> sources.rowCount())))
        .compose(sources -> blobs.deletePrefix(BlobLayout.userPrefix(BlobLayout.SOURCES, userId))
            .compose(files -> blobs.deletePrefix(BlobLayout.userPrefix(BlobLayout.IMPORTS, userId)).map(more -> files + more))
            .compose(files -> blobs.deletePrefix(BlobLayout.userPrefix(BlobLayout.EXPORTS, userId)).map(more -> files + more))
            .map(files -> new JsonObject().put("sources", sources).put("blobs", files)));
  }

  // --- collections ---

  private Future<JsonObject> createCollection(Message<JsonObject> message) {
    JsonObject body = message.body();
    if ("playlist".equals(body.getValue("kind")) && body.getValue("url") instanceof String url && VideoLinks.onVideoService(url)) {
      return videos.playlist(userId(body), body);
    }
    String name = SourceFields.required(body, "name", SourceFields.MAX_COLLECTION_NAME).trim();
    String kind = Payloads.requiredString(body, "kind");
    if (!kind.equals("playlist") && !kind.equals("folder")) {
      throw Failure.invalidInput("kind must be playlist or folder").asException();
    }
    if (name.isEmpty()) {
      throw Failure.invalidInput("name must have 1 to " + SourceFields.MAX_COLLECTION_NAME + " characters").asException();
    }
    String url = SourceFields.optional(body, "url", SourceFields.MAX_COLLECTION_URL);
    UUID userId = userId(body);
    return pool.preparedQuery(IngestionSql.INSERT_COLLECTION).execute(Tuple.of(userId, name, kind, url))
        .compose(rows -> collectionJson(userId, rows.iterator().next().getUUID("id")))
        .map(c -> new JsonObject().put("collection", c));
  }

  private Future<JsonObject> summarizeCollection(Message<JsonObject> message) {
    UUID userId = userId(message.body());
    UUID collectionId = uuid(message.body(), "collectionId");
    return ownedCollection(userId, collectionId)
        .compose(v -> pool.preparedQuery(IngestionSql.INSERT_COLLECTION_SUMMARY_JOB).execute(Tuple.of(userId, collectionId)))
        .map(rows -> {
          vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
          return new JsonObject().put("job", Shapes.job(rows.iterator().next()));
        });
  }

  private Future<JsonObject> listCollections(Message<JsonObject> message) {
    JsonObject body = message.body();
    Pagination page = Pagination.from(body);
    return pool.preparedQuery(IngestionSql.LIST_COLLECTIONS)
        .execute(Tuple.of(userId(body), page.afterTime(), page.afterId(), page.fetchSize()))
        .map(rows -> page.page(rows, Shapes::collection));
  }

  private Future<JsonObject> getCollection(Message<JsonObject> message) {
    return collectionJson(userId(message.body()), uuid(message.body(), "collectionId")).map(c -> new JsonObject().put("collection", c));
  }

  private Future<JsonObject> collectionJson(UUID userId, UUID collectionId) {
    return one(IngestionSql.COLLECTION, Tuple.of(collectionId, userId), "no such collection").map(Shapes::collection);
  }

  /** The search index first, as for a source: if retrieval cannot be reached nothing is deleted. */
  private Future<JsonObject> deleteCollection(Message<JsonObject> message) {
    UUID userId = userId(message.body());
    UUID collectionId = uuid(message.body(), "collectionId");
    return ownedCollection(userId, collectionId)
        .compose(v -> vertx.eventBus().<JsonObject>request(RetrievalBus.COLLECTION_REMOVED,
            new JsonObject().put("userId", userId.toString()).put("collectionId", collectionId.toString()),
            new DeliveryOptions().setSendTimeout(60_000)))
        .compose(v -> pool.preparedQuery(IngestionSql.DELETE_COLLECTION).execute(Tuple.of(collectionId, userId)))
        .compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(Failure.notFound("no such collection").asException())
            : Future.succeededFuture(new JsonObject()));
  }

  // --- helpers ---

  private Future<Row> one(String sql, Tuple args, String notFound) {
    return pool.preparedQuery(sql).execute(args)
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Failure.notFound(notFound).asException())
            : Future.succeededFuture(rows.iterator().next()));
  }

  /** Only upload blobs ({@code uploads/<id>}) are taken over, never a source's own files. */
  private static String uploadKey(String given) {
    if (!BlobLayout.isUpload(given)) {
      throw Failure.invalidInput("uploadKey must name an upload blob (uploads/<id>)").asException();
    }
    return given;
  }

  private static UUID userId(JsonObject body) {
    return uuid(body, "userId");
  }

  private static UUID sourceId(JsonObject body) {
    return uuid(body, "sourceId");
  }

  /** A malformed id names nothing: 404, like an id that does not exist. */
  private static UUID uuid(JsonObject body, String field) {
    return Payloads.requiredIdOrNotFound(body, field, field.replace("Id", ""));
  }

  private static UUID optionalUuid(JsonObject body, String field) {
    return Payloads.optionalIdOrNotFound(body, field, field.replace("Id", ""));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
