package io.mediawhisperer.audiobook;

import io.mediawhisperer.audiobook.audio.AudioFormat;
import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AudiobookBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes audiobooks, one step at a time, from rows any node can claim ({@code FOR UPDATE SKIP
 * LOCKED}): a book's script (its chapters, written once from the source's text), each chapter's
 * audio (synthesized, encoded and stored on its own), then the assembly of the finished chapters
 * into one file with a chapter track. A node heart-beats what it holds; a step or chapter whose
 * node stopped heart-beating is taken over, so a book resumes at its first unfinished chapter and
 * never reads a finished one again. Event-loop only; the work itself runs on {@code blocking}.
 */
final class BookWorker {

  private static final Logger LOG = LoggerFactory.getLogger(BookWorker.class);
  private static final long BUS_TIMEOUT_MS = 120_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Blobs blobs;
  private final WorkerExecutor blocking;
  private final Voices voices;
  private final ChapterReader reader;
  private final BookAssembler assembler;
  private final ScriptWriter scripts;
  private final String nodeId;
  private final int workers;
  private final int staleSeconds;
  private final int maxAttempts;
  /** What this node works on now ({@code <book>/<number>} or {@code <book>/assembly}), each with the flag that stops it. */
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private int busy;

  BookWorker(Vertx vertx, Pool pool, Blobs blobs, WorkerExecutor blocking, Voices voices, ChapterReader reader,
      BookAssembler assembler, ScriptWriter scripts, String nodeId, int workers, int staleSeconds, int maxAttempts) {
    this.vertx = vertx;
    this.pool = pool;
    this.blobs = blobs;
    this.blocking = blocking;
    this.voices = voices;
    this.reader = reader;
    this.assembler = assembler;
    this.scripts = scripts;
    this.nodeId = nodeId;
    this.workers = workers;
    this.staleSeconds = staleSeconds;
    this.maxAttempts = maxAttempts;
  }

  /** Claims one step if a worker slot is free: a script, else an assembly, else a chapter. */
  void poll() {
    if (busy >= workers) {
      return;
    }
    busy++;
    claimAndRun().onComplete(ran -> {
      busy--;
      if (ran.failed()) {
        LOG.warn("audiobook step failed to run: {}", Failure.describe(ran.cause()));
      }
      if (ran.succeeded() && ran.result()) {
        poll();
      }
    });
  }

  /** True when a step was claimed (and has run). */
  private Future<Boolean> claimAndRun() {
    return pool.preparedQuery(AudiobookSql.CLAIM_SCRIPT).execute(Tuple.of(nodeId, staleSeconds)).compose(books -> {
      if (books.size() > 0) {
        poll();
        return script(books.iterator().next()).map(true);
      }
      return pool.preparedQuery(AudiobookSql.CLAIM_ASSEMBLY).execute(Tuple.of(nodeId, staleSeconds)).compose(assemblies -> {
        if (assemblies.size() > 0) {
          poll();
          return assemble(assemblies.iterator().next()).map(true);
        }
        String[] voiceIds = voices.all().stream().map(v -> v.id()).toArray(String[]::new);
        return pool.preparedQuery(AudiobookSql.CLAIM_CHAPTER).execute(Tuple.of(nodeId, staleSeconds, voiceIds)).compose(chapters -> {
          if (chapters.size() == 0) {
            return Future.succeededFuture(false);
          }
          poll();
          return chapter(chapters.iterator().next()).map(true);
        });
      });
    });
  }

  // --- the script: chapters written once from the source's text ---

  private Future<Void> script(Row book) {
    UUID bookId = book.getUUID("id");
    UUID userId = book.getUUID("user_id");
    if (book.getInteger("attempts") > maxAttempts) {
      return fail(bookId, "the book's chapters could not be written in " + maxAttempts + " attempts (a node stopped each time)");
    }
    return vertx.eventBus().<JsonObject>request(IngestionBus.READING, new JsonObject()
            .put("userId", userId.toString()).put("sourceId", book.getUUID("source_id").toString()),
            new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
        .compose(reply -> blocking.executeBlocking(() -> scripts.write(reply.body()), false))
        .compose(chapters -> {
          if (chapters.isEmpty()) {
            return fail(bookId, "the source has no text to read aloud (a scanned PDF has no text layer: OCR it first)");
          }
          List<Tuple> rows = new ArrayList<>();
          for (int i = 0; i < chapters.size(); i++) {
            ScriptWriter.Chapter chapter = chapters.get(i);
            rows.add(Tuple.of(bookId, i + 1, chapter.title(), new JsonArray(chapter.paragraphs()), chapter.words()));
          }
          return pool.withTransaction(conn -> conn.preparedQuery(AudiobookSql.INSERT_CHAPTER).executeBatch(rows)
                  .compose(v -> conn.preparedQuery(AudiobookSql.SCRIPT_DONE).execute(Tuple.of(bookId, nodeId))))
              .compose(updated -> {
                published(updated);
                vertx.eventBus().publish(AudiobookBus.WAKE, new JsonObject());
                LOG.info("audiobook {}: {} chapters", bookId, chapters.size());
                return Future.<Void>succeededFuture();
              });
        })
        .recover(error -> {
          if (error instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            LOG.info("audiobook {} was deleted while its chapters were written", bookId);
            return Future.succeededFuture();
          }
          if (Failure.from(error).status() == 503) {
            // ingestion is not in reach of this node now: another node (or this one, later) writes the chapters
            LOG.info("audiobook {}: the source's text cannot be read from this node now ({}); the step is given back",
                bookId, Failure.describe(error));
            return pool.preparedQuery(AudiobookSql.SCRIPT_RELEASE).execute(Tuple.of(bookId, nodeId)).<Void>mapEmpty();
          }
          return fail(bookId, reason("its text could not be read", error));
        });
  }

  // --- a chapter: synthesized, encoded, stored ---

  private Future<Void> chapter(Row claimed) {
    UUID bookId = claimed.getUUID("audiobook_id");
    int number = claimed.getInteger("number");
    int attempt = claimed.getInteger("attempts");
    UUID userId = claimed.getUUID("user_id");
    if (attempt > maxAttempts) {
      return fail(bookId, "chapter " + number + " could not be read aloud in " + maxAttempts + " attempts (a node stopped each time)");
    }
    AudioFormat format = AudioFormat.parse(claimed.getString("format"));
    List<String> paragraphs = new ArrayList<>();
    claimed.getJsonArray("paragraphs").forEach(p -> paragraphs.add((String) p));
    String key = BlobLayout.audiobookChapter(userId, bookId, number, attempt, format.chapterExtension());
    String runningKey = bookId + "/" + number;
    AtomicBoolean cancelled = new AtomicBoolean();
    long started = System.nanoTime();
    running.put(runningKey, new Running(cancelled, started));
    ChapterReader.Request request = new ChapterReader.Request(paragraphs, claimed.getString("voice"),
        claimed.getDouble("speed"), format, key);
    return blocking.executeBlocking(() -> reader.read(request, cancelled::get), false)
        .compose(audio -> pool.preparedQuery(AudiobookSql.CHAPTER_DONE).execute(Tuple.from(new Object[] {
                bookId, number, nodeId, audio.durationMs(), key, audio.bytes(), (System.nanoTime() - started) / 1_000_000}))
            .compose(done -> {
              if (done.size() == 0) {
                // the book was deleted, or another node took the chapter over: this attempt's file is nobody's
                return blobs.delete(key).<Void>mapEmpty();
              }
              return pool.preparedQuery(AudiobookSql.CHAPTERS_PROGRESS).execute(Tuple.of(bookId)).map(updated -> {
                published(updated);
                if (updated.size() > 0 && "assemble".equals(updated.iterator().next().getString("stage"))) {
                  vertx.eventBus().publish(AudiobookBus.WAKE, new JsonObject());
                }
                return (Void) null;
              });
            }))
        .recover(error -> {
          if (cancelled.get()) {
            LOG.info("audiobook {} chapter {}: stopped ({})", bookId, number, Failure.describe(error));
            return blobs.delete(key).otherwiseEmpty().mapEmpty();
          }
          String why = reason("chapter " + number + " could not be read aloud", error);
          if (attempt >= maxAttempts) {
            return fail(bookId, why);
          }
          LOG.warn("audiobook {}: {}; it will be tried again", bookId, why);
          return pool.preparedQuery(AudiobookSql.CHAPTER_RELEASE).execute(Tuple.of(bookId, number, nodeId)).<Void>mapEmpty();
        })
        .eventually(() -> {
          running.remove(runningKey);
          return Future.succeededFuture();
        });
  }

  // --- the assembly: one file with a chapter track ---

  private Future<Void> assemble(Row book) {
    UUID bookId = book.getUUID("id");
    UUID userId = book.getUUID("user_id");
    AudioFormat format = AudioFormat.parse(book.getString("format"));
    String key = BlobLayout.audiobook(userId, bookId, format.extension());
    AtomicBoolean cancelled = new AtomicBoolean();
    String runningKey = bookId + "/assembly";
    running.put(runningKey, new Running(cancelled, System.nanoTime()));
    return pool.preparedQuery(AudiobookSql.ASSEMBLY_CHAPTERS).execute(Tuple.of(bookId))
        .compose(rows -> {
          List<BookAssembler.Part> parts = new ArrayList<>();
          rows.forEach(row -> parts.add(new BookAssembler.Part(row.getInteger("number"), row.getString("title"),
              row.getLong("duration_ms"), row.getString("audio_key"))));
          BookAssembler.Request request = new BookAssembler.Request(book.getString("title"), format, parts, key);
          return blocking.executeBlocking(() -> assembler.assemble(request, cancelled::get), false)
              .compose(audio -> pool.preparedQuery(AudiobookSql.BOOK_DONE)
                  .execute(Tuple.of(bookId, nodeId, audio.durationMs(), key, audio.bytes()))
                  .compose(done -> {
                    if (done.size() == 0) {
                      return blobs.delete(key).<Void>mapEmpty();
                    }
                    published(done);
                    LOG.info("audiobook {} completed: {} chapters, {} s", bookId, parts.size(), audio.durationMs() / 1000);
                    return removeStrays(userId, bookId, parts, key);
                  }));
        })
        .recover(error -> cancelled.get() ? Future.succeededFuture() : fail(bookId, reason("the chapters could not be joined", error)))
        .eventually(() -> {
          running.remove(runningKey);
          return Future.succeededFuture();
        });
  }

  /** Chapter files of attempts that lost their chapter to another node (it died after storing, say). */
  private Future<Void> removeStrays(UUID userId, UUID bookId, List<BookAssembler.Part> parts, String bookKey) {
    Set<String> kept = new HashSet<>();
    parts.forEach(part -> kept.add(part.key()));
    kept.add(bookKey);
    return blobs.list(BlobLayout.audiobookPrefix(userId, bookId), null, 10_000).compose(listed -> {
      List<Future<Boolean>> deletions = new ArrayList<>();
      for (BlobInfo blob : listed) {
        if (!kept.contains(blob.key())) {
          deletions.add(blobs.delete(blob.key()));
        }
      }
      return Future.all(deletions).<Void>mapEmpty();
    }).otherwiseEmpty();
  }

  // --- holding, stopping, failing ---

  void heartbeat() {
    long asked = System.nanoTime();
    pool.preparedQuery(AudiobookSql.HEARTBEAT_CHAPTERS).execute(Tuple.of(nodeId))
        .onSuccess(held -> {
          Set<String> still = new HashSet<>();
          held.forEach(row -> still.add(row.getUUID("audiobook_id") + "/" + row.getInteger("number")));
          // a chapter this node no longer holds was deleted with its book, or taken over: stop reading it
          // (one claimed after the heartbeat was asked may be missing from its answer: it is left alone)
          running.forEach((key, work) -> {
            if (!key.endsWith("/assembly") && work.since() < asked && !still.contains(key)) {
              work.cancelled().set(true);
            }
          });
        })
        .onFailure(e -> LOG.warn("audiobook heartbeat failed: {}", e.getMessage()));
    pool.preparedQuery(AudiobookSql.HEARTBEAT_BOOKS).execute(Tuple.of(nodeId))
        .onFailure(e -> LOG.warn("audiobook heartbeat failed: {}", e.getMessage()));
  }

  /** Stops whatever this node does for a book (it was deleted). */
  void cancel(UUID bookId) {
    running.forEach((key, work) -> {
      if (key.startsWith(bookId + "/")) {
        work.cancelled().set(true);
      }
    });
  }

  /** A piece of work this node runs, since when, and the flag that stops it. */
  private record Running(AtomicBoolean cancelled, long since) {
  }

  private Future<Void> fail(UUID bookId, String error) {
    LOG.warn("audiobook {} failed: {}", bookId, error);
    return pool.preparedQuery(AudiobookSql.BOOK_FAILED).execute(Tuple.of(bookId, error)).map(rows -> {
      published(rows);
      return (Void) null;
    });
  }

  private void published(RowSet<Row> rows) {
    if (rows.size() > 0) {
      Row book = rows.iterator().next();
      vertx.eventBus().publish(UserEvents.address(book.getUUID("user_id")),
          BookShapes.jobEvent(book));
    }
  }

  private static String reason(String what, Throwable error) {
    return what + ": " + Failure.describe(error);
  }
}
