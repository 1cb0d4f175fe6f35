package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExports;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a chat export (job type {@value #TYPE}): the export's reader streams its conversations
 * on a worker thread, and a few at a time are stored and indexed while it reads on, so the heap
 * holds a few conversations and the model sets the pace. Each conversation is one
 * {@code chat_log} source keyed by (platform, conversation id): a new one is created, a changed
 * one gets its next version (indexed again), an unchanged one is left alone; so importing next
 * month's export, or the same file twice, adds no duplicates, and a job resumed on another node
 * finishes what the dead one started.
 */
final class ChatImportJob {

  static final String TYPE = "chat_import";
  static final String REINDEX = "chat_index";
  private static final Logger LOG = LoggerFactory.getLogger(ChatImportJob.class);
  private static final long BUS_TIMEOUT_MS = 120_000;
  /** How long the reader waits for a place among the conversations in flight. */
  private static final long CONVERSATION_TIMEOUT_MS = 600_000;
  /** Warnings kept on the job; the rest are counted. */
  private static final int MAX_WARNINGS = 100;
  /** The uncompressed size an export's document may have. */
  static final long MAX_DOCUMENT_BYTES = 4L << 30;
  private static final int SUMMARY_PASSAGES = 200;
  private static final int SUMMARY_WORDS = 60;
  private static final int TITLE_CHARS = 80;
  /**
   * The bound of a whole import. A reader checks its time limit between conversations, and the time
   * a conversation takes to be stored and indexed passes inside that check, so a parser's few
   * minutes would stop a large export half-way: 10,000 conversations take about half an hour here.
   */
  static final java.time.Duration IMPORT_TIME = java.time.Duration.ofHours(6);
  /** Conversations imported at once. */
  static final int IN_FLIGHT = 4;

  private final Vertx vertx;
  private final Pool pool;
  private final List<ChatExportReader> readers;
  private final TokenCounter tokenizer;
  private final SourceFiles files;
  private final WorkerExecutor blocking;
  private final ParseLimits limits;
  private final RuntimeSettings settings;
  private final JobSteps steps;

  ChatImportJob(Vertx vertx, Pool pool, List<ChatExportReader> readers, TokenCounter tokenizer, SourceFiles files,
      WorkerExecutor blocking, ParseLimits limits, RuntimeSettings settings, JobSteps steps) {
    this.vertx = vertx;
    this.pool = pool;
    this.readers = readers;
    this.tokenizer = tokenizer;
    this.files = files;
    this.blocking = blocking;
    this.limits = new ParseLimits(limits.maxPages(), IMPORT_TIME, limits.maxImages(), limits.maxImageBytes(), limits.maxTextChars(),
        limits.maxImagePixels(), limits.maxStreamBytes());
    this.settings = settings;
    this.steps = steps;
  }

  /** What one run found, for the job's {@code result}. */
  private static final class Tally {
    String platform;
    int created;
    int updated;
    int unchanged;
    int skipped;
    final List<String> warnings = new ArrayList<>();
    int lastPercent;
    long lastReport;

    void warn(String warning) {
      if (warnings.size() < MAX_WARNINGS) {
        warnings.add(warning);
      }
    }

    JsonObject json() {
      return new JsonObject().put("platform", platform).put("created", created).put("updated", updated)
          .put("unchanged", unchanged).put("skipped", skipped).put("warnings", new JsonArray(new ArrayList<>(warnings)));
    }
  }

  /** One run's fixed facts. */
  private record Run(UUID jobId, UUID userId, UUID collectionId, TurnChunker chunker, Tally tally, Context context) {
  }

  Future<Void> run(JsonObject job) {
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID userId = UUID.fromString(job.getString("userId"));
    UUID collectionId = job.getString("collectionId") == null ? null : UUID.fromString(job.getString("collectionId"));
    Run run = new Run(jobId, userId, collectionId, new TurnChunker(tokenizer, settings.get(RuntimeSetting.CHUNK_SIZE),
        settings.get(RuntimeSetting.CHUNK_OVERLAP_PERCENT)), new Tally(), vertx.getOrCreateContext());
    return pool.preparedQuery(ChatLogSql.JOB_PAYLOAD).execute(Tuple.of(jobId))
        .map(rows -> rows.iterator().next().getJsonObject("payload").getString("blobKey"))
        .compose(blobKey -> steps.progress(jobId, userId, "read", 1)
            .compose(v -> blocking.executeBlocking(() -> files.withBlob(blobKey, path -> read(run, path)), false))
            .compose(v -> run.tally().created + run.tally().updated + run.tally().unchanged == 0
                ? Future.failedFuture(new ParseException(ParseException.EMPTY, "The export holds no conversation this server could read"
                    + (run.tally().warnings.isEmpty() ? "." : ": " + run.tally().warnings.get(0))))
                : Future.<Void>succeededFuture())
            .compose(v -> pool.preparedQuery(ChatLogSql.JOB_RESULT).execute(Tuple.of(jobId, run.tally().json())))
            .compose(v -> steps.finish(jobId, "completed", null))
            .onSuccess(v -> LOG.info("chat import {} completed: {}", jobId, run.tally().json().copy().put("warnings", run.tally().warnings.size())))
            .recover(error -> error instanceof IllegalStateException
                // the job is another node's now, and so is the export
                ? Future.failedFuture(error)
                : pool.preparedQuery(ChatLogSql.JOB_RESULT).execute(Tuple.of(jobId, run.tally().json()))
                    .compose(v -> steps.finish(jobId, "failed", message(error))))
            // the job is over: its export is not needed any more (the blob sweep removes one a crash left)
            .compose(v -> files.delete(blobKey)));
  }

  private static String message(Throwable error) {
    if (error instanceof ParseException pe) {
      return pe.getMessage();
    }
    Failure failure = Failure.from(error);
    // a 503 says what is away (or stuck) in a sentence; other server errors are for the log
    return failure.status() >= 500 && failure.status() != 503 ? "internal error while importing; see the server log" : failure.message();
  }

  /**
   * Blocking (a worker thread): the export's reader streams it, and each conversation is imported
   * on the event loop, {@value #IN_FLIGHT} at a time: while one waits for the model, others are
   * stored, so the model stays busy; the reader waits when that many are in flight, so the heap
   * holds at most that many conversations. The first failure stops the reading.
   */
  private Void read(Run run, java.nio.file.Path path) throws Exception {
    ChatExports.Choice choice = ChatExports.choose(path, readers).orElseThrow(() -> new ParseException(ParseException.CORRUPT,
        "This file is no chat export this server reads (ChatGPT, Claude, Gemini, DeepSeek, Grok, Mistral, Open WebUI,"
            + " LibreChat or Chatbot UI; a zip must hold the service's conversations file)."));
    run.tally().platform = choice.reader().platform();
    long size = ChatExports.documentSize(path, choice);
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    try (InputStream document = ChatExports.open(path, choice, MAX_DOCUMENT_BYTES);
        Counting counted = new Counting(document)) {
      choice.reader().read(counted, new ChatLogSink() {
        @Override
        public void conversation(ChatConversation conversation) {
          // the CPU work (hash, tokens) here on the worker thread; the event loop only stores and asks
          String hash = contentHash(conversation);
          List<Chunker.Chunk> chunks = run.chunker().chunk(conversation.messages());
          acquire(inFlight, 1);
          run.context().runOnContext(v -> importOne(run, choice.reader(), conversation, hash, chunks)
              .compose(x -> reportProgress(run, counted.count, size))
              .onComplete(done -> {
                if (done.failed()) {
                  failed.compareAndSet(null, done.cause());
                }
                inFlight.release();
              }));
        }

        @Override
        public void skipped(String warning) {
          run.tally().skipped++;
          run.tally().warn(warning);
        }

        @Override
        public boolean wantsMore() {
          return failed.get() == null;
        }
      }, limits);
    } finally {
      // every conversation handed out is finished (or failed) before the job is
      acquire(inFlight, IN_FLIGHT);
    }
    if (failed.get() != null) {
      throw failed.get() instanceof Exception e ? e : new IllegalStateException(failed.get());
    }
    return null;
  }

  private static void acquire(Semaphore semaphore, int permits) {
    try {
      // not an IllegalStateException: that one means "the job is another node's now" and leaves it running
      if (!semaphore.tryAcquire(permits, CONVERSATION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        throw new Failure(503, Failure.UNAVAILABLE, "a conversation took longer than " + CONVERSATION_TIMEOUT_MS / 1000
            + " s to import; import the export again later").asException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(503, Failure.UNAVAILABLE, "the import was interrupted; import the export again").asException();
    }
  }

  /** At most every second: progress from 1 to 99 by the share of the document read. */
  private Future<Void> reportProgress(Run run, long read, long size) {
    long now = System.nanoTime();
    int percent = size > 0 ? (int) Math.min(99, 1 + 98 * read / size) : run.tally().lastPercent;
    if (now - run.tally().lastReport < 1_000_000_000L || percent == run.tally().lastPercent) {
      return Future.succeededFuture();
    }
    run.tally().lastReport = now;
    run.tally().lastPercent = percent;
    return steps.progress(run.jobId(), run.userId(), "import", percent);
  }

  // --- one conversation ---

  private Future<Void> importOne(Run run, ChatExportReader reader, ChatConversation conversation, String hash,
      List<Chunker.Chunk> chunks) {
    String platform = reader.platform();
    String title = title(conversation);
    return pool.preparedQuery(ChatLogSql.CONVERSATION).execute(Tuple.of(run.userId(), platform, conversation.externalId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            // a new chat log: no tags yet, and nothing indexed to remove first
            return create(run, reader, conversation, hash).compose(id -> {
              if (id == null) {
                return Future.succeededFuture();
              }
              run.tally().created++;
              return index(run, id, title, chunks, List.of(), true);
            });
          }
          Row found = rows.iterator().next();
          UUID sourceId = found.getUUID("id");
          Future<Boolean> stored;
          if (hash.equals(found.getString("content_sha256"))) {
            run.tally().unchanged++;
            // unchanged, but an earlier attempt may have died before indexing it
            stored = Future.succeededFuture(!"completed".equals(found.getString("status")));
          } else {
            run.tally().updated++;
            stored = nextVersion(sourceId, found.getInteger("current_version") + 1, conversation, hash).map(true);
          }
          return stored.compose(reindex -> reindex
              ? ChatLogRows.current(pool, sourceId, run.userId()).compose(log -> index(run, sourceId, title, chunks, log.tags(), false))
              : Future.succeededFuture());
        });
  }


  /**
   * Indexes a chat log's current version again (job type {@value #REINDEX}: after an edit, a restore
   * or a merge made a new version).
   */
  Future<Void> reindex(JsonObject job) {
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID userId = UUID.fromString(job.getString("userId"));
    UUID sourceId = UUID.fromString(job.getString("sourceId"));
    return ChatLogRows.current(pool, sourceId, userId)
        .compose(log -> ChatLogRows.messages(pool, sourceId, log.version(), 0).compose(stored -> {
          Run run = new Run(jobId, userId, log.collectionId(), new TurnChunker(tokenizer, settings.get(RuntimeSetting.CHUNK_SIZE),
              settings.get(RuntimeSetting.CHUNK_OVERLAP_PERCENT)), new Tally(), vertx.getOrCreateContext());
          List<ChatMessage> messages = stored.stream().map(ChatLogRows.Stored::message).toList();
          ChatConversation conversation = new ChatConversation(sourceId.toString(), log.title(), null, null, null, messages, List.of(), List.of());
          return steps.progress(jobId, userId, "index", 10)
              .compose(v -> blocking.executeBlocking(() -> run.chunker().chunk(conversation.messages()), false))
              .compose(chunks -> index(run, sourceId, title(conversation), chunks, log.tags(), false));
        }))
        .compose(v -> steps.finish(jobId, "completed", null))
        .recover(error -> error instanceof IllegalStateException ? Future.failedFuture(error)
            : pool.preparedQuery(ChatLogSql.DONE).execute(Tuple.of(sourceId, "failed", message(error), 0, null, null))
                .compose(v -> steps.finish(jobId, "failed", message(error))));
  }

  private Future<UUID> create(Run run, ChatExportReader reader, ChatConversation conversation, String hash) {
    UUID sourceId = UUID.randomUUID();
    String key = Upload.sha256("chat_log\n" + reader.platform() + "\n" + conversation.externalId());
    Tuple row = Tuple.from(new Object[] {sourceId, run.userId(), run.collectionId(), title(conversation), reader.name(), key,
        characters(conversation), reader.platform(), conversation.externalId(), conversation.messages().size(), metadata(conversation)});
    return pool.withTransaction(conn -> conn.preparedQuery(ChatLogSql.INSERT_SOURCE).execute(row)
        .compose(inserted -> inserted.size() == 0
            // the same conversation under another id of this user's (a race with a second import): leave it to that one
            ? Future.succeededFuture((UUID) null)
            : storeVersion(conn, sourceId, 1, "import", conversation, hash).map(sourceId)));
  }

  private Future<Void> nextVersion(UUID sourceId, int version, ChatConversation conversation, String hash) {
    return pool.withTransaction(conn -> storeVersion(conn, sourceId, version, "import", conversation, hash)
        .compose(v -> conn.preparedQuery(ChatLogSql.NEXT_VERSION).execute(Tuple.from(new Object[] {sourceId, version,
            conversation.messages().size(), title(conversation), metadata(conversation), characters(conversation)})))
        // notes follow their text into the new version
        .compose(v -> Annotations.follow(conn, sourceId, version, conversation.messages())));
  }

  private static Future<Void> storeVersion(SqlConnection conn, UUID sourceId, int version, String origin, ChatConversation conversation,
      String hash) {
    return ChatLogRows.insertVersion(conn, sourceId, version, origin, hash,
        conversation.messages().stream().map(m -> new ChatLogRows.Stored(m, null, null)).toList(), conversation.branches());
  }

  /** The main thread, chunked along its turns, to retrieval; then a summary; then the source is completed. */
  private Future<Void> index(Run run, UUID sourceId, String title, List<Chunker.Chunk> chunks, List<String> tags, boolean fresh) {
    return steps.request(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", run.userId().toString())
            .put("sourceId", sourceId.toString()).put("kind", "chat_log").put("title", title).put("tags", new JsonArray(tags))
            .put("fresh", fresh)
            .put("collectionId", run.collectionId() == null ? null : run.collectionId().toString()), BUS_TIMEOUT_MS)
        .compose(v -> indexBatches(run, sourceId, chunks, 0))
        .compose(v -> summary(title, chunks))
        .compose(summary -> pool.preparedQuery(ChatLogSql.DONE).execute(Tuple.of(sourceId, "completed", null, chunks.size(), summary,
            run.chunker().requestedSize())))
        .compose(v -> steps.publishSource(sourceId, run.userId()));
  }

  private Future<Void> indexBatches(Run run, UUID sourceId, List<Chunker.Chunk> chunks, int from) {
    if (from >= chunks.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(chunks.size(), from + IngestPipeline.EMBED_BATCH);
    JsonArray batch = new JsonArray();
    chunks.subList(from, to).forEach(c -> batch.add(IndexRequests.chunk(c)));
    return steps.request(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", run.userId().toString())
            .put("sourceId", sourceId.toString()).put("chunks", batch), BUS_TIMEOUT_MS)
        .compose(v -> indexBatches(run, sourceId, chunks, to));
  }

  /** A summary is a nicety: without a chat node, or when the model fails, the chat log is imported without one. */
  private Future<String> summary(String title, List<Chunker.Chunk> chunks) {
    if (chunks.isEmpty()) {
      return Future.succeededFuture(null);
    }
    JsonArray passages = new JsonArray();
    int step = Math.max(1, (chunks.size() + SUMMARY_PASSAGES - 1) / SUMMARY_PASSAGES);
    for (int i = 0; i < chunks.size(); i += step) {
      passages.add(new JsonObject().put("text", chunks.get(i).text()));
    }
    // "chat_log": the summary says what was asked and what was concluded
    return steps.request(ChatBus.SUMMARIZE, new JsonObject().put("title", title).put("kind", "chat_log").put("passages", passages)
            .put("maxWords", SUMMARY_WORDS),
            ChatBus.ANSWER_TIMEOUT_MS)
        .map(reply -> reply.getString("summary"))
        .otherwise((String) null);
  }

  // --- facts of a conversation ---

  /** The service's title, else the start of the first prompt. */
  static String title(ChatConversation conversation) {
    String title = conversation.title();
    if (title == null || title.isBlank()) {
      title = conversation.messages().stream().filter(m -> "user".equals(m.role()) && !m.content().isBlank())
          .map(m -> m.content().strip().replaceAll("\\s+", " ")).findFirst().orElse("Untitled conversation");
      if (title.length() > TITLE_CHARS) {
        title = title.substring(0, TITLE_CHARS).strip() + "…";
      }
    }
    return title.length() > 300 ? title.substring(0, 300) : title.strip();
  }

  private static JsonObject metadata(ChatConversation conversation) {
    JsonObject metadata = new JsonObject().put("branches", conversation.branches().size());
    if (conversation.model() != null) {
      metadata.put("model", conversation.model());
    }
    if (conversation.createdAt() != null) {
      metadata.put("conversationCreatedAt", conversation.createdAt().toString());
    }
    if (conversation.updatedAt() != null) {
      metadata.put("conversationUpdatedAt", conversation.updatedAt().toString());
    }
    if (!conversation.warnings().isEmpty()) {
      metadata.put("warnings", new JsonArray(conversation.warnings()));
    }
    return metadata;
  }

  private static long characters(ChatConversation conversation) {
    long n = conversation.messages().stream().mapToLong(m -> m.content().length()).sum();
    for (ChatBranch branch : conversation.branches()) {
      n += branch.messages().stream().mapToLong(m -> m.content().length()).sum();
    }
    return n;
  }

  /** What a changed conversation is told by: its title, every message of every branch (role, text, time). */
  static String contentHash(ChatConversation conversation) {
    StringBuilder text = new StringBuilder(String.valueOf(conversation.title()));
    appendMessages(text, conversation.messages());
    for (ChatBranch branch : conversation.branches()) {
      text.append("\u0001branch ").append(branch.forkIndex());
      appendMessages(text, branch.messages());
    }
    return Upload.sha256(text.toString());
  }

  private static void appendMessages(StringBuilder text, List<ChatMessage> messages) {
    for (ChatMessage m : messages) {
      text.append('\u0000').append(m.role()).append('\u0000').append(m.content()).append('\u0000').append(m.createdAt());
    }
  }

  /** Counts the bytes the reader has taken, for progress. */
  private static final class Counting extends FilterInputStream {
    volatile long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
