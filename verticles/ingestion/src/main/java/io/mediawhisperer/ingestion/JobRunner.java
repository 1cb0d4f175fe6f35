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
  static final int EMBED_BATCH = 32;
  static final int BATCHES_IN_FLIGHT = 2;
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
  private final String nodeId;
  private final int workers;
  private final int staleSeconds;
  private final int maxAttempts;
  private final ParseLimits limits;
  private final RuntimeSettings settings;
  private final ChatImportJob chatImports;
  private int busy;

  JobRunner(Vertx vertx, Pool pool, Parsers parsers, TokenCounter tokenizer, SourceFiles files, WorkerExecutor blocking,
      String nodeId, int workers, int staleSeconds, int maxAttempts, ParseLimits limits, RuntimeSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.parsers = parsers;
    this.tokenizer = tokenizer;
    this.files = files;
    this.blocking = blocking;
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
    if (busy >= workers) {
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
    long stageStarted = System.nanoTime();

    IngestRun(UUID jobId, Row source) {
      this.jobId = jobId;
      this.sourceId = source.getUUID("id");
      this.userId = source.getUUID("user_id");
      this.collectionId = source.getUUID("collection_id");
      this.parser = source.getString("parser");
    }

    /** Records the time since the previous mark under {@code stage}. */
    void mark(String stage) {
      long now = System.nanoTime();
      timings.put(stage + "Ms", timings.getLong(stage + "Ms", 0L) + (now - stageStarted) / 1_000_000);
      stageStarted = now;
    }
  }

  private Future<Void> ingest(IngestRun run) {
    return pool.preparedQuery(IngestionSql.SOURCE_PROCESSING).execute(Tuple.of(run.sourceId))
        .compose(v -> publishSource(run))
        .compose(v -> progress(run, "parse", 5))
        .compose(v -> blocking.executeBlocking(() -> files.withOriginal(run.userId, run.sourceId,
            original -> parsers.named(run.parser).parse(original, limits)), false))
        .compose(parsed -> {
          run.mark("parse");
          return progress(run, "store", 25)
              .compose(v -> store(run, parsed))
              .compose(v -> progress(run, "chunk", 35))
              .compose(v -> chunkAndEmbed(run, parsed));
        });
  }

  private Future<Void> store(IngestRun run, ParsedSource parsed) {
    List<ParsedSource.Image> images = parsed.images();
    return blocking.executeBlocking(() -> {
          for (int i = 0; i < images.size(); i++) {
            ParsedSource.Image image = images.get(i);
            files.putImage(run.userId, run.sourceId, i, image.format(), image.data());
          }
          return null;
        }, false)
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(IngestionSql.DELETE_PAGES).execute(Tuple.of(run.sourceId))
            .compose(x -> conn.preparedQuery(IngestionSql.DELETE_SEGMENTS).execute(Tuple.of(run.sourceId)))
            .compose(x -> conn.preparedQuery(IngestionSql.DELETE_IMAGES).execute(Tuple.of(run.sourceId)))
            .compose(x -> batch(conn, IngestionSql.INSERT_PAGE, parsed.pages().stream()
                .map(p -> Tuple.of(run.sourceId, p.number(), p.text().replace("\u0000", ""))).toList()))
            .compose(x -> {
              List<Tuple> segments = new ArrayList<>();
              for (int i = 0; i < parsed.segments().size(); i++) {
                ParsedSource.Segment s = parsed.segments().get(i);
                segments.add(Tuple.of(run.sourceId, i, s.start(), s.end(), s.text().replace("\u0000", "")));
              }
              return batch(conn, IngestionSql.INSERT_SEGMENT, segments);
            })
            .compose(x -> {
              List<Tuple> rows = new ArrayList<>();
              for (int i = 0; i < images.size(); i++) {
                ParsedSource.Image im = images.get(i);
                rows.add(Tuple.of(run.sourceId, i, im.pageNumber(), im.width(), im.height(), im.format()));
              }
              return batch(conn, IngestionSql.INSERT_IMAGE, rows);
            })
            .compose(x -> conn.preparedQuery(IngestionSql.SOURCE_PARSED).execute(sourceFacts(run.sourceId, parsed)))))
        .onSuccess(v -> run.mark("store"))
        .mapEmpty();
  }

  private static Tuple sourceFacts(UUID sourceId, ParsedSource parsed) {
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
    metadata.put("images", parsed.images().size());
    Integer pageCount = parsed.kind().equals("pdf") ? Integer.valueOf(parsed.pages().size()) : null;
    Double duration = meta.get("durationSeconds") instanceof Number n ? n.doubleValue()
        : parsed.segments().isEmpty() ? null : parsed.segments().get(parsed.segments().size() - 1).end();
    String title = parsed.title() == null || parsed.title().isBlank() ? null : truncate(parsed.title().trim(), 300);
    return Tuple.of(sourceId, title, pageCount, duration, videoId, channelName, language, metadata,
        outline instanceof List<?> entries && !entries.isEmpty() ? new JsonArray(new ArrayList<Object>(entries)) : null);
  }

  private Future<Void> chunkAndEmbed(IngestRun run, ParsedSource parsed) {
    return chunkSettings()
        .compose(settings -> blocking.executeBlocking(() -> new Chunker(tokenizer, settings[0], settings[1]).chunk(parsed), false))
        .compose(chunks -> {
          run.mark("chunk");
          // a resumed job starts the source's index afresh: what an earlier attempt indexed goes
          return progress(run, "embed", 40)
              .compose(v -> startIndex(run))
              .compose(v -> index(run, chunks))
              .compose(v -> summarize(run, parsed, chunks))
              .compose(v -> complete(run, chunks.size()));
        });
  }

  /** Tells retrieval, which owns the search index, what a hit on this source shows. */
  private Future<Void> startIndex(IngestRun run) {
    return pool.preparedQuery(IngestionSql.SOURCE_FOR_INDEX).execute(Tuple.of(run.sourceId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(Failure.notFound("the source was deleted").asException());
          }
          Row source = rows.iterator().next();
          return request(RetrievalBus.INDEX_SOURCE, new JsonObject()
              .put("userId", run.userId.toString())
              .put("sourceId", run.sourceId.toString())
              .put("kind", source.getString("kind"))
              .put("title", source.getString("title"))
              .put("collectionId", run.collectionId == null ? null : run.collectionId.toString())
              .put("videoId", source.getString("video_id"))
              .put("tags", new JsonArray(java.util.Arrays.asList(source.getArrayOfStrings("tags"))))).<Void>mapEmpty();
        });
  }

  /**
   * Hands the chunks to retrieval a batch at a time, {@value #BATCHES_IN_FLIGHT} batches in flight:
   * while retrieval stores one batch (its chunk rows, then its vectors), the model embeds the next,
   * so the model, the bound of ingestion, never waits for the database. Retrieval reports each
   * batch's embed and index time; with batches overlapping, their sums can exceed the wall time.
   */
  private Future<Void> index(IngestRun run, List<Chunker.Chunk> chunks) {
    int batches = (chunks.size() + EMBED_BATCH - 1) / EMBED_BATCH;
    if (batches == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> all = Promise.promise();
    int[] sent = {0};
    int[] done = {0};
    Runnable[] sendNext = new Runnable[1];
    sendNext[0] = () -> {
      if (sent[0] == batches || all.future().isComplete()) {
        return;
      }
      int from = sent[0]++ * EMBED_BATCH;
      indexBatch(run, chunks.subList(from, Math.min(chunks.size(), from + EMBED_BATCH)))
          .compose(v -> progress(run, "embed", 40 + 55 * ++done[0] / batches))
          .onSuccess(v -> {
            if (done[0] == batches) {
              all.tryComplete();
            } else {
              sendNext[0].run();
            }
          })
          .onFailure(all::tryFail);
    };
    for (int i = 0; i < BATCHES_IN_FLIGHT; i++) {
      sendNext[0].run();
    }
    return all.future();
  }

  private Future<Void> indexBatch(IngestRun run, List<Chunker.Chunk> batch) {
    JsonArray chunks = new JsonArray();
    batch.forEach(c -> chunks.add(new JsonObject()
        .put("seq", c.seq()).put("text", c.text()).put("tokenCount", c.tokenCount())
        .put("pageStart", c.pageStart()).put("pageEnd", c.pageEnd()).put("start", c.start()).put("end", c.end())
        .put("messageIndex", c.messageIndex())));
    return request(RetrievalBus.INDEX_CHUNKS, new JsonObject()
            .put("userId", run.userId.toString()).put("sourceId", run.sourceId.toString()).put("chunks", chunks))
        .map(indexed -> {
          // retrieval measured the two stages the batch went through; the bus hop counts as indexing
          run.stageStarted = System.nanoTime();
          run.timings.put("embedMs", run.timings.getLong("embedMs", 0L) + indexed.getLong("embedMs", 0L));
          run.timings.put("indexMs", run.timings.getLong("indexMs", 0L) + indexed.getLong("indexMs", 0L));
          return null;
        });
  }

  /**
   * Asks the chat model (on whichever node runs it) for the source's summary. A summary is a
   * nicety: when no chat node answers or the model fails, the source is still ingested, and the
   * reason is kept in its metadata ({@code summaryError}).
   */
  private Future<Void> summarize(IngestRun run, ParsedSource parsed, List<Chunker.Chunk> chunks) {
    if (chunks.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray passages = new JsonArray();
    // an even sample keeps the request bounded for a book-length source and still covers all of it
    int step = Math.max(1, (chunks.size() + SUMMARY_MAX_PASSAGES - 1) / SUMMARY_MAX_PASSAGES);
    for (int i = 0; i < chunks.size(); i += step) {
      passages.add(new JsonObject().put("text", chunks.get(i).text()));
    }
    String title = parsed.title() == null || parsed.title().isBlank() ? "this source" : parsed.title();
    return progress(run, "summarize", 96)
        .compose(v -> vertx.eventBus().<JsonObject>request(ChatBus.SUMMARIZE,
            new JsonObject().put("title", title).put("passages", passages).put("maxWords", SUMMARY_WORDS),
            new DeliveryOptions().setSendTimeout(ChatBus.ANSWER_TIMEOUT_MS)))
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
        .onComplete(done -> run.mark("summarize"));
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
          return userId == null ? Future.succeededFuture() : publishSourceOf(sourceId, userId);
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

  /** Read once per job: a change of the settings applies to the sources ingested after it. */
  private Future<int[]> chunkSettings() {
    return Future.succeededFuture(new int[] {settings.get(RuntimeSetting.CHUNK_SIZE), settings.get(RuntimeSetting.CHUNK_OVERLAP_PERCENT)});
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
