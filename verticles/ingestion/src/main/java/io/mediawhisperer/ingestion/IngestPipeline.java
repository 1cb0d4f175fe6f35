package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParseSink;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.SourceParser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One source's way from its file into the search index, as stages that overlap, with bounded
 * queues between them. A parse thread reads the pages and chunks each one as soon as it is read
 * (PDF chunks never span pages), and hands batches of {@value #EMBED_BATCH} chunks, with their
 * pages, to the event loop through a queue of {@value #QUEUED_BATCHES}; the event loop stores each
 * batch's pages and sends its chunks to retrieval (which has them embedded and indexed),
 * {@value #BATCHES_IN_FLIGHT} batches at a time, so the embedding model always finds the next
 * batch waiting. When the model is the slower stage the queue fills and the parse thread waits:
 * memory holds a few batches, whatever the size of the document.
 *
 * <p>One instance runs once. Event-loop methods run on the context that created it; the sink runs
 * on the parse thread and talks to the event loop only through the queue.
 */
final class IngestPipeline {

  static final int EMBED_BATCH = 32;
  /** Enough for the model to start the next batch while retrieval stores the one before. */
  static final int BATCHES_IN_FLIGHT = 4;
  static final int QUEUED_BATCHES = 4;
  /** Pages without chunks (blank, scanned) still go to the store in bounded batches. */
  private static final int MAX_PAGES_PER_BATCH = 64;
  private static final long OFFER_WAIT_MS = 50;
  private static final long PROGRESS_EVERY_MS = 500;

  /** Where the pipeline reports progress and asks for indexing; the job runner's own. */
  interface Steps {
    Future<Void> progress(String stage, int percent);

    Future<JsonObject> request(String address, JsonObject body);
  }

  /** What a run read and indexed: the parser's facts, the images it stored, a sample of the chunks for the summary. */
  record Outcome(ParsedSource facts, int chunkCount, List<Tuple> imageRows, List<String> summarySample, Double lastSegmentEnd) {
  }

  /** A stretch of the document: pages or transcript segments, and the chunks made of them. */
  private record Batch(List<ParsedSource.Page> pages, List<Tuple> segmentRows, List<Chunker.Chunk> chunks, int pagesRead,
      int chunksMade, boolean last, ParsedSource facts) {
  }

  /** Thrown on the parse thread when the event loop has given up on the run. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("the ingestion stopped", null, false, false);
    }
  }

  private final Context context;
  private final Pool pool;
  private final SourceFiles files;
  private final WorkerExecutor parseThreads;
  private final Steps steps;
  private final UUID userId;
  private final UUID sourceId;
  private final Chunker chunker;
  private final JsonObject timings;

  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final Promise<Outcome> result = Promise.promise();
  private volatile boolean stopped;
  // parse thread only, until the last batch is queued
  private final ParseState parse = new ParseState();
  // event loop only
  private int inFlight;
  private Batch last;
  private boolean finishing;
  private int chunksIndexed;
  private int pagesDone;
  private int percentShown;
  private long progressShownAt;
  private long embedMs;
  private long indexMs;
  private long storeMs;
  private long queuedMs;
  private long runMs;
  private int embedded;
  private int reused;

  IngestPipeline(Vertx vertx, Pool pool, SourceFiles files, WorkerExecutor parseThreads, Steps steps, UUID userId, UUID sourceId,
      Chunker chunker, JsonObject timings) {
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.files = files;
    this.parseThreads = parseThreads;
    this.steps = steps;
    this.userId = userId;
    this.sourceId = sourceId;
    this.chunker = chunker;
    this.timings = timings;
  }

  /** Parses, chunks, stores and indexes the source; the source's index must have been started. Event loop. */
  Future<Outcome> run(SourceParser parser, ParseLimits limits) {
    long started = System.nanoTime();
    parseThreads.executeBlocking(() -> files.withOriginal(userId, sourceId, file -> {
          ParsedSource facts = parser.parse(file, limits, parse);
          parse.finish(facts);
          return null;
        }), false)
        .onFailure(error -> {
          if (!(error instanceof Stopped)) {
            fail(error);
          }
        });
    return result.future().onComplete(done -> {
      stopped = true;
      queue.clear();
      timings.put("parseMs", parse.parseNanos() / 1_000_000)
          .put("chunkMs", parse.chunkNanos / 1_000_000)
          .put("parseWaitMs", parse.waitNanos / 1_000_000)
          .put("storeMs", storeMs)
          .put("embedMs", embedMs)
          .put("embedQueuedMs", queuedMs)
          .put("embedRunMs", runMs)
          .put("indexMs", indexMs)
          .put("pipelineMs", (System.nanoTime() - started) / 1_000_000)
          .put("embedded", embedded)
          .put("reused", reused);
    });
  }

  // --- the event loop's side ---------------------------------------------------------------------

  private void pump() {
    while (!result.future().isComplete() && inFlight < BATCHES_IN_FLIGHT) {
      Batch batch = queue.poll();
      if (batch == null) {
        break;
      }
      if (batch.last()) {
        last = batch;
        break;
      }
      inFlight++;
      store(batch)
          .compose(v -> index(batch.chunks()))
          .compose(v -> {
            inFlight--;
            chunksIndexed += batch.chunks().size();
            pagesDone = Math.max(pagesDone, batch.pagesRead());
            return reportProgress(false);
          })
          .onSuccess(v -> pump())
          .onFailure(this::fail);
    }
    if (last != null && inFlight == 0 && !result.future().isComplete() && !finishing) {
      // once: pump runs again when the parse side queues its last batch and when the last batch is answered
      finishing = true;
      // the batches were indexed as a bulk load: durable and searchable from here
      steps.request(RetrievalBus.INDEX_SYNC, new JsonObject().put("userId", userId.toString()).put("sourceId", sourceId.toString()))
          .compose(synced -> reportProgress(true))
          .onSuccess(v -> result.tryComplete(new Outcome(last.facts(), last.chunksMade(), parse.imageRows, parse.summary.texts(),
              parse.lastSegmentEnd)))
          .onFailure(this::fail);
    }
  }

  private Future<Void> store(Batch batch) {
    long started = System.nanoTime();
    List<Tuple> pages = batch.pages().stream()
        .map(p -> Tuple.of(sourceId, p.number(), p.text().replace("\u0000", ""))).toList();
    Future<Void> stored = pages.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery(IngestionSql.INSERT_PAGE).executeBatch(pages).mapEmpty();
    if (!batch.segmentRows().isEmpty()) {
      stored = stored.compose(v -> pool.preparedQuery(IngestionSql.INSERT_SEGMENT).executeBatch(batch.segmentRows()).mapEmpty());
    }
    return stored.onSuccess(v -> storeMs += (System.nanoTime() - started) / 1_000_000);
  }

  private Future<Void> index(List<Chunker.Chunk> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray chunks = new JsonArray();
    batch.forEach(c -> chunks.add(IndexRequests.chunk(c)));
    return IndexRequests.whenAccepted(context.owner(), request -> steps.request(RetrievalBus.INDEX_CHUNKS, request), new JsonObject()
            .put("userId", userId.toString()).put("sourceId", sourceId.toString()).put("lane", sourceId.toString())
            .put("bulk", true).put("chunks", chunks), () -> stopped)
        .map(indexed -> {
          // with batches overlapping, these sums can exceed the wall time
          embedMs += indexed.getLong("embedMs", 0L);
          indexMs += indexed.getLong("indexMs", 0L);
          queuedMs += indexed.getLong("embedQueuedMs", 0L);
          runMs += indexed.getLong("embedRunMs", 0L);
          embedded += indexed.getInteger("embedded", batch.size());
          reused += indexed.getInteger("reused", 0);
          return null;
        });
  }

  /**
   * Progress from the stage that bounds the run: pages whose chunks are indexed, out of the
   * pages the document has; "embed" while batches wait for the model, "parse" while the model
   * waits for pages. At most every {@value #PROGRESS_EVERY_MS} ms (each is a database write and a
   * WebSocket frame).
   */
  private Future<Void> reportProgress(boolean force) {
    int total = parse.pageCount;
    int percent = total > 0 ? 5 + 90 * Math.min(pagesDone, total) / total : percentShown;
    long now = System.nanoTime();
    if (!force && (percent <= percentShown || now - progressShownAt < PROGRESS_EVERY_MS * 1_000_000)) {
      return Future.succeededFuture();
    }
    percentShown = Math.max(percent, percentShown);
    progressShownAt = now;
    return steps.progress(queue.isEmpty() && !force ? "parse" : "embed", percentShown);
  }

  /** Ends the run from outside (the verticle stops): the parse thread stops at its next page. Event loop. */
  void stop() {
    fail(new IllegalStateException("the ingestion verticle stopped"));
  }

  private void fail(Throwable error) {
    stopped = true;
    result.tryFail(error);
  }

  // --- the parse thread's side ---------------------------------------------------------------------

  /**
   * The parser's sink: chunks each page as it arrives and queues full batches, waiting while the
   * queue is full (that wait is the back-pressure, and the parser does not count it against its
   * time limit). Images go to the blob store from here, as the parser reads them.
   */
  private final class ParseState implements ParseSink {
    final List<Tuple> imageRows = new ArrayList<>();
    final EvenSample summary = new EvenSample(JobRunner.SUMMARY_MAX_PASSAGES);
    final long startedNanos = System.nanoTime();
    volatile int pageCount;
    long chunkNanos;
    long waitNanos;
    long imageNanos;
    long finishedNanos;
    Double lastSegmentEnd;
    private final List<ParsedSource.Page> pages = new ArrayList<>();
    private final List<ParsedSource.Segment> segments = new ArrayList<>();
    private final List<Chunker.Chunk> chunks = new ArrayList<>();
    private int pagesRead;
    private int chunksMade;

    @Override
    public void pageCount(int count) {
      pageCount = count;
    }

    @Override
    public void page(ParsedSource.Page page) {
      long started = System.nanoTime();
      take(chunker.page(page, chunksMade), started);
      pages.add(page);
      pagesRead++;
      while (chunks.size() >= EMBED_BATCH) {
        queueBatch(EMBED_BATCH, List.of());
      }
      if (pages.size() >= MAX_PAGES_PER_BATCH) {
        queueBatch(0, List.of());
      }
    }

    @Override
    public void segment(ParsedSource.Segment segment) {
      // a chunk may span cues, so a transcript is chunked whole at the end; its size is bounded by the upload's
      segments.add(segment);
    }

    @Override
    public void image(ParsedSource.Image image) {
      long started = System.nanoTime();
      int seq = imageRows.size();
      try {
        files.putImage(userId, sourceId, seq, image.format(), image.data());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot store image " + seq + " of the source", e);
      }
      imageRows.add(Tuple.of(sourceId, seq, image.pageNumber(), image.width(), image.height(), image.format()));
      imageNanos += System.nanoTime() - started;
    }

    /** After the parser returned: the transcript's chunks, what is left, and the last batch with the parser's facts. */
    void finish(ParsedSource facts) {
      if (!segments.isEmpty()) {
        long started = System.nanoTime();
        take(chunker.segments(segments, chunksMade), started);
        List<Tuple> rows = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
          ParsedSource.Segment s = segments.get(i);
          rows.add(Tuple.of(sourceId, i, s.start(), s.end(), s.text().replace("\u0000", "")));
        }
        lastSegmentEnd = segments.get(segments.size() - 1).end();
        segments.clear();
        queueBatch(0, rows);
      }
      while (!chunks.isEmpty() || !pages.isEmpty()) {
        queueBatch(Math.min(EMBED_BATCH, chunks.size()), List.of());
      }
      finishedNanos = System.nanoTime();
      offer(new Batch(List.of(), List.of(), List.of(), pagesRead, chunksMade, true, facts));
    }

    /** Chunks just made (since {@code startedNanos}): counted, sampled for the summary, waiting for their batch. */
    private void take(List<Chunker.Chunk> made, long startedNanos) {
      chunkNanos += System.nanoTime() - startedNanos;
      chunksMade += made.size();
      made.forEach(c -> summary.offer(c.text()));
      chunks.addAll(made);
    }

    long parseNanos() {
      long end = finishedNanos == 0 ? System.nanoTime() : finishedNanos;
      return Math.max(0, end - startedNanos - chunkNanos - waitNanos - imageNanos);
    }

    private void queueBatch(int chunkCount, List<Tuple> segmentRows) {
      List<Chunker.Chunk> taken = new ArrayList<>(chunks.subList(0, chunkCount));
      chunks.subList(0, chunkCount).clear();
      // pages are done once none of their chunks is still waiting here
      int done = chunks.isEmpty() ? pagesRead : pagesRead - 1;
      offer(new Batch(List.copyOf(pages), segmentRows, taken, done, chunksMade, false, null));
      pages.clear();
    }

    private void offer(Batch batch) {
      long started = System.nanoTime();
      try {
        while (!queue.offer(batch, OFFER_WAIT_MS, TimeUnit.MILLISECONDS)) {
          if (stopped) {
            throw new Stopped();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      } finally {
        waitNanos += System.nanoTime() - started;
      }
      if (stopped) {
        throw new Stopped();
      }
      context.runOnContext(v -> pump());
    }
  }
}
