package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ingestion jobs: claims them from PostgreSQL ({@code FOR UPDATE SKIP LOCKED}), heart-beats
 * while it holds them, and takes over jobs whose node stopped heart-beating. Each run is
 * idempotent (pages, chunks and vectors of the source are replaced, never added to), so a job
 * resumed on another node finishes without duplicates.
 */
final class JobRunner implements JobSteps {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final long BUS_TIMEOUT_MS = 120_000;
  static final String COLLECTION_SUMMARY = "collection_summary";
  /** Passages of a source given to the summariser at most (an even sample of its chunks). */
  static final int SUMMARY_MAX_PASSAGES = 2_000;
  static final int SUMMARY_WORDS = 120;
  static final int COLLECTION_SUMMARY_WORDS = 200;

  private final Vertx vertx;
  private final Pool pool;
  private final Parsers parsers;
  private final TokenCounter tokenizer;
  private final SourceFiles files;
  private final WorkerExecutor blocking;
  private final WorkerExecutor parseThreads;
  private final String nodeId;
  private final int workers;
  private final int staleSeconds;
  private final int maxAttempts;
  private final ParseLimits limits;
  private final RuntimeSettings settings;
  private final ChatImportJob chatImports;
  private final VideoImports videos;
  private final PersonalExport exports;
  private final PersonalImport imports;
  private final Rechunk rechunk;
  private int busy;
  private final java.util.Set<IngestPipeline> running = new java.util.HashSet<>();
  private boolean stopped;

  JobRunner(Vertx vertx, Pool pool, Parsers parsers, TokenCounter tokenizer, SourceFiles files, WorkerExecutor blocking,
      WorkerExecutor parseThreads, String nodeId, int workers, int staleSeconds, int maxAttempts, ParseLimits limits, RuntimeSettings settings,
      VideoImports videos, PersonalExport exports, PersonalImport imports, Rechunk rechunk) {
    this.videos = videos;
    this.rechunk = rechunk;
    this.exports = exports;
    this.imports = imports;
    this.vertx = vertx;
    this.pool = pool;
    this.parsers = parsers;
    this.tokenizer = tokenizer;
    this.files = files;
    this.blocking = blocking;
    this.parseThreads = parseThreads;
    this.nodeId = nodeId;
    this.workers = workers;
    this.staleSeconds = staleSeconds;
    this.maxAttempts = maxAttempts;
    this.limits = limits;
    this.settings = settings;
    this.chatImports = new ChatImportJob(vertx, pool, parsers.chatReaders(), tokenizer, files, blocking, limits, settings, this);
  }

  /**
   * Claims one job if a worker slot is free; a finished job polls again, so a node drains the queue
   * one claim at a time without piling claims onto the database. Event-loop only.
   */
  void poll() {
    if (stopped || busy >= workers) {
      return;
    }
    busy++;
    pool.preparedQuery(IngestionSql.CLAIM_JOB).execute(Tuple.of(nodeId, staleSeconds, maxAttempts))
        .onComplete(claimed -> {
          if (claimed.failed() || claimed.result().size() == 0) {
            busy--;
            if (claimed.failed()) {
              LOG.warn("cannot claim jobs: {}", claimed.cause().getMessage());
            }
            return;
          }
          Row job = claimed.result().iterator().next();
          // the user travels with the claimed job (the API's Job shape leaves it out)
          Future.succeededFuture(Shapes.job(job).put("userId", job.getUUID("user_id").toString()))
              .compose(this::run)
              .onComplete(done -> {
                busy--;
                poll();
              });
          // another slot may be free for the next queued job
          poll();
        });
  }

  /** The verticle stops: running pipelines end, so no parse thread waits for a consumer that is gone. Event loop. */
  void stop() {
    stopped = true;
    running.forEach(IngestPipeline::stop);
  }

  void heartbeat() {
    pool.preparedQuery(IngestionSql.HEARTBEAT).execute(Tuple.of(nodeId))
        .onFailure(e -> LOG.warn("job heartbeat failed: {}", e.getMessage()));
  }

  private Future<Void> run(JsonObject job) {
    if (COLLECTION_SUMMARY.equals(job.getString("type"))) {
      return summarizeCollection(job);
    }
    if (ChatImportJob.TYPE.equals(job.getString("type"))) {
      return chatImports.run(job);
    }
    if (ChatImportJob.REINDEX.equals(job.getString("type"))) {
      return chatImports.reindex(job);
    }
    if (VideoImports.PLAYLIST_JOB.equals(job.getString("type"))) {
      return videos.runPlaylist(job, this);
    }
    if (PersonalExport.TYPE.equals(job.getString("type"))) {
      return exports.run(job, this);
    }
    if (PersonalImport.TYPE.equals(job.getString("type"))) {
      return imports.run(job, this);
    }
    if (Rechunk.TYPE.equals(job.getString("type"))) {
      return rechunk.run(job, this);
    }
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID sourceId = UUID.fromString(job.getString("sourceId"));
    LOG.info("job {} (source {}) claimed, attempt {}", jobId, sourceId, job.getValue("attempts", 1));
    return pool.preparedQuery(IngestionSql.SOURCE_FOR_JOB).execute(Tuple.of(sourceId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return finish(jobId, sourceId, null, "failed", "the source was deleted", 0);
          }
          IngestRun runState = new IngestRun(jobId, rows.iterator().next());
          return ingest(runState)
              .recover(error -> fail(runState, error));
        })
        .onFailure(e -> LOG.error("job {} could not be recorded as finished", jobId, e))
        .mapEmpty();
  }

  /** Everything one run knows about its source, and where its time went. */
  private final class IngestRun {
    final UUID jobId;
    final UUID sourceId;
    final UUID userId;
    final UUID collectionId;
    final String parser;
    final JsonObject timings = new JsonObject();
    final long started = System.nanoTime();

    IngestRun(UUID jobId, Row source) {
      this.jobId = jobId;
      this.sourceId = source.getUUID("id");
      this.userId = source.getUUID("user_id");
      this.collectionId = source.getUUID("collection_id");
      this.parser = source.getString("parser");
    }

    /** Records the time since {@code since} under {@code stage}. */
    void took(String stage, long since) {
      timings.put(stage + "Ms", (System.nanoTime() - since) / 1_000_000);
    }
  }

  /**
   * Parse, chunk, store, embed and index as one pipeline ({@link IngestPipeline}): what an earlier
   * attempt stored is removed first, the source's index is started before the first chunk, and
   * the parser's facts (title, page count, outline) are stored once the last page is read.
   */
  private Future<Void> ingest(IngestRun run) {
    return pool.preparedQuery(IngestionSql.SOURCE_PROCESSING).execute(Tuple.of(run.sourceId))
        .compose(v -> publishSource(run))
        .compose(v -> progress(run, "parse", 5))
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(IngestionSql.DELETE_PAGES).execute(Tuple.of(run.sourceId))
            .compose(x -> conn.preparedQuery(IngestionSql.DELETE_SEGMENTS).execute(Tuple.of(run.sourceId)))
            .compose(x -> conn.preparedQuery(IngestionSql.DELETE_IMAGES).execute(Tuple.of(run.sourceId)))))
        .compose(v -> startIndex(run))
        .compose(v -> {
          // the chunk settings are read once per job: a change applies to the sources ingested after it (and the size is
          // recorded with the source, for a re-chunk of the library to find the sources chunked otherwise)
          int chunkSize = settings.get(RuntimeSetting.CHUNK_SIZE);
          IngestPipeline pipeline = new IngestPipeline(vertx, pool, files, parseThreads, pipelineSteps(run), run.userId, run.sourceId,
              new Chunker(tokenizer, chunkSize, settings.get(RuntimeSetting.CHUNK_OVERLAP_PERCENT)), run.timings);
          running.add(pipeline);
          return pool.preparedQuery(IngestionSql.SOURCE_CHUNK_SIZE).execute(Tuple.of(run.sourceId, chunkSize))
              .compose(x -> pipeline.run(parsers.named(run.parser), limits)).andThen(done -> running.remove(pipeline));
        })
        .compose(outcome -> storeFacts(run, outcome)
            .compose(v -> showInIndex(run))
            .compose(v -> summarize(run, outcome))
            .compose(v -> complete(run, outcome.chunkCount())));
  }

  private IngestPipeline.Steps pipelineSteps(IngestRun run) {
    return new IngestPipeline.Steps() {
      @Override
      public Future<Void> progress(String stage, int percent) {
        return JobRunner.this.progress(run, stage, percent);
      }

      @Override
      public Future<JsonObject> request(String address, JsonObject body) {
        return JobRunner.this.request(address, body);
      }
    };
  }

  /** The parser's facts and the rows of the images the pipeline stored, in one transaction. */
  private Future<Void> storeFacts(IngestRun run, IngestPipeline.Outcome outcome) {
    return pool.withTransaction(conn -> batch(conn, IngestionSql.INSERT_IMAGE, outcome.imageRows())
        .compose(x -> conn.preparedQuery(IngestionSql.SOURCE_PARSED)
            .execute(sourceFacts(run.sourceId, outcome.facts(), outcome.imageRows().size(), outcome.lastSegmentEnd()))))
        .mapEmpty();
  }

  private static Tuple sourceFacts(UUID sourceId, ParsedSource parsed, int images, Double lastSegmentEnd) {
    var meta = parsed.metadata();
    JsonObject metadata = new JsonObject();
    meta.forEach((k, v) -> metadata.put(k, v));
    // a file's fields get the limits a JSON body's get; here the upload is long accepted, so a bad one is dropped
    List<String> warnings = new ArrayList<>(parsed.warnings());
    String videoId = SourceFields.fromFile("videoId", meta.get("videoId"), warnings);
    String channelName = SourceFields.fromFile("channelName", meta.get("channelName"), warnings);
    String language = SourceFields.fromFile("language", meta.get("language"), warnings);
    if (videoId == null) {
      metadata.remove("videoId");
    }
    if (channelName == null) {
      metadata.remove("channelName");
    }
    if (language == null) {
      metadata.remove("language");
    }
    // the outline is read with the whole text (an audiobook's chapters), not with every source list
    Object outline = metadata.remove("outline");
    metadata.put("warnings", new JsonArray(warnings));
    metadata.put("images", images);
    // a streamed parse hands the pages over and keeps the facts: the PDF parser states its page count
    Integer pageCount = parsed.kind().equals("pdf") && meta.get("pageCount") instanceof Number n ? Integer.valueOf(n.intValue()) : null;
    Double duration = meta.get("durationSeconds") instanceof Number d ? Double.valueOf(d.doubleValue()) : lastSegmentEnd;
    String title = parsed.title() == null || parsed.title().isBlank() ? null : truncate(parsed.title().trim(), 300);
    return Tuple.of(sourceId, title, pageCount, duration, videoId, channelName, language, metadata,
        outline instanceof List<?> entries && !entries.isEmpty() ? new JsonArray(new ArrayList<Object>(entries)) : null);
  }

  /** Tells retrieval, which owns the search index, what a hit on this source shows. */
  private Future<Void> startIndex(IngestRun run) {
    return sourceForIndex(run).compose(source -> request(RetrievalBus.INDEX_SOURCE, new JsonObject()
        .put("userId", run.userId.toString())
        .put("sourceId", run.sourceId.toString())
        .put("kind", source.getString("kind"))
        .put("title", source.getString("title"))
        .put("collectionId", run.collectionId == null ? null : run.collectionId.toString())
        .put("videoId", source.getString("video_id"))
        .put("tags", new JsonArray(java.util.Arrays.asList(source.getArrayOfStrings("tags"))))).<Void>mapEmpty());
  }

  /** The source's title and video as parsed, for what its hits show (the index was started before the parse read them). */
  private Future<Void> showInIndex(IngestRun run) {
    return sourceForIndex(run).compose(source -> request(RetrievalBus.SOURCE_SHOWN, new JsonObject()
        .put("userId", run.userId.toString())
        .put("sourceId", run.sourceId.toString())
        .put("title", source.getString("title"))
        .put("videoId", source.getString("video_id"))).<Void>mapEmpty());
  }

  private Future<Row> sourceForIndex(IngestRun run) {
    return pool.preparedQuery(IngestionSql.SOURCE_FOR_INDEX).execute(Tuple.of(run.sourceId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(Failure.notFound("the source was deleted").asException())
            : Future.succeededFuture(rows.iterator().next()));
  }

  /**
   * Asks the chat model (on whichever node runs it) for the source's summary, written from the
   * source's whole text made fit to write from ({@link SummaryInput}: a document's cleaned
   * paragraphs and its parts, a transcript's sentences and topic chapters). A transcript's
   * chapters are kept in its metadata ({@code chapters}: {@code [{"title", "start", "end"}]}),
   * whether or not a summary comes. A summary is a nicety: when no chat node answers or the model
   * fails, the source is still ingested, and the reason is kept in its metadata ({@code summaryError}).
   */
  private Future<Void> summarize(IngestRun run, IngestPipeline.Outcome outcome) {
    if (outcome.summarySample().isEmpty()) {
      return Future.succeededFuture();
    }
    ParsedSource parsed = outcome.facts();
    String title = parsed.title() == null || parsed.title().isBlank() ? "this source" : parsed.title();
    long started = System.nanoTime();
    return progress(run, "summarize", 96)
        .compose(v -> summaryInput(run, parsed, title, outcome))
        .compose(input -> keepChapters(run, input.chapters())
            .compose(v -> vertx.eventBus().<JsonObject>request(ChatBus.SUMMARIZE, input.request(),
                new DeliveryOptions().setSendTimeout(ChatBus.ANSWER_TIMEOUT_MS))))
        .compose(reply -> pool.preparedQuery(IngestionSql.SOURCE_SUMMARY)
            .execute(Tuple.of(run.sourceId, reply.body().getString("summary"))).<Void>mapEmpty())
        .recover(error -> {
          if (error instanceof IllegalStateException) {
            return Future.failedFuture(error); // the job is no longer ours
          }
          LOG.warn("job {}: no summary for source {}: {}", run.jobId, run.sourceId, Failure.from(error).message());
          return pool.preparedQuery(IngestionSql.MERGE_METADATA)
              .execute(Tuple.of(run.sourceId, new JsonObject().put("summaryError", Failure.from(error).message()))).mapEmpty();
        })
        .onComplete(done -> run.took("summarize", started));
  }

  /** A summarize request and the chapters to keep with the source (null for a document). */
  private record Summarizing(JsonObject request, JsonArray chapters) {
  }

  /**
   * The source's text as stored (pages, or segments), made into the summarize request on a worker
   * thread; when it has neither (or they hold no text), the even sample of its chunks, as before.
   */
  private Future<Summarizing> summaryInput(IngestRun run, ParsedSource parsed, String title, IngestPipeline.Outcome outcome) {
    return pool.preparedQuery(IngestionSql.READING_PAGES).execute(Tuple.of(run.sourceId))
        .compose(pageRows -> pool.preparedQuery(IngestionSql.READING_SEGMENTS).execute(Tuple.of(run.sourceId))
            .compose(segmentRows -> {
              List<SummaryInput.Page> pages = new ArrayList<>();
              pageRows.forEach(r -> pages.add(new SummaryInput.Page(r.getInteger("page_number"), r.getString("text"))));
              List<SummaryInput.Segment> segments = new ArrayList<>();
              segmentRows.forEach(r -> segments.add(new SummaryInput.Segment(r.getDouble("start_seconds"),
                  r.getDouble("end_seconds") == null ? r.getDouble("start_seconds") : r.getDouble("end_seconds"), r.getString("text"))));
              Object outline = parsed.metadata().get("outline");
              return blocking.executeBlocking(() -> {
                if (!segments.isEmpty()) {
                  SummaryInput.Transcript transcript = SummaryInput.transcript(title, segments);
                  if (transcript != null) {
                    return new Summarizing(transcript.request(), transcript.chapters());
                  }
                }
                JsonObject document = SummaryInput.document(title, pages, outline instanceof List<?> l ? l : List.of(),
                    SUMMARY_MAX_PASSAGES);
                return document != null ? new Summarizing(document, null) : new Summarizing(sampled(title, outcome), null);
              }, false);
            }));
  }

  /** The even sample of the chunks: it keeps the request bounded for a book-length source and still covers all of it. */
  private static JsonObject sampled(String title, IngestPipeline.Outcome outcome) {
    JsonArray passages = new JsonArray();
    outcome.summarySample().forEach(text -> passages.add(new JsonObject().put("text", text)));
    return new JsonObject().put("title", title).put("passages", passages).put("maxWords", SUMMARY_WORDS);
  }

  private Future<Void> keepChapters(IngestRun run, JsonArray chapters) {
    if (chapters == null || chapters.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(IngestionSql.MERGE_METADATA)
        .execute(Tuple.of(run.sourceId, new JsonObject().put("chapters", chapters))).mapEmpty();
  }

  /** A collection's summary, made from its finished sources' summaries by the chat model. */
  private Future<Void> summarizeCollection(JsonObject job) {
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID userId = UUID.fromString(job.getString("userId"));
    UUID collectionId = UUID.fromString(job.getString("collectionId"));
    return pool.preparedQuery(IngestionSql.COLLECTION_FOR_JOB).execute(Tuple.of(collectionId))
        .compose(named -> {
          if (named.size() == 0) {
            return Future.failedFuture(Failure.notFound("the collection was deleted").asException());
          }
          String name = named.iterator().next().getString("name");
          return pool.preparedQuery(IngestionSql.COLLECTION_SUMMARY_INPUT).execute(Tuple.of(collectionId))
              .compose(rows -> openingsOfUnsummarized(userId, rows).map(openings -> {
                JsonArray passages = new JsonArray();
                rows.forEach(row -> {
                  String text = row.getString("summary") != null ? row.getString("summary") : openings.getString(row.getUUID("id").toString());
                  if (text != null) {
                    passages.add(new JsonObject().put("sourceTitle", row.getString("title")).put("text", text));
                  }
                });
                return passages;
              }))
              .compose(passages -> {
                if (passages.isEmpty()) {
                  return Future.failedFuture(Failure.invalidInput("the collection has no ingested sources to summarise").asException());
                }
                return jobProgress(jobId, userId, "summarize", 30)
                    .compose(v -> request(ChatBus.SUMMARIZE, new JsonObject().put("title", name).put("passages", passages)
                        .put("maxWords", COLLECTION_SUMMARY_WORDS), ChatBus.ANSWER_TIMEOUT_MS));
              })
              .compose(reply -> pool.preparedQuery(IngestionSql.COLLECTION_SUMMARY)
                  .execute(Tuple.of(collectionId, reply.getString("summary"))));
        })
        .compose(v -> finishJob(jobId, "completed", null))
        .recover(error -> finishJob(jobId, "failed", humanMessage(error)))
        .onFailure(e -> LOG.error("job {} could not be recorded as finished", jobId, e));
  }

  /** For the sources that have no summary of their own, their opening text, from the search index. */
  private Future<JsonObject> openingsOfUnsummarized(UUID userId, io.vertx.sqlclient.RowSet<Row> sources) {
    JsonArray ids = new JsonArray();
    sources.forEach(row -> {
      if (row.getString("summary") == null) {
        ids.add(row.getUUID("id").toString());
      }
    });
    return ids.isEmpty() ? Future.succeededFuture(new JsonObject())
        : request(RetrievalBus.OPENINGS, new JsonObject().put("userId", userId.toString()).put("sourceIds", ids))
            .map(reply -> reply.getJsonObject("openings"));
  }

  @Override
  public Future<Void> progress(UUID jobId, UUID userId, String stage, int percent) {
    return jobProgress(jobId, userId, stage, percent);
  }

  @Override
  public Future<Void> finish(UUID jobId, String status, String error) {
    return finishJob(jobId, status, error);
  }

  @Override
  public Future<JsonObject> request(String address, JsonObject body, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(reply -> reply.body());
  }

  @Override
  public Future<Void> publishSource(UUID sourceId, UUID userId) {
    return publishSourceOf(sourceId, userId);
  }

  private Future<Void> jobProgress(UUID jobId, UUID userId, String stage, int percent) {
    return pool.preparedQuery(IngestionSql.JOB_PROGRESS).execute(Tuple.of(jobId, nodeId, stage, percent))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new IllegalStateException("job " + jobId + " is no longer ours"));
          }
          publish(userId, new JsonObject().put("type", "job").put("job", Shapes.job(rows.iterator().next())));
          return Future.succeededFuture();
        });
  }

  /** Records a job without a source as finished, if it is still ours, and tells its user. */
  private Future<Void> finishJob(UUID jobId, String status, String error) {
    return pool.preparedQuery(IngestionSql.JOB_DONE).execute(Tuple.of(jobId, nodeId, status, error))
        .map(rows -> {
          rows.forEach(job -> publish(job.getUUID("user_id"), new JsonObject().put("type", "job").put("job", Shapes.job(job))));
          return null;
        });
  }

  private Future<Void> complete(IngestRun run, int chunkCount) {
    run.took("job", run.started);
    return pool.preparedQuery(IngestionSql.MERGE_METADATA)
        .execute(Tuple.of(run.sourceId, new JsonObject().put("timings", run.timings)))
        .compose(v -> finish(run.jobId, run.sourceId, run.userId, "completed", null, chunkCount))
        .onSuccess(v -> LOG.info("job {} completed: source {}, {} chunks, {}", run.jobId, run.sourceId, chunkCount, run.timings.encode()));
  }

  private Future<Void> fail(IngestRun run, Throwable error) {
    String message = humanMessage(error);
    LOG.info("job {} failed: {}", run.jobId, message, error instanceof ParseException ? null : error);
    String code = error instanceof ParseException pe ? pe.code() : Failure.from(error).code();
    return pool.preparedQuery(IngestionSql.MERGE_METADATA)
        .execute(Tuple.of(run.sourceId, new JsonObject().put("errorCode", code).put("timings", run.timings)))
        .compose(v -> finish(run.jobId, run.sourceId, run.userId, "failed", message, 0));
  }

  private static String humanMessage(Throwable error) {
    if (error instanceof ParseException pe) {
      return pe.getMessage();
    }
    Failure failure = Failure.from(error);
    if (failure.status() == 503) {
      return "a service this job needs is not running (" + failure.message() + "); upload again later";
    }
    return failure.status() >= 500 ? "internal error while ingesting; see the server log" : failure.message();
  }

  private Future<Void> finish(UUID jobId, UUID sourceId, UUID userId, String status, String error, int chunkCount) {
    // One transaction, the job row first: a node that lost its job to another must not touch the
    // source, and a client that sees the job finished must find the source finished too.
    return pool.withTransaction(conn -> conn.preparedQuery(IngestionSql.JOB_DONE).execute(Tuple.of(jobId, nodeId, status, error))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture((Row) null);
              }
              Row job = rows.iterator().next();
              return conn.preparedQuery(IngestionSql.SOURCE_DONE).execute(Tuple.of(sourceId, status, error, chunkCount)).map(job);
            }))
        .compose(job -> {
          if (job == null) {
            LOG.warn("job {} was taken over by another node; leaving its source alone", jobId);
            return Future.succeededFuture();
          }
          publish(job.getUUID("user_id"), new JsonObject().put("type", "job").put("job", Shapes.job(job)));
          return userId == null ? Future.succeededFuture()
              : dropIndexIfFailed(sourceId, userId, status).compose(v -> publishSourceOf(sourceId, userId));
        });
  }

  /**
   * A failed source is not searchable: the pipeline may have indexed its first pages before a
   * later one failed (past the text limit, say). Best effort: the orphan sweep is not needed for
   * it, since the source still exists, so a failure here is logged for an operator.
   */
  private Future<Void> dropIndexIfFailed(UUID sourceId, UUID userId, String status) {
    if (!"failed".equals(status)) {
      return Future.succeededFuture();
    }
    return request(RetrievalBus.DELETE_SOURCE, new JsonObject().put("userId", userId.toString()).put("sourceId", sourceId.toString()))
        .<Void>mapEmpty()
        .recover(error -> {
          LOG.warn("the failed source {} may keep some indexed passages: {}", sourceId, Failure.from(error).message());
          return Future.succeededFuture();
        });
  }

  private Future<Void> progress(IngestRun run, String stage, int percent) {
    return jobProgress(run.jobId, run.userId, stage, percent);
  }

  private Future<Void> publishSource(IngestRun run) {
    return publishSourceOf(run.sourceId, run.userId);
  }

  private Future<Void> publishSourceOf(UUID sourceId, UUID userId) {
    return pool.preparedQuery(IngestionSql.SOURCE).execute(Tuple.of(sourceId, userId))
        .onSuccess(rows -> rows.forEach(row -> publish(userId, new JsonObject().put("type", "source").put("source", Shapes.source(row)))))
        .mapEmpty();
  }

  private void publish(UUID userId, JsonObject event) {
    vertx.eventBus().publish(UserEvents.address(userId), event);
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return request(address, body, BUS_TIMEOUT_MS);
  }


  private static Future<Void> batch(io.vertx.sqlclient.SqlConnection conn, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

}
