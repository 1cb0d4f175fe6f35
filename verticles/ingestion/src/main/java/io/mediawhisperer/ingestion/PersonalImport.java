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
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A personal export brought into this account (job type {@value #TYPE}): the zip is checked whole
 * first (every entry read, so a corrupt or truncated one fails before anything is made), then its
 * collections and tags are made, each source is uploaded again from its original (new ids, same
 * content, embedded again by its own ingestion job) into its collection with its tags, each
 * conversation is recreated with its messages (scoped to the new sources), and the templates are
 * added. What cannot be brought (a chat log, whose export is its messages, not its original file) is
 * listed in the job's result.
 */
final class PersonalImport {

  static final String TYPE = "import";
  private static final Logger LOG = LoggerFactory.getLogger(PersonalImport.class);
  private static final String INSERT_JOB = "INSERT INTO jobs AS j (id, user_id, type, status, payload) VALUES ($1, $2, '" + TYPE
      + "', 'queued', $3) RETURNING " + IngestionSql.JOB_COLUMNS;

  /** Uploads a stored blob as a new source, as {@code POST /sources} does. */
  interface SourceMaker {
    Future<JsonObject> create(UUID userId, String uploadKey, String fileName, String title, UUID collectionId);
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Blobs blobs;
  private final WorkerExecutor blocking;
  private final Path scratch;
  private final SourceMaker maker;
  /** The largest entry read from an export (an original as large as an upload may be); a zip that inflates past it is refused. */
  private final long maxEntryBytes;

  PersonalImport(Vertx vertx, Pool pool, Blobs blobs, WorkerExecutor blocking, Path scratch, long maxEntryBytes, SourceMaker maker) {
    this.vertx = vertx;
    this.pool = pool;
    this.blobs = blobs;
    this.blocking = blocking;
    this.scratch = scratch;
    this.maxEntryBytes = maxEntryBytes;
    this.maker = maker;
  }

  /** {@code {"userId", "uploadKey"}}: the upload (ours from here) becomes the job's zip, and the job is queued. */
  Future<JsonObject> queue(JsonObject body) {
    UUID userId = Payloads.userId(body);
    String upload = Payloads.requiredString(body, "uploadKey");
    if (!BlobLayout.isUpload(upload)) {
      throw Failure.invalidInput("uploadKey is not an upload key").asException();
    }
    UUID jobId = UUID.randomUUID();
    String key = BlobLayout.chatImport(userId, jobId);
    return blobs.rename(upload, key)
        .compose(v -> pool.preparedQuery(INSERT_JOB).execute(Tuple.of(jobId, userId, new JsonObject().put("blobKey", key))))
        .map(rows -> {
          vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
          return new JsonObject().put("job", Shapes.job(rows.iterator().next()));
        })
        .recover(error -> blobs.delete(key).otherwiseEmpty().compose(x -> blobs.delete(upload).otherwiseEmpty())
            .compose(x -> Future.failedFuture(error)));
  }

  /** What the zip holds, read and checked before anything is made. */
  private record Plan(JsonArray collections, JsonArray tags, List<JsonObject> sources, List<JsonObject> conversations,
      JsonArray templates, Path file) {
  }

  Future<Void> run(JsonObject job, JobSteps steps) {
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID userId = UUID.fromString(job.getString("userId"));
    Path file = scratch.resolve("import-" + jobId + ".zip");
    JsonObject result = new JsonObject().put("sources", 0).put("collections", 0).put("tags", 0).put("conversations", 0)
        .put("templates", 0).put("skipped", new JsonArray());
    return pool.preparedQuery(ChatLogSql.JOB_PAYLOAD).execute(Tuple.of(jobId))
        .map(rows -> rows.iterator().next().getJsonObject("payload").getString("blobKey"))
        .compose(key -> steps.progress(jobId, userId, "check", 1).compose(v -> blocking.executeBlocking(() -> plan(key, file), true)))
        .compose(plan -> make(plan, userId, jobId, steps, result))
        .compose(v -> pool.preparedQuery(ChatLogSql.JOB_RESULT).execute(Tuple.of(jobId, result)))
        .compose(v -> steps.finish(jobId, "completed", null))
        .recover(error -> {
          LOG.warn("import {} failed: {}", jobId, error.getMessage());
          return steps.finish(jobId, "failed", Failure.from(error).message());
        })
        .eventually(() -> blocking.executeBlocking(() -> Files.deleteIfExists(file), true));
  }

  private Plan plan(String key, Path file) throws Exception {
    Files.createDirectories(file.getParent());
    try (var content = blobs.store().open(key); InputStream in = content.stream()) {
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Map<String, byte[]> json = new TreeMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        try (InputStream in = zip.getInputStream(entry)) {
          // every entry read to its end: its CRC is checked, so a damaged archive fails here, before anything is made;
          // and none may inflate past an upload's size (a zip bomb is refused, not unpacked)
          byte[] head = in.readNBytes(entry.getName().endsWith(".json") ? (int) Math.min(maxEntryBytes, Integer.MAX_VALUE - 8) + 1 : 0);
          long size = head.length + skipUpTo(in, maxEntryBytes + 1 - head.length);
          if (size > maxEntryBytes) {
            throw Failure.invalidInput(entry.getName() + " in the export inflates past " + maxEntryBytes
                + " bytes (upload-max-bytes); nothing was imported").asException();
          }
          if (entry.getName().endsWith(".json")) {
            json.put(entry.getName(), head);
          }
        }
      }
    } catch (ZipException e) {
      throw Failure.invalidInput("the file is not a readable zip (" + e.getMessage() + "); nothing was imported").asException();
    }
    JsonObject manifest = object(json, "manifest.json");
    if (manifest == null || !"mediawhisperer-export".equals(manifest.getString("format"))) {
      throw Failure.invalidInput("the zip is not a MediaWhisperer export (no manifest.json of format mediawhisperer-export)").asException();
    }
    if (manifest.getInteger("version", 0) > PersonalExport.FORMAT_VERSION) {
      throw Failure.invalidInput("the export is of format version " + manifest.getInteger("version") + "; this server reads up to "
          + PersonalExport.FORMAT_VERSION).asException();
    }
    List<JsonObject> sources = new ArrayList<>();
    List<JsonObject> conversations = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : json.entrySet()) {
      String name = e.getKey();
      if (name.startsWith("sources/") && name.endsWith("/source.json")) {
        sources.add(parse(name, e.getValue()).put("_dir", name.substring(0, name.length() - "source.json".length())));
      } else if (name.startsWith("conversations/")) {
        conversations.add(parse(name, e.getValue()));
      }
    }
    JsonArray collections = array(json, "collections.json");
    JsonArray tags = array(json, "tags.json");
    JsonArray templates = array(json, "templates.json");
    return new Plan(collections, tags, sources, conversations, templates, file);
  }

  private Future<Void> make(Plan plan, UUID userId, UUID jobId, JobSteps steps, JsonObject result) {
    Map<String, UUID> collections = new HashMap<>();
    Map<String, String> tags = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    Future<Void> done = Future.succeededFuture();
    for (Object c : plan.collections()) {
      JsonObject collection = (JsonObject) c;
      done = done.compose(v -> pool.preparedQuery(IngestionSql.INSERT_COLLECTION).execute(Tuple.of(userId,
              collection.getString("name"), collection.getString("kind"), collection.getString("url")))
          .map(rows -> {
            collections.put(collection.getString("id"), rows.iterator().next().getUUID("id"));
            result.put("collections", result.getInteger("collections") + 1);
            return null;
          }));
    }
    for (Object t : plan.tags()) {
      String name = ((JsonObject) t).getString("name");
      done = done.compose(v -> tag(userId, name).map(id -> {
        tags.put(name.toLowerCase(java.util.Locale.ROOT), id);
        result.put("tags", result.getInteger("tags") + 1);
        return null;
      }));
    }
    for (int i = 0; i < plan.sources().size(); i++) {
      JsonObject source = plan.sources().get(i);
      int index = i;
      done = done.compose(v -> source(plan, source, userId, collections, tags, sources, result))
          .compose(v -> steps.progress(jobId, userId, "sources", 5 + 80 * (index + 1) / plan.sources().size()));
    }
    for (JsonObject conversation : plan.conversations()) {
      done = done.compose(v -> conversation(conversation, userId, collections, sources, result));
    }
    for (Object t : plan.templates()) {
      JsonObject template = (JsonObject) t;
      done = done.compose(v -> request(GenerationBus.TEMPLATE_CREATE, userId, new JsonObject().put("type", template.getString("type"))
              .put("name", template.getString("name")).put("content", template.getString("content")))
          .map(x -> {
            result.put("templates", result.getInteger("templates") + 1);
            return (Void) null;
          })
          .recover(error -> GenerationBus.TEMPLATE_EXISTS.equals(Failure.from(error).code()) ? Future.succeededFuture()
              : Future.failedFuture(error)));
    }
    return done;
  }

  private Future<String> tag(UUID userId, String name) {
    return request(IngestionBus.TAG_CREATE, userId, new JsonObject().put("name", name))
        .map(reply -> reply.getJsonObject("tag").getString("id"))
        .recover(error -> !IngestionBus.TAG_EXISTS.equals(Failure.from(error).code()) ? Future.failedFuture(error)
            : request(IngestionBus.TAG_LIST, userId, new JsonObject().put("limit", 200)).map(list -> list.getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(t -> t.getString("name").equalsIgnoreCase(name)).findFirst()
                .map(t -> t.getString("id")).orElseThrow(() -> Failure.notFound("tag " + name).asException())));
  }

  private Future<Void> source(Plan plan, JsonObject source, UUID userId, Map<String, UUID> collections, Map<String, String> tags,
      Map<String, String> made, JsonObject result) {
    String dir = source.getString("_dir");
    return blocking.executeBlocking(() -> {
          try (ZipFile zip = new ZipFile(plan.file().toFile())) {
            ZipEntry original = zip.stream().filter(e -> e.getName().startsWith(dir + "original")).findFirst().orElse(null);
            if (original == null) {
              return null;
            }
            String upload = BlobLayout.newUpload();
            try (InputStream in = zip.getInputStream(original)) {
              blobs.store().put(upload, in);
            }
            return upload;
          }
        }, true)
        .compose(upload -> {
          if (upload == null) {
            result.getJsonArray("skipped").add(new JsonObject().put("title", source.getString("title")).put("kind", source.getString("kind"))
                .put("reason", "the export holds no original file to read it from"));
            return Future.succeededFuture();
          }
          UUID collection = source.getString("collectionId") == null ? null : collections.get(source.getString("collectionId"));
          String fileName = source.getString("fileName");
          return maker.create(userId, upload, fileName, source.getString("title"), collection)
              .compose(reply -> {
                JsonObject created = reply.getJsonObject("source");
                made.put(source.getString("id"), created.getString("id"));
                result.put("sources", result.getInteger("sources") + 1);
                JsonArray tagIds = new JsonArray();
                source.getJsonArray("tags", new JsonArray()).forEach(n -> {
                  String id = tags.get(String.valueOf(n).toLowerCase(java.util.Locale.ROOT));
                  if (id != null) {
                    tagIds.add(id);
                  }
                });
                return tagIds.isEmpty() ? Future.succeededFuture()
                    : request(IngestionBus.SOURCE_TAGS, userId, new JsonObject().put("sourceId", created.getString("id")).put("tagIds", tagIds))
                        .mapEmpty();
              });
        });
  }

  private Future<Void> conversation(JsonObject conversation, UUID userId, Map<String, UUID> collections, Map<String, String> sources,
      JsonObject result) {
    JsonObject request = new JsonObject().put("title", conversation.getString("title"))
        .put("messages", conversation.getJsonArray("messages", new JsonArray()));
    JsonArray scope = new JsonArray();
    conversation.getJsonArray("sourceIds", new JsonArray()).forEach(id -> {
      String now = sources.get(String.valueOf(id));
      if (now != null) {
        scope.add(now);
      }
    });
    if (!scope.isEmpty()) {
      request.put("sourceIds", scope);
    }
    UUID collection = conversation.getString("collectionId") == null ? null : collections.get(conversation.getString("collectionId"));
    if (collection != null) {
      request.put("collectionId", collection.toString());
    }
    return request(ChatBus.IMPORT, userId, request).map(x -> {
      result.put("conversations", result.getInteger("conversations") + 1);
      return null;
    });
  }

  private Future<JsonObject> request(String address, UUID userId, JsonObject body) {
    return PersonalExport.asUser(vertx, address, userId, body);
  }

  /** Reads and drops at most {@code limit} bytes (stopping there: a bomb is not inflated to its end); returns how many. */
  private static long skipUpTo(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long read = 0;
    while (read < limit) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read));
      if (n < 0) {
        break;
      }
      read += n;
    }
    return read;
  }

  private static JsonObject parse(String name, byte[] bytes) {
    try {
      return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw Failure.invalidInput(name + " in the export is not a JSON object").asException();
    }
  }

  private static JsonObject object(Map<String, byte[]> json, String name) {
    return json.containsKey(name) ? parse(name, json.get(name)) : null;
  }

  private static JsonArray array(Map<String, byte[]> json, String name) {
    if (!json.containsKey(name)) {
      return new JsonArray();
    }
    try {
      return new JsonArray(new String(json.get(name), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw Failure.invalidInput(name + " in the export is not a JSON array").asException();
    }
  }
}
