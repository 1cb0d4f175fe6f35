package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
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
 * The library chunked again with another chunk size ({@link IngestionBus#RECHUNK_START}): one job
 * (type {@value #TYPE}) walks the completed sources, in id order, still chunked with another size,
 * chunks each one's stored text again (its pages, its transcript cues, a chat log's current
 * thread: the original file is not parsed again) and has retrieval replace the source's chunks
 * without a gap: the new ones are indexed pending beside the old and swapped in by one
 * transaction, so its search results come from the old chunks until the new ones are all there.
 *
 * <p>The target size lives in the job's {@code result} and is read again before each source: a
 * request with yet another size while the job runs retargets it. A source done records its size
 * ({@code sources.chunk_size}), so a job retried after its node died (the job sweep requeues it)
 * takes only the sources left. A source that cannot be done (deleted meanwhile, never indexed: any
 * 4xx of its own) is skipped and counted; a 5xx (the model or the index away) fails the job.
 *
 * <p>A chat log edited while it is re-chunked is indexed again by its own job, which removes the
 * source's rows, the re-chunk's pending ones too: retrieval then refuses the swap (it counts the
 * pending chunks), and a swap that won the race is of the previous version. Either way the source
 * is re-chunked again from its current version, at most {@value #SOURCE_TRIES} times.
 */
final class Rechunk {

  static final String TYPE = "rechunk";
  private static final Logger LOG = LoggerFactory.getLogger(Rechunk.class);
  private static final long BUS_TIMEOUT_MS = 300_000;
  /** Index batches of a source in flight: enough for every model runner of a small node to take one. */
  private static final int IN_FLIGHT = 4;
  private static final String LANE = "rechunk";
  private static final int MAX_PASSES = 5;
  private static final int SOURCE_TRIES = 3;

  private static final String SOURCE_FILTER = "s.status = 'completed' AND s.chunk_size IS DISTINCT FROM $1";
  private static final String INSERT_JOB = "INSERT INTO jobs AS j (id, user_id, type, status, result) VALUES ($1, $2, '" + TYPE
      + "', 'queued', $3) ON CONFLICT DO NOTHING RETURNING " + IngestionSql.JOB_COLUMNS;
  private static final String OPEN_JOB = "SELECT " + IngestionSql.JOB_COLUMNS + " FROM jobs j WHERE j.type = '" + TYPE
      + "' AND j.status IN ('queued', 'running') ORDER BY j.created_at LIMIT 1";
  private static final String RETARGET = "UPDATE jobs j SET result = coalesce(j.result, '{}'::jsonb) || jsonb_build_object('chunkSize', $2::int),"
      + " updated_at = now() WHERE j.id = $1 AND j.status IN ('queued', 'running') RETURNING " + IngestionSql.JOB_COLUMNS;
  private static final String TARGET = "SELECT (result ->> 'chunkSize')::int AS chunk_size FROM jobs WHERE id = $1";
  private static final String MERGE_RESULT = "UPDATE jobs SET result = coalesce(result, '{}'::jsonb) || $2 WHERE id = $1";
  private static final String COUNT_LEFT = "SELECT count(*) AS n FROM sources s WHERE " + SOURCE_FILTER;
  private static final String NEXT_SOURCE = "SELECT s.id, s.user_id, s.kind, s.chunk_count FROM sources s WHERE " + SOURCE_FILTER
      + " AND ($2::uuid IS NULL OR s.id > $2) ORDER BY s.id LIMIT 1";
  private static final String RECHUNKED = "UPDATE sources SET chunk_size = $2, chunk_count = $3, updated_at = now()"
      + " WHERE id = $1 AND status = 'completed'";

  private final Vertx vertx;
  private final Pool pool;
  private final TokenCounter tokenizer;
  private final WorkerExecutor blocking;
  private final RuntimeSettings settings;

  Rechunk(Vertx vertx, Pool pool, TokenCounter tokenizer, WorkerExecutor blocking, RuntimeSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokenizer = tokenizer;
    this.blocking = blocking;
    this.settings = settings;
  }

  /** {@link IngestionBus#RECHUNK_START}. */
  Future<JsonObject> start(JsonObject body) {
    UUID userId = Payloads.userId(body);
    int size = chunkSize(body);
    // one re-chunk at a time (a partial unique index): a second request retargets the one queued or running
    return pool.preparedQuery(INSERT_JOB).execute(Tuple.of(UUID.randomUUID(), userId, new JsonObject().put("chunkSize", size)))
        .compose(inserted -> inserted.size() > 0 ? Future.succeededFuture(inserted.iterator().next())
            : pool.preparedQuery(OPEN_JOB).execute().compose(open -> open.size() == 0
                ? Future.failedFuture(new Failure(409, "rechunk_ending", "a re-chunk just ended; ask again").asException())
                : pool.preparedQuery(RETARGET).execute(Tuple.of(open.iterator().next().getUUID("id"), size))
                    .map(updated -> updated.size() > 0 ? updated.iterator().next() : open.iterator().next())))
        .map(job -> {
          vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
          LOG.info("re-chunk {} to {} wordpieces requested", job.getUUID("id"), size);
          return new JsonObject().put("job", Shapes.job(job));
        });
  }

  /** {@link IngestionBus#RECHUNK_STATUS}. */
  Future<JsonObject> status(JsonObject body) {
    int size = chunkSize(body);
    return Future.all(pool.preparedQuery(COUNT_LEFT).execute(Tuple.of(size)), pool.preparedQuery(OPEN_JOB).execute())
        .map(both -> {
          JsonObject status = new JsonObject().put("chunkSize", size)
              .put("sourcesOtherSize", both.<io.vertx.sqlclient.RowSet<Row>>resultAt(0).iterator().next().getLong("n"));
          io.vertx.sqlclient.RowSet<Row> open = both.resultAt(1);
          if (open.size() > 0) {
            status.put("job", Shapes.job(open.iterator().next()));
          }
          return status;
        });
  }

  /** The runtime setting's own rule, so a size the setting refuses is refused here alike. */
  private static int chunkSize(JsonObject body) {
    if (!body.containsKey("chunkSize")) {
      throw Failure.invalidInput("chunkSize is required").asException();
    }
    return RuntimeSetting.CHUNK_SIZE.parse(body.getValue("chunkSize"));
  }

  /** What one run has done, kept in the job's result as it goes. */
  private static final class Tally {
    int done;
    int total;
    long chunksBefore;
    long chunksAfter;
    int skipped;
    /** The target the last walk was checked against. */
    int size;

    JsonObject json() {
      return new JsonObject().put("sourcesDone", done).put("sourcesTotal", total).put("chunksBefore", chunksBefore)
          .put("chunksAfter", chunksAfter).put("skipped", skipped);
    }
  }

  Future<Void> run(JsonObject job, JobSteps steps) {
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID userId = UUID.fromString(job.getString("userId"));
    Tally tally = new Tally();
    return target(jobId)
        .compose(size -> pool.preparedQuery(COUNT_LEFT).execute(Tuple.of(size)).map(rows -> {
          tally.total = rows.iterator().next().getLong("n").intValue();
          LOG.info("re-chunk {}: {} sources to chunk with {} wordpieces", jobId, tally.total, size);
          return null;
        }))
        .compose(v -> steps.progress(jobId, userId, "rechunk", 0))
        .compose(v -> pass(jobId, userId, tally, steps, 1))
        .compose(v -> pool.preparedQuery(MERGE_RESULT).execute(Tuple.of(jobId, tally.json())))
        .compose(v -> steps.finish(jobId, "completed", null))
        .onSuccess(v -> LOG.info("re-chunk {} completed: {}", jobId, tally.json().encode()))
        .compose(v -> retargetedAtTheEnd(jobId, userId, tally.size))
        .recover(error -> {
          if (error instanceof IllegalStateException) {
            // the job is no longer this node's (taken over after a stall): its new runner goes on
            return Future.failedFuture(error);
          }
          LOG.warn("re-chunk {} failed: {}", jobId, Failure.describe(error));
          return pool.preparedQuery(MERGE_RESULT).execute(Tuple.of(jobId, tally.json()))
              .compose(v -> steps.finish(jobId, "failed", Failure.from(error).message()));
        });
  }

  /**
   * A retarget that came between the last walk's check and the job's end found the job still
   * running and was answered with it: a new job takes that size up.
   */
  private Future<Void> retargetedAtTheEnd(UUID jobId, UUID userId, int walkedTo) {
    return target(jobId).compose(size -> size == walkedTo ? Future.<Void>succeededFuture()
        : pool.preparedQuery(INSERT_JOB).execute(Tuple.of(UUID.randomUUID(), userId, new JsonObject().put("chunkSize", size)))
            .map(inserted -> {
              LOG.info("re-chunk {} was retargeted to {} as it ended: a new re-chunk follows", jobId, size);
              vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
              return null;
            }));
  }

  private Future<Integer> target(UUID jobId) {
    return pool.preparedQuery(TARGET).execute(Tuple.of(jobId)).map(rows -> {
      Integer size = rows.size() == 0 ? null : rows.iterator().next().getInteger("chunk_size");
      if (size == null) {
        throw Failure.invalidInput("the re-chunk job holds no chunk size").asException();
      }
      return size;
    });
  }

  /**
   * One walk over the sources in id order; another follows when sources are left chunked otherwise
   * than the target (it changed during the walk, or a source finished ingesting with the old size),
   * up to {@value #MAX_PASSES} walks: a source skipped in one is looked at again in the next.
   */
  private Future<Void> pass(UUID jobId, UUID userId, Tally tally, JobSteps steps, int pass) {
    int skippedBefore = tally.skipped;
    return next(jobId, userId, null, tally, steps)
        .compose(v -> target(jobId))
        .compose(size -> {
          tally.size = size;
          return pool.preparedQuery(COUNT_LEFT).execute(Tuple.of(size));
        })
        .compose(rows -> {
          int left = rows.iterator().next().getLong("n").intValue();
          if (left == 0 || pass >= MAX_PASSES || left <= tally.skipped - skippedBefore) {
            return Future.succeededFuture();
          }
          LOG.info("re-chunk {}: {} sources left after walk {}, walking again", jobId, left, pass);
          tally.total += left;
          return pass(jobId, userId, tally, steps, pass + 1);
        });
  }

  /** The next source after {@code after} still chunked otherwise than the job's (current) target, until none is left. */
  private Future<Void> next(UUID jobId, UUID userId, UUID after, Tally tally, JobSteps steps) {
    return target(jobId).compose(size -> pool.preparedQuery(NEXT_SOURCE).execute(Tuple.of(size, after)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Row source = rows.iterator().next();
      UUID sourceId = source.getUUID("id");
      return source(source, size, tally, steps)
          .recover(error -> {
            if (Failure.from(error).status() >= 500) {
              return Future.failedFuture(error);
            }
            // this source's own trouble (deleted meanwhile, never indexed, a chat log without a thread): the others go on
            tally.skipped++;
            LOG.info("re-chunk {}: source {} skipped ({})", jobId, sourceId, Failure.describe(error));
            return Future.succeededFuture();
          })
          .compose(v -> {
            tally.done++;
            int percent = tally.total == 0 ? 99 : Math.min(99, 100 * tally.done / tally.total);
            return pool.preparedQuery(MERGE_RESULT).execute(Tuple.of(jobId, tally.json()))
                .compose(x -> steps.progress(jobId, userId, "rechunk", percent));
          })
          .compose(v -> next(jobId, userId, sourceId, tally, steps));
    }));
  }

  /** One source: its stored text chunked again, indexed pending, swapped in, its new size recorded. */
  private Future<Void> source(Row source, int size, Tally tally, JobSteps steps) {
    UUID sourceId = source.getUUID("id");
    UUID owner = source.getUUID("user_id");
    return replace(source, size, steps, 1).compose(chunkCount -> {
      tally.chunksBefore += source.getInteger("chunk_count");
      tally.chunksAfter += chunkCount;
      return chunkCount == 0 ? Future.succeededFuture() : steps.publishSource(sourceId, owner);
    });
  }

  /** The source's chunks replaced by the new size's (their number), again while it was indexed anew meanwhile. */
  private Future<Integer> replace(Row source, int size, JobSteps steps, int attempt) {
    UUID sourceId = source.getUUID("id");
    UUID owner = source.getUUID("user_id");
    int overlap = settings.get(RuntimeSetting.CHUNK_OVERLAP_PERCENT);
    return chunks(sourceId, owner, source.getString("kind"), size, overlap).compose(chunked -> {
      List<Chunker.Chunk> chunks = chunked.chunks();
      if (chunks.isEmpty()) {
        // nothing to index (a scanned PDF without text): only the size is recorded
        return pool.preparedQuery(RECHUNKED).execute(Tuple.of(sourceId, size, 0)).map(0);
      }
      JsonObject ids = new JsonObject().put("userId", owner.toString()).put("sourceId", sourceId.toString());
      return steps.request(RetrievalBus.INDEX_SOURCE, ids.copy().put("kind", source.getString("kind")).put("replace", true), BUS_TIMEOUT_MS)
          .compose(v -> indexFrom(ids, chunks, 0, steps))
          .compose(v -> steps.request(RetrievalBus.INDEX_SYNC, ids.copy().put("replace", true).put("pendingCount", chunks.size()),
              BUS_TIMEOUT_MS))
          .compose(v -> pool.preparedQuery(RECHUNKED).execute(Tuple.of(sourceId, size, chunks.size())))
          .compose(v -> indexedAnew(sourceId, owner, chunked.version()))
          .recover(error -> attempt < SOURCE_TRIES && RetrievalBus.REPLACEMENT_INCOMPLETE.equals(Failure.from(error).code())
              ? Future.succeededFuture(true) : Future.failedFuture(error))
          .compose(anew -> {
            if (!anew) {
              return Future.succeededFuture(chunks.size());
            }
            if (attempt >= SOURCE_TRIES) {
              LOG.warn("re-chunk: source {} changed under {} tries; its next edit indexes it again", sourceId, SOURCE_TRIES);
              return Future.succeededFuture(chunks.size());
            }
            LOG.info("re-chunk: source {} was indexed anew meanwhile, chunking its current text again", sourceId);
            return replace(source, size, steps, attempt + 1);
          });
    });
  }

  /** Whether a chat log's current version is no longer the one chunked ({@code version}; null: not a chat log). */
  private Future<Boolean> indexedAnew(UUID sourceId, UUID owner, Integer version) {
    return version == null ? Future.succeededFuture(false)
        : ChatLogRows.current(pool, sourceId, owner).map(log -> log.version() != version);
  }

  /** A source's chunks by the new size, and the chat log version they are of (null for other kinds). */
  private record Chunked(List<Chunker.Chunk> chunks, Integer version) {
  }

  /** The source's chunks by the new size, from what ingestion stored of it; chunking runs off the event loop. */
  private Future<Chunked> chunks(UUID sourceId, UUID owner, String kind, int size, int overlap) {
    if ("chat_log".equals(kind)) {
      return ChatLogRows.current(pool, sourceId, owner).compose(log -> ChatLogRows.messages(pool, sourceId, log.version(), 0)
          .compose(stored -> {
            List<ChatMessage> messages = stored.stream().map(ChatLogRows.Stored::message).toList();
            return blocking.executeBlocking(() -> new TurnChunker(tokenizer, size, overlap).chunk(messages), false);
          })
          .map(chunks -> new Chunked(chunks, log.version())));
    }
    return documentChunks(sourceId, size, overlap).map(chunks -> new Chunked(chunks, null));
  }

  /** A document's or a transcript's chunks by the new size, from its stored pages or cues. */
  private Future<List<Chunker.Chunk>> documentChunks(UUID sourceId, int size, int overlap) {
    return pool.preparedQuery(IngestionSql.READING_SEGMENTS).execute(Tuple.of(sourceId)).compose(segmentRows -> {
      if (segmentRows.size() > 0) {
        List<ParsedSource.Segment> segments = new ArrayList<>(segmentRows.size());
        segmentRows.forEach(r -> segments.add(new ParsedSource.Segment(r.getDouble("start_seconds"), r.getDouble("end_seconds"),
            r.getString("text"))));
        return blocking.executeBlocking(() -> new Chunker(tokenizer, size, overlap).segments(segments, 0), false);
      }
      return pool.preparedQuery(IngestionSql.READING_PAGES).execute(Tuple.of(sourceId)).compose(pageRows -> {
        List<ParsedSource.Page> pages = new ArrayList<>(pageRows.size());
        pageRows.forEach(r -> pages.add(new ParsedSource.Page(r.getInteger("page_number"), r.getString("text"))));
        return blocking.executeBlocking(() -> {
          Chunker chunker = new Chunker(tokenizer, size, overlap);
          List<Chunker.Chunk> all = new ArrayList<>();
          for (ParsedSource.Page page : pages) {
            all.addAll(chunker.page(page, all.size()));
          }
          return all;
        }, false);
      });
    });
  }

  /** The chunks from {@code from} on, {@value #IN_FLIGHT} batches at a time, as a pending bulk load in the re-chunk's lane. */
  private Future<Void> indexFrom(JsonObject ids, List<Chunker.Chunk> chunks, int from, JobSteps steps) {
    if (from >= chunks.size()) {
      return Future.succeededFuture();
    }
    List<Future<JsonObject>> sent = new ArrayList<>();
    int to = from;
    for (int i = 0; i < IN_FLIGHT && to < chunks.size(); i++) {
      int end = Math.min(chunks.size(), to + IngestPipeline.EMBED_BATCH);
      JsonArray batch = new JsonArray();
      chunks.subList(to, end).forEach(c -> batch.add(IndexRequests.chunk(c)));
      sent.add(IndexRequests.whenAccepted(vertx, request -> steps.request(RetrievalBus.INDEX_CHUNKS, request, BUS_TIMEOUT_MS),
          ids.copy().put("chunks", batch).put("pending", true).put("bulk", true).put("lane", LANE), () -> false));
      to = end;
    }
    int next = to;
    return Future.all(sent).compose(v -> indexFrom(ids, chunks, next, steps));
  }
}
