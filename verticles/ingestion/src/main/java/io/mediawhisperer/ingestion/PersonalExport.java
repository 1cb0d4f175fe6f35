package io.mediawhisperer.ingestion;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.GenerationBus;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's library as one zip (job type {@value #TYPE}), read through the same bus addresses the
 * HTTP API uses, so it holds exactly what the person can see: each source's original file, its
 * extracted text (Markdown, page by page), transcript segments or chat-log messages, its tags; the
 * collections and tags; every conversation as JSON and as readable Markdown with its citations;
 * the person's own templates. The zip is written to a scratch file, then kept in the blob store
 * under {@code exports/<user>/<job>.zip} for {@link IngestionBus#EXPORT_FILE}.
 */
final class PersonalExport {

  static final String TYPE = "export";
  static final int FORMAT_VERSION = 1;
  private static final Logger LOG = LoggerFactory.getLogger(PersonalExport.class);
  private static final long BUS_TIMEOUT_MS = 120_000;

  private static final String INSERT_JOB = "INSERT INTO jobs AS j (id, user_id, type, status) VALUES ($1, $2, '" + TYPE
      + "', 'queued') RETURNING " + IngestionSql.JOB_COLUMNS;

  private final Vertx vertx;
  private final Pool pool;
  private final Blobs blobs;
  private final WorkerExecutor blocking;
  private final Path scratch;

  PersonalExport(Vertx vertx, Pool pool, Blobs blobs, WorkerExecutor blocking, Path scratch) {
    this.vertx = vertx;
    this.pool = pool;
    this.blobs = blobs;
    this.blocking = blocking;
    this.scratch = scratch;
  }

  static String key(UUID userId, UUID jobId) {
    return BlobLayout.userPrefix(BlobLayout.EXPORTS, userId) + jobId + ".zip";
  }

  Future<JsonObject> queue(JsonObject body) {
    UUID userId = Payloads.userId(body);
    return pool.preparedQuery(INSERT_JOB).execute(Tuple.of(UUID.randomUUID(), userId))
        .map(rows -> {
          vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
          return new JsonObject().put("job", Shapes.job(rows.iterator().next()));
        });
  }

  /** The finished export's blob, for the caller to stream; 409 while it is being made. */
  Future<JsonObject> file(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID jobId = Payloads.requiredIdOrNotFound(body, "jobId", "no such export");
    return pool.preparedQuery(IngestionSql.JOB).execute(Tuple.of(jobId, userId)).compose(rows -> {
      Row job = rows.size() == 0 ? null : rows.iterator().next();
      if (job == null || !TYPE.equals(job.getString("type"))) {
        return Future.failedFuture(Failure.notFound("no such export").asException());
      }
      if (!"completed".equals(job.getString("status"))) {
        return Future.failedFuture(new Failure(409, IngestionBus.EXPORT_NOT_READY, "the export is " + job.getString("status")
            + (job.getString("error") == null ? "" : ": " + job.getString("error"))).asException());
      }
      return Future.succeededFuture(new JsonObject().put("key", key(userId, jobId)).put("contentType", "application/zip")
          .put("fileName", "mediawhisperer-export-" + job.getOffsetDateTime("created_at").toLocalDate() + ".zip"));
    });
  }

  Future<Void> run(JsonObject job, JobSteps steps) {
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID userId = UUID.fromString(job.getString("userId"));
    Path file = scratch.resolve("export-" + jobId + ".zip");
    Writer writer = new Writer(file);
    JsonObject counts = new JsonObject();
    return blocking.executeBlocking(writer::open, true)
        .compose(v -> all(IngestionBus.COLLECTION_LIST, userId, new JsonObject()))
        .compose(collections -> writer.json("collections.json", new JsonArray(collections)))
        .compose(v -> all(IngestionBus.TAG_LIST, userId, new JsonObject()))
        .compose(tags -> writer.json("tags.json", new JsonArray(tags)))
        .compose(v -> all(IngestionBus.LIST, userId, new JsonObject()))
        .compose(sources -> {
          counts.put("sources", sources.size());
          return sources(sources, 0, userId, writer, jobId, steps);
        })
        .compose(v -> all(ChatBus.LIST, userId, new JsonObject()))
        .compose(conversations -> {
          counts.put("conversations", conversations.size());
          return conversations(conversations, 0, userId, writer);
        })
        .compose(v -> all(GenerationBus.TEMPLATES, userId, new JsonObject()))
        .compose(templates -> {
          JsonArray own = new JsonArray();
          templates.stream().filter(t -> t.getBoolean("owned", false)).forEach(own::add);
          counts.put("templates", own.size());
          return writer.json("templates.json", own);
        })
        .compose(v -> writer.json("manifest.json", new JsonObject().put("format", "mediawhisperer-export").put("version", FORMAT_VERSION)
            .put("exportedAt", Instant.now().toString()).put("counts", counts)))
        .compose(v -> blocking.executeBlocking(writer::close, true))
        .compose(v -> blocking.executeBlocking(() -> {
          try (InputStream in = Files.newInputStream(file)) {
            blobs.store().put(key(userId, jobId), in);
          }
          return Files.size(file);
        }, true))
        .compose(bytes -> pool.preparedQuery(ChatLogSql.JOB_RESULT).execute(Tuple.of(jobId, counts.copy().put("bytes", bytes))))
        .compose(v -> steps.finish(jobId, "completed", null))
        .recover(error -> {
          LOG.warn("export {} failed: {}", jobId, error.getMessage());
          return steps.finish(jobId, "failed", Failure.from(error).message());
        })
        .eventually(() -> blocking.executeBlocking(() -> {
          writer.abandon();
          Files.deleteIfExists(file);
          return null;
        }, true));
  }

  private Future<Void> sources(List<JsonObject> sources, int index, UUID userId, Writer writer, UUID jobId, JobSteps steps) {
    if (index == sources.size()) {
      return Future.succeededFuture();
    }
    JsonObject source = sources.get(index);
    String dir = String.format(Locale.ROOT, "sources/%04d-%s/", index + 1, slug(source.getString("title")));
    JsonObject ask = new JsonObject().put("sourceId", source.getString("id"));
    return request(IngestionBus.FILE, userId, ask.copy())
        .compose(original -> writer.json(dir + "source.json", original.getString("fileName") == null ? source
                : source.copy().put("fileName", original.getString("fileName")))
            .compose(v -> writer.blob(dir + "original" + extension(original.getString("fileName"), source.getString("kind")),
                original.getString("key"))))
        .recover(noOriginal -> writer.json(dir + "source.json", source))
        .compose(v -> request(IngestionBus.READING, userId, ask.copy())
            .compose(text -> writeText(dir, text, writer))
            // a source that failed or is still being read has no text to give
            .recover(notReady -> Failure.from(notReady).status() == 409 ? Future.succeededFuture() : Future.failedFuture(notReady)))
        .compose(v -> steps.progress(jobId, userId, "sources", 1 + 80 * (index + 1) / sources.size()))
        .compose(v -> sources(sources, index + 1, userId, writer, jobId, steps));
  }

  private Future<Void> writeText(String dir, JsonObject text, Writer writer) {
    List<Future<Void>> written = new ArrayList<>();
    JsonArray pages = text.getJsonArray("pages", new JsonArray());
    if (!pages.isEmpty()) {
      StringBuilder md = new StringBuilder("# ").append(text.getString("title")).append("\n\n");
      for (Object p : pages) {
        JsonObject page = (JsonObject) p;
        md.append("## Page ").append(page.getInteger("number")).append("\n\n").append(page.getString("text")).append("\n\n");
      }
      written.add(writer.text(dir + "text.md", md.toString()));
    }
    if (!text.getJsonArray("segments", new JsonArray()).isEmpty()) {
      written.add(writer.json(dir + "transcript.json", text.getJsonArray("segments")));
    }
    if (!text.getJsonArray("messages", new JsonArray()).isEmpty()) {
      written.add(writer.json(dir + "messages.json", text.getJsonArray("messages")));
    }
    return Future.all(written).mapEmpty();
  }

  private Future<Void> conversations(List<JsonObject> conversations, int index, UUID userId, Writer writer) {
    if (index == conversations.size()) {
      return Future.succeededFuture();
    }
    JsonObject conversation = conversations.get(index);
    String name = String.format(Locale.ROOT, "conversations/%04d-%s", index + 1, slug(conversation.getString("title")));
    return all(ChatBus.MESSAGES, userId, new JsonObject().put("conversationId", conversation.getString("id")))
        .compose(newestFirst -> {
          List<JsonObject> messages = new ArrayList<>(newestFirst);
          java.util.Collections.reverse(messages);
          JsonObject whole = conversation.copy().put("messages", new JsonArray(messages));
          whole.remove("lastMessage");
          return writer.json(name + ".json", whole).compose(v -> writer.text(name + ".md", markdown(conversation, messages)));
        })
        .compose(v -> conversations(conversations, index + 1, userId, writer));
  }

  /** A conversation as a person reads it: each turn, and under each answer the passages it cites. */
  static String markdown(JsonObject conversation, List<JsonObject> messages) {
    StringBuilder md = new StringBuilder("# ").append(conversation.getString("title", "Conversation")).append("\n\n");
    for (JsonObject m : messages) {
      md.append("**").append("user".equals(m.getString("role")) ? "You" : "Assistant").append("** (")
          .append(m.getString("createdAt")).append(")\n\n").append(m.getString("content")).append("\n\n");
      JsonObject metadata = m.getJsonObject("metadata");
      JsonArray cited = metadata == null ? null : metadata.getJsonArray("sources");
      if (cited != null && !cited.isEmpty()) {
        md.append("Sources:\n\n");
        for (int i = 0; i < cited.size(); i++) {
          JsonObject hit = cited.getJsonObject(i);
          md.append("[").append(i + 1).append("] ").append(hit.getString("sourceTitle", "a source"));
          if (hit.getValue("pageNumber") != null) {
            md.append(", page ").append(hit.getValue("pageNumber"));
          }
          if (hit.getString("url") != null) {
            md.append(", ").append(hit.getString("url"));
          }
          md.append(": \"").append(hit.getString("text", "").replaceAll("\\s+", " ").strip()).append("\"\n");
        }
        md.append('\n');
      }
    }
    return md.toString();
  }

  private Future<JsonObject> request(String address, UUID userId, JsonObject body) {
    return asUser(vertx, address, userId, body);
  }

  /** A request to another address as the user whose data an export or an import moves, with the time a whole library may take. */
  static Future<JsonObject> asUser(Vertx vertx, String address, UUID userId, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body.put("userId", userId.toString()),
        new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS)).map(Message::body);
  }

  /** Every item of a paged list address, page after page. */
  private Future<List<JsonObject>> all(String address, UUID userId, JsonObject query) {
    List<JsonObject> items = new ArrayList<>();
    return page(address, userId, query, null, items).map(v -> items);
  }

  private Future<Void> page(String address, UUID userId, JsonObject query, String cursor, List<JsonObject> items) {
    JsonObject body = query.copy().put("limit", 200);
    if (cursor != null) {
      body.put("cursor", cursor);
    }
    return request(address, userId, body).compose(reply -> {
      reply.getJsonArray("items", new JsonArray()).forEach(item -> items.add((JsonObject) item));
      String next = reply.getString("nextCursor");
      return next == null ? Future.succeededFuture() : page(address, userId, query, next, items);
    });
  }

  static String slug(String title) {
    String s = title == null ? "" : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    s = s.length() > 60 ? s.substring(0, 60).replaceAll("-$", "") : s;
    return s.isEmpty() ? "untitled" : s;
  }

  private static String extension(String fileName, String kind) {
    if (fileName != null && fileName.matches(".*\\.[A-Za-z0-9]{1,8}")) {
      return fileName.substring(fileName.lastIndexOf('.')).toLowerCase(Locale.ROOT);
    }
    return switch (kind == null ? "" : kind) {
      case "pdf" -> ".pdf";
      case "transcript" -> ".json";
      default -> ".txt";
    };
  }

  /** The zip being written; every call runs on the export's ordered worker tasks. */
  private final class Writer {
    private final Path file;
    private ZipOutputStream zip;

    Writer(Path file) {
      this.file = file;
    }

    Void open() throws IOException {
      Files.createDirectories(file.getParent());
      zip = new ZipOutputStream(Files.newOutputStream(file));
      return null;
    }

    Future<Void> json(String name, Object value) {
      String text = value instanceof JsonObject o ? o.encodePrettily() : ((JsonArray) value).encodePrettily();
      return text(name, text);
    }

    Future<Void> text(String name, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      return blocking.executeBlocking(() -> {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
        return null;
      }, true);
    }

    Future<Void> blob(String name, String key) {
      return blocking.executeBlocking(() -> {
        zip.putNextEntry(new ZipEntry(name));
        try (var content = blobs.store().open(key)) {
          content.stream().transferTo(zip);
        }
        zip.closeEntry();
        return null;
      }, true);
    }

    Void close() throws IOException {
      zip.close();
      zip = null;
      return null;
    }

    void abandon() {
      if (zip != null) {
        try {
          zip.close();
        } catch (IOException ignored) {
          // the scratch file is deleted next
        }
        zip = null;
      }
    }
  }

}
