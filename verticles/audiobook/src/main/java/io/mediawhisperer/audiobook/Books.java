package io.mediawhisperer.audiobook;

import io.mediawhisperer.audiobook.audio.AudioFormat;
import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AudiobookBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.db.Pagination;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.Voice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The requests about a user's audiobooks ({@link AudiobookBus}): create, read, download, delete. */
final class Books {

  private static final long BUS_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Blobs blobs;
  private final Voices voices;
  private final AudioFormat defaultFormat;
  private final BookWorker worker;

  Books(Vertx vertx, Pool pool, Blobs blobs, Voices voices, AudioFormat defaultFormat, BookWorker worker) {
    this.vertx = vertx;
    this.pool = pool;
    this.blobs = blobs;
    this.voices = voices;
    this.defaultFormat = defaultFormat;
    this.worker = worker;
  }

  Future<JsonObject> create(Message<JsonObject> message) {
    JsonObject body = message.body();
    UUID userId = Payloads.userId(body);
    UUID sourceId = Payloads.requiredIdOrNotFound(body, "sourceId", "source not found");
    String formatName = Payloads.optionalString(body, "format");
    AudioFormat format;
    try {
      format = formatName == null ? defaultFormat : AudioFormat.parse(formatName);
    } catch (IllegalArgumentException e) {
      throw Failure.invalidInput(e.getMessage()).asException();
    }
    double speed = speed(body.getValue("speed"));
    String requestedVoice = Payloads.optionalString(body, "voice");
    return vertx.eventBus().<JsonObject>request(IngestionBus.GET, new JsonObject()
            .put("userId", userId.toString()).put("sourceId", sourceId.toString()), new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
        .map(reply -> reply.body().getJsonObject("source"))
        .compose(source -> {
          String status = source.getString("status");
          if (!"completed".equals(status)) {
            return Future.failedFuture(new Failure(409, IngestionBus.NOT_READY, "failed".equals(status)
                ? "the source failed to ingest; retry it before making an audiobook of it"
                : "the source is still being ingested (" + status + "); try again when it is completed").asException());
          }
          Voice voice = voices.choose(requestedVoice, source.getString("language"));
          String title = source.getString("title") == null ? "Untitled" : source.getString("title");
          return pool.preparedQuery(AudiobookSql.INSERT_BOOK).execute(Tuple.from(new Object[] {
              UUID.randomUUID(), userId, sourceId, title, voice.id(), format.id(), speed}));
        })
        .map(rows -> {
          Row row = rows.iterator().next();
          JsonObject job = BookShapes.job(row);
          publishJob(userId, row);
          vertx.eventBus().publish(AudiobookBus.WAKE, new JsonObject());
          return new JsonObject().put("audiobook", BookShapes.book(row, List.of())).put("job", job);
        });
  }

  private static double speed(Object value) {
    if (value == null) {
      return 1.0;
    }
    if (!(value instanceof Number n) || !(n.doubleValue() >= SpeechRequest.MIN_SPEED && n.doubleValue() <= SpeechRequest.MAX_SPEED)) {
      throw Failure.invalidInput("speed must be a number from " + SpeechRequest.MIN_SPEED + " to " + SpeechRequest.MAX_SPEED).asException();
    }
    return n.doubleValue();
  }

  Future<JsonObject> list(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    Pagination page = Pagination.from(message.body());
    return pool.preparedQuery(AudiobookSql.LIST_BOOKS).execute(Tuple.of(userId, page.afterTime(), page.afterId(), page.fetchSize()))
        .compose(rows -> withChapters(rows).map(chapters -> page.page(rows, row -> BookShapes.book(row,
            chapters.getOrDefault(row.getUUID("id"), List.of())))));
  }

  Future<JsonObject> get(Message<JsonObject> message) {
    return book(message.body(), "audiobookId")
        .compose(row -> withChapters(List.of(row)).map(chapters -> new JsonObject()
            .put("audiobook", BookShapes.book(row, chapters.getOrDefault(row.getUUID("id"), List.of())))));
  }

  Future<JsonObject> job(Message<JsonObject> message) {
    return book(message.body(), "jobId").map(row -> new JsonObject().put("job", BookShapes.job(row)));
  }

  private Future<Row> book(JsonObject body, String idField) {
    UUID userId = Payloads.userId(body);
    UUID id = Payloads.requiredIdOrNotFound(body, idField, "audiobook not found");
    return pool.preparedQuery(AudiobookSql.BOOK).execute(Tuple.of(id, userId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(Failure.notFound("audiobook not found").asException())
        : Future.succeededFuture(rows.iterator().next()));
  }

  private Future<Map<UUID, List<Row>>> withChapters(Iterable<Row> books) {
    List<UUID> ids = new ArrayList<>();
    books.forEach(row -> ids.add(row.getUUID("id")));
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(AudiobookSql.CHAPTERS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, List<Row>> byBook = new HashMap<>();
      rows.forEach(row -> byBook.computeIfAbsent(row.getUUID("audiobook_id"), k -> new ArrayList<>()).add(row));
      return byBook;
    });
  }

  /** The blob of the whole book, or of one finished chapter. */
  Future<JsonObject> audio(Message<JsonObject> message) {
    JsonObject body = message.body();
    Object chapterValue = body.getValue("chapter");
    return book(body, "audiobookId").compose(row -> {
      AudioFormat format = AudioFormat.parse(row.getString("format"));
      String name = fileName(row.getString("title"));
      if (chapterValue == null) {
        if (!"completed".equals(row.getString("status"))) {
          return Future.failedFuture(notReady("the audiobook is " + row.getString("status") + "; its audio exists once it is completed"));
        }
        return Future.succeededFuture(new JsonObject().put("key", row.getString("audio_key")).put("contentType", format.contentType())
            .put("fileName", name + "." + format.extension()).put("size", row.getLong("audio_bytes")));
      }
      if (!(chapterValue instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1) {
        return Future.failedFuture(Failure.invalidInput("chapter must be a whole number from 1").asException());
      }
      int number = n.intValue();
      return pool.preparedQuery(AudiobookSql.CHAPTER).execute(Tuple.of(row.getUUID("id"), row.getUUID("user_id"), number))
          .compose(rows -> {
            if (rows.size() == 0) {
              return Future.failedFuture(Failure.notFound("the audiobook has no chapter " + number).asException());
            }
            Row chapter = rows.iterator().next();
            if (!"done".equals(chapter.getString("status"))) {
              return Future.failedFuture(notReady("chapter " + number + " is not read yet (" + chapter.getString("status") + ")"));
            }
            return Future.succeededFuture(new JsonObject().put("key", chapter.getString("audio_key"))
                .put("contentType", format.contentType())
                .put("fileName", String.format("%s - %03d.%s", name, number, format.chapterExtension()))
                .put("size", chapter.getLong("audio_bytes")));
          });
    });
  }

  private static Throwable notReady(String message) {
    return new Failure(409, AudiobookBus.NOT_READY, message).asException();
  }

  private static String fileName(String title) {
    String name = title.replaceAll("[^A-Za-z0-9._ -]", "_").trim();
    return name.isEmpty() ? "audiobook" : name.length() > 100 ? name.substring(0, 100) : name;
  }

  /** Stops a queued or running book everywhere and removes its audio; the book stays, {@code cancelled}. */
  Future<JsonObject> cancel(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    return book(message.body(), "audiobookId").compose(found -> pool.preparedQuery(AudiobookSql.CANCEL_BOOK)
        .execute(Tuple.of(found.getUUID("id"), userId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new Failure(409, AudiobookBus.NOT_RUNNING, "the audiobook is "
                + found.getString("status") + "; only a queued or running one can be cancelled").asException());
          }
          Row row = rows.iterator().next();
          vertx.eventBus().publish(AudiobookBus.CANCELLED, new JsonObject().put("audiobookId", row.getUUID("id").toString()));
          worker.cancel(row.getUUID("id"));
          publishJob(userId, row);
          return blobs.deletePrefix(BlobLayout.audiobookPrefix(userId, row.getUUID("id")))
              .compose(v -> withChapters(List.of(row)))
              .map(chapters -> new JsonObject().put("audiobook", BookShapes.book(row, chapters.getOrDefault(row.getUUID("id"), List.of()))));
        }));
  }

  /** Removes the book's rows (its chapters go with them), stops its work on every node, then removes its files. */
  Future<JsonObject> delete(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    UUID id = Payloads.requiredIdOrNotFound(message.body(), "audiobookId", "audiobook not found");
    return pool.preparedQuery(AudiobookSql.DELETE_BOOK).execute(Tuple.of(id, userId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(Failure.notFound("audiobook not found").asException());
          }
          vertx.eventBus().publish(AudiobookBus.CANCELLED, new JsonObject().put("audiobookId", id.toString()));
          worker.cancel(id);
          return blobs.deletePrefix(BlobLayout.audiobookPrefix(userId, id));
        })
        .map(deleted -> new JsonObject());
  }

  /** An account's deletion: every book of the user stopped and removed, then every file of the user's audiobooks area. */
  Future<JsonObject> purgeUser(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    return pool.preparedQuery(AudiobookSql.DELETE_USER_BOOKS).execute(Tuple.of(userId))
        .compose(rows -> {
          for (Row row : rows) {
            vertx.eventBus().publish(AudiobookBus.CANCELLED, new JsonObject().put("audiobookId", row.getUUID("id").toString()));
            worker.cancel(row.getUUID("id"));
          }
          return blobs.deletePrefix(BlobLayout.userPrefix(BlobLayout.AUDIOBOOKS, userId))
              .map(files -> new JsonObject().put("audiobooks", rows.rowCount()).put("blobs", files));
        });
  }

  Future<JsonObject> voices(Message<JsonObject> message) {
    return Future.succeededFuture(voices.json());
  }

  private void publishJob(UUID userId, Row book) {
    vertx.eventBus().publish(UserEvents.address(userId), BookShapes.jobEvent(book));
  }
}
