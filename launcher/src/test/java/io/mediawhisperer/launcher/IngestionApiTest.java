package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingestion end to end, as a user does it: real corpus files uploaded over HTTP to a node with
 * every role (real PDFBox, the real MiniLM model, real Lucene, real PostgreSQL), progress watched
 * over the WebSocket, content read back.
 */
class IngestionApiTest {

  static final Path CORPUS = Corpus.root();
  private static final long UPLOAD_LIMIT = 3_000_000;
  private static Path dataDir;
  private static Node node;
  private static int port;
  private static Vertx clientVertx;
  private static WebClient client;
  private static Pool db;
  /** Fresh users for every test, so no test sees another's sources, duplicates or events. */
  private String alice;
  private String bob;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("mw-ingestion-test");
    port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        "upload-max-bytes", String.valueOf(UPLOAD_LIMIT))));
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    db = Database.pool(clientVertx, "test", TestDatabase.url(), 2);
  }

  @org.junit.jupiter.api.BeforeEach
  void users() {
    alice = login("alice-" + UUID.randomUUID() + "@example.org");
    bob = login("bob-" + UUID.randomUUID() + "@example.org");
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(clientVertx.close());
    node.close();
  }

  private static String login(String email) {
    JsonObject credentials = new JsonObject().put("email", email).put("password", "ingest all the things");
    Await.result(client.post("/api/v1/auth/register").sendJsonObject(credentials));
    return Await.result(client.post("/api/v1/auth/login").sendJsonObject(credentials)).bodyAsJsonObject().getString("token");
  }

  static HttpResponse<Buffer> upload(String token, Path file, String... titleAndCollection) {
    MultipartForm form = MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(), file.toString(),
        "application/octet-stream");
    if (titleAndCollection.length > 0 && titleAndCollection[0] != null) {
      form.attribute("title", titleAndCollection[0]);
    }
    if (titleAndCollection.length > 1) {
      form.attribute("collectionId", titleAndCollection[1]);
    }
    return Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  static HttpResponse<Buffer> get(String token, String path) {
    return Await.result(client.get(path).bearerTokenAuthentication(token).send());
  }

  /** Polls the job until it ends; the WebSocket test watches the same progress as pushed events. */
  static JsonObject finishedJob(String token, String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = get(token, "/api/v1/jobs/" + jobId).bodyAsJsonObject();
      if (List.of("completed", "failed").contains(job.getString("status"))) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + jobId + " did not finish in 3 minutes");
  }

  static JsonObject ingest(String token, Path file) throws InterruptedException {
    HttpResponse<Buffer> created = upload(token, file);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    JsonObject job = finishedJob(token, created.bodyAsJsonObject().getJsonObject("job").getString("id"));
    return get(token, "/api/v1/sources/" + job.getString("sourceId")).bodyAsJsonObject().put("job", job);
  }

  @Test
  void aPdfIsParsedChunkedEmbeddedAndIndexedWhileTheWebSocketShowsProgress() throws Exception {
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    // kept in a variable to the end: Vert.x closes a client, and its sockets, once the client is garbage
    var webSockets = clientVertx.createWebSocketClient();
    WebSocket socket = Await.result(webSockets.connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI("/api/v1/ws").addHeader("authorization", "Bearer " + alice)));
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    waitFor(() -> frames.stream().anyMatch(f -> "ready".equals(f.getString("type"))));

    long started = System.nanoTime();
    HttpResponse<Buffer> created = upload(alice, CORPUS.resolve("pdf/tracemonkey-two-column.pdf"));
    assertThat(created.statusCode()).isEqualTo(202);
    String jobId = created.bodyAsJsonObject().getJsonObject("job").getString("id");
    assertThat(created.bodyAsJsonObject().getJsonObject("source").getString("status")).isEqualTo("pending");
    waitFor(() -> frames.stream().anyMatch(f -> "job".equals(f.getString("type"))
        && jobId.equals(f.getJsonObject("job").getString("id")) && "completed".equals(f.getJsonObject("job").getString("status"))));
    long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    webSockets.close(); // also what keeps the client reachable until here

    List<Integer> progress = frames.stream()
        .filter(f -> "job".equals(f.getString("type")) && jobId.equals(f.getJsonObject("job").getString("id")))
        .map(f -> f.getJsonObject("job").getInteger("progress")).toList();
    assertThat(progress).isSorted().contains(100).hasSizeGreaterThan(4);
    assertThat(frames).anyMatch(f -> "source".equals(f.getString("type"))
        && "completed".equals(f.getJsonObject("source").getString("status")));

    String sourceId = created.bodyAsJsonObject().getJsonObject("source").getString("id");
    JsonObject source = get(alice, "/api/v1/sources/" + sourceId).bodyAsJsonObject();
    assertThat(source.getString("status")).isEqualTo("completed");
    assertThat(source.getInteger("pageCount")).isEqualTo(14);
    assertThat(source.getInteger("chunkCount")).isGreaterThan(14);
    assertThat(source.getString("kind")).isEqualTo("pdf");
    System.out.printf("tracemonkey-two-column.pdf: 14 pages, %d chunks in %d ms (%.1f pages/s); stages %s%n",
        source.getInteger("chunkCount"), elapsedMs, 14_000.0 / elapsedMs, source.getJsonObject("metadata").getJsonObject("timings"));

    JsonObject page1 = get(alice, "/api/v1/sources/" + sourceId + "/pages/1").bodyAsJsonObject();
    assertThat(page1.getInteger("pageNumber")).isEqualTo(1);
    assertThat(page1.getString("text")).contains("Trace-based Just-in-Time Type Specialization");
    assertThat(get(alice, "/api/v1/sources/" + sourceId + "/pages/15").statusCode()).isEqualTo(404);
    HttpResponse<Buffer> file = get(alice, "/api/v1/sources/" + sourceId + "/file");
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.getHeader("content-type")).isEqualTo("application/pdf");
    assertThat(file.body().getBytes()).isEqualTo(Files.readAllBytes(CORPUS.resolve("pdf/tracemonkey-two-column.pdf")));

    var chunks = Await.result(db.preparedQuery("SELECT count(*), min(page_start), max(page_end), count(DISTINCT embedding_model),"
        + " min(embedding_dimension), bool_and(page_start = page_end), max(token_count) FROM chunks WHERE source_id = $1")
        .execute(Tuple.of(UUID.fromString(sourceId)))).iterator().next();
    assertThat(chunks.getLong(0)).isEqualTo(source.getInteger("chunkCount").longValue());
    assertThat(chunks.getInteger(1)).isEqualTo(1);
    assertThat(chunks.getInteger(2)).isEqualTo(14);
    assertThat(chunks.getLong(3)).isEqualTo(1);
    assertThat(chunks.getInteger(4)).isEqualTo(384);
    assertThat(chunks.getBoolean(5)).isTrue();
    assertThat(chunks.getInteger(6)).isLessThanOrEqualTo(126);

    // the vectors are in the index, under this user only
    var bus = node.vertx().eventBus();
    JsonObject embedded = Await.result(bus.<JsonObject>request(EmbeddingBus.EMBED,
        new JsonObject().put("texts", new JsonArray().add("trace trees for type-specialized native code")))).body();
    String aliceId = get(alice, "/api/v1/auth/me").bodyAsJsonObject().getJsonObject("user").getString("id");
    String bobId = get(bob, "/api/v1/auth/me").bodyAsJsonObject().getJsonObject("user").getString("id");
    JsonObject query = new JsonObject().put("model", embedded.getString("model"))
        .put("vector", embedded.getJsonArray("vectors").getString(0)).put("k", 5);
    JsonArray hits = Await.result(bus.<JsonObject>request(RetrievalBus.VECTOR_SEARCH, query.copy().put("userId", aliceId)))
        .body().getJsonArray("hits");
    assertThat(hits).isNotEmpty();
    assertThat(hits.stream().map(h -> ((JsonObject) h).getString("sourceId"))).contains(sourceId);
    JsonArray foreign = Await.result(bus.<JsonObject>request(RetrievalBus.VECTOR_SEARCH, query.copy().put("userId", bobId)))
        .body().getJsonArray("hits");
    assertThat(foreign.stream().map(h -> ((JsonObject) h).getString("sourceId"))).doesNotContain(sourceId);
  }

  @Test
  void everyTranscriptInTheCorpusIsIngestedWithItsEncoding() throws Exception {
    Map<String, Integer> cues = Map.of("podcast-no-blank-lines.vtt", 111, "arabic-word-level.srt", 1136);
    for (String name : List.of("podcast-no-blank-lines.vtt", "arabic-word-level.srt", "youtube-auto-caption.vtt", "cp1252.srt", "utf16le.srt")) {
      JsonObject source = ingest(alice, CORPUS.resolve("transcripts/" + name));
      assertThat(source.getString("status")).as(name + ": " + source.getString("error")).isEqualTo("completed");
      assertThat(source.getString("kind")).isEqualTo("transcript");
      assertThat(source.getDouble("durationSeconds")).isPositive();
      JsonArray segments = get(alice, "/api/v1/sources/" + source.getString("id") + "/segments").bodyAsJsonObject().getJsonArray("items");
      if (cues.containsKey(name)) {
        assertThat(segments).as(name).hasSize(cues.get(name));
      }
      String all = String.join(" ", segments.stream().map(s -> ((JsonObject) s).getString("text")).toList());
      if (name.equals("cp1252.srt")) {
        assertThat(all).contains("ÅWESØM");
      }
      if (name.equals("utf16le.srt")) {
        assertThat(all).contains("𝄞!");
      }
      if (name.equals("youtube-auto-caption.vtt")) {
        assertThat(all).doesNotContain("<c>").doesNotContain("<00:");
      }
      var times = Await.result(db.preparedQuery("SELECT count(*), bool_and(start_seconds IS NOT NULL AND end_seconds >= start_seconds)"
          + " FROM chunks WHERE source_id = $1").execute(Tuple.of(UUID.fromString(source.getString("id"))))).iterator().next();
      assertThat(times.getLong(0)).as(name).isPositive();
      assertThat(times.getBoolean(1)).as(name).isTrue();
    }
  }

  @Test
  void brokenAndEncryptedPdfsFailClearlyAndLeaveOtherSourcesAlone() throws Exception {
    JsonObject good = ingest(alice, CORPUS.resolve("pdf/udhr.pdf"));
    assertThat(good.getString("status")).isEqualTo("completed");
    assertThat(good.getInteger("pageCount")).isEqualTo(8);

    JsonObject broken = ingest(alice, CORPUS.resolve("pdf/broken-xref.pdf"));
    assertThat(broken.getString("status")).isEqualTo("failed");
    assertThat(broken.getString("error")).isNotBlank().doesNotContain("Exception");
    assertThat(broken.getJsonObject("job").getString("status")).isEqualTo("failed");
    assertThat(broken.getJsonObject("job").getString("error")).isEqualTo(broken.getString("error"));

    JsonObject encrypted = ingest(alice, CORPUS.resolve("pdf/encrypted-user-password.pdf"));
    assertThat(encrypted.getString("status")).isEqualTo("failed");
    assertThat(encrypted.getString("error")).containsIgnoringCase("password");
    assertThat(encrypted.getJsonObject("metadata").getString("errorCode")).isEqualTo("encrypted");
    assertThat(broken.getJsonObject("metadata").getString("errorCode")).isEqualTo("corrupt");

    JsonObject goodAfter = get(alice, "/api/v1/sources/" + good.getString("id")).bodyAsJsonObject();
    assertThat(goodAfter.getString("status")).isEqualTo("completed");
    assertThat(goodAfter.getInteger("chunkCount")).isEqualTo(good.getInteger("chunkCount"));
  }

  @Test
  void aScannedPdfCompletesWithAWarningAndItsImage() throws Exception {
    JsonObject scanned = ingest(alice, CORPUS.resolve("pdf/scanned-no-text-layer.pdf"));
    assertThat(scanned.getString("status")).isEqualTo("completed");
    assertThat(scanned.getJsonObject("metadata").getJsonArray("warnings").encode()).containsIgnoringCase("text layer");

    JsonArray images = get(alice, "/api/v1/sources/" + scanned.getString("id") + "/images").bodyAsJsonObject().getJsonArray("items");
    assertThat(images).hasSize(1);
    JsonObject image = images.getJsonObject(0);
    assertThat(image.getInteger("pageNumber")).isEqualTo(1);
    assertThat(image.getInteger("width")).isPositive();
    assertThat(image.getInteger("height")).isPositive();
    HttpResponse<Buffer> bytes = get(alice, image.getString("url"));
    assertThat(bytes.statusCode()).isEqualTo(200);
    assertThat(bytes.getHeader("content-type")).startsWith("image/");
    assertThat(bytes.body().length()).isGreaterThan(100);
  }

  @Test
  void theSameBytesTwiceAreOneSourcePerUser() throws Exception {
    Path file = Files.writeString(Files.createTempDirectory("dup").resolve("notes.md"), "# Notes\n\nDuplicate detection " + UUID.randomUUID());
    HttpResponse<Buffer> first = upload(alice, file);
    HttpResponse<Buffer> again = upload(alice, file);
    HttpResponse<Buffer> otherUser = upload(bob, file);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().containsKey("job")).isFalse();
    String id = first.bodyAsJsonObject().getJsonObject("source").getString("id");
    assertThat(again.bodyAsJsonObject().getJsonObject("source").getString("id")).isEqualTo(id);
    assertThat(otherUser.statusCode()).isEqualTo(202);
    assertThat(otherUser.bodyAsJsonObject().getJsonObject("source").getString("id")).isNotEqualTo(id);
    assertThat(first.bodyAsJsonObject().getJsonObject("source").getString("title")).isEqualTo("notes");
    assertThat(finishedJob(alice, first.bodyAsJsonObject().getJsonObject("job").getString("id")).getString("status")).isEqualTo("completed");
    assertThat(get(alice, "/api/v1/sources/" + id).bodyAsJsonObject().getString("title")).isEqualTo("Notes");
  }

  @Test
  void tooLargeAndUnsupportedUploadsAreRefusedAndStoreNothing() throws Exception {
    int before = get(alice, "/api/v1/sources?limit=200").bodyAsJsonObject().getJsonArray("items").size();
    Path dir = Files.createTempDirectory("refused");
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    Path binary = Files.write(dir.resolve("looks-like.pdf"), random);
    Path huge = Files.write(dir.resolve("huge.txt"), "x".repeat((int) UPLOAD_LIMIT + 100_000).getBytes());

    HttpResponse<Buffer> unsupported = upload(alice, binary);
    assertThat(unsupported.statusCode()).isEqualTo(415);
    assertThat(unsupported.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unsupported_media_type");
    HttpResponse<Buffer> tooLarge = upload(alice, huge);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("payload_too_large");

    assertThat(get(alice, "/api/v1/sources?limit=200").bodyAsJsonObject().getJsonArray("items")).hasSize(before);
    waitFor(() -> {
      try (var left = Files.list(dataDir.resolve("uploads"))) {
        return left.findAny().isEmpty();
      } catch (java.io.IOException e) {
        return false;
      }
    });
    // the refused upload's blob went too (the local blob store removes emptied directories)
    assertThat(dataDir.resolve("blobs/objects/uploads")).doesNotExist();
  }

  @Test
  void anotherUsersSourceIsNotFoundOnEveryVerb() throws Exception {
    JsonObject source = ingest(alice, CORPUS.resolve("transcripts/cp1252.srt"));
    String id = source.getString("id");
    for (String path : List.of("", "/pages/1", "/images", "/segments", "/file")) {
      HttpResponse<Buffer> response = get(bob, "/api/v1/sources/" + id + path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
    }
    assertThat(Await.result(client.delete("/api/v1/sources/" + id).bearerTokenAuthentication(bob).send()).statusCode()).isEqualTo(404);
    assertThat(get(bob, "/api/v1/jobs/" + source.getJsonObject("job").getString("id")).statusCode()).isEqualTo(404);
    assertThat(get(bob, "/api/v1/sources/not-a-uuid").statusCode()).isEqualTo(404);
    assertThat(get(alice, "/api/v1/sources/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(get(alice, "/api/v1/sources/" + id).bodyAsJsonObject().getString("status")).isEqualTo("completed");
  }

  @Test
  void deletingASourceRemovesItsChunksVectorsAndFiles() throws Exception {
    JsonObject source = ingest(alice, CORPUS.resolve("transcripts/podcast-no-blank-lines.vtt"));
    UUID id = UUID.fromString(source.getString("id"));
    String aliceId = get(alice, "/api/v1/auth/me").bodyAsJsonObject().getJsonObject("user").getString("id");
    // the default blob store keeps a key's bytes under <data-dir>/blobs/objects/<key>
    Path files = dataDir.resolve("blobs/objects/sources").resolve(aliceId).resolve(id.toString());
    assertThat(files.resolve("original")).exists();

    assertThat(Await.result(client.delete("/api/v1/sources/" + id).bearerTokenAuthentication(alice).send()).statusCode()).isEqualTo(204);

    assertThat(get(alice, "/api/v1/sources/" + id).statusCode()).isEqualTo(404);
    assertThat(Await.result(db.preparedQuery("SELECT count(*) FROM chunks WHERE source_id = $1").execute(Tuple.of(id)))
        .iterator().next().getLong(0)).isZero();
    assertThat(files).doesNotExist();
    JsonObject deleted = Await.result(node.vertx().eventBus().<JsonObject>request(RetrievalBus.DELETE_SOURCE,
        new JsonObject().put("userId", aliceId).put("sourceId", id.toString()))).body();
    assertThat(deleted.getLong("deleted")).as("vectors left behind").isZero();
  }

  @Test
  void transcriptsAndTextCanBeSentAsJson() throws Exception {
    JsonObject transcript = new JsonObject().put("kind", "transcript").put("videoId", "dQw4w9WgXcQ").put("title", "A talk")
        .put("channelName", "Conference").put("language", "en").put("durationSeconds", 30)
        .put("segments", new JsonArray()
            .add(new JsonObject().put("start", 0).put("duration", 10).put("text", "Welcome to the talk about tracing compilers."))
            .add(new JsonObject().put("start", 10).put("duration", 20).put("text", "Type specialization makes loops fast.")));
    HttpResponse<Buffer> created = Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(alice).sendJsonObject(transcript));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    JsonObject job = finishedJob(alice, created.bodyAsJsonObject().getJsonObject("job").getString("id"));
    assertThat(job.getString("status")).isEqualTo("completed");
    JsonObject source = get(alice, "/api/v1/sources/" + job.getString("sourceId")).bodyAsJsonObject();
    assertThat(source.getString("videoId")).isEqualTo("dQw4w9WgXcQ");
    assertThat(source.getString("channelName")).isEqualTo("Conference");
    assertThat(source.getString("language")).isEqualTo("en");
    assertThat(source.getString("title")).isEqualTo("A talk");
    assertThat(source.getDouble("durationSeconds")).isEqualTo(30.0);
    JsonArray segments = get(alice, "/api/v1/sources/" + source.getString("id") + "/segments").bodyAsJsonObject().getJsonArray("items");
    assertThat(segments.getJsonObject(1).getDouble("start")).isEqualTo(10.0);
    assertThat(segments.getJsonObject(1).getDouble("end")).isEqualTo(30.0);

    HttpResponse<Buffer> text = Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(alice)
        .sendJsonObject(new JsonObject().put("kind", "text").put("title", "Plain").put("text", "Plain text is a source too.")));
    assertThat(text.statusCode()).isEqualTo(202);
    HttpResponse<Buffer> bad = Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(alice)
        .sendJsonObject(transcript.copy().put("segments", new JsonArray().add(new JsonObject().put("start", -1)))));
    assertThat(bad.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badKind = Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(alice)
        .sendJsonObject(new JsonObject().put("kind", "video").put("title", "x")));
    assertThat(badKind.statusCode()).isEqualTo(400);
  }

  @Test
  void collectionsScopeSourcesAndBelongToTheirUser() throws Exception {
    HttpResponse<Buffer> created = Await.result(client.post("/api/v1/collections").bearerTokenAuthentication(alice)
        .sendJsonObject(new JsonObject().put("name", "Lectures").put("kind", "playlist").put("url", "https://example.org/list")));
    assertThat(created.statusCode()).isEqualTo(201);
    String collectionId = created.bodyAsJsonObject().getString("id");
    Path file = Files.writeString(Files.createTempDirectory("col").resolve("lecture.txt"), "Lecture one " + UUID.randomUUID());

    HttpResponse<Buffer> foreign = upload(bob, file, null, collectionId);
    assertThat(foreign.statusCode()).isEqualTo(404);
    HttpResponse<Buffer> inside = upload(alice, file, "Lecture 1", collectionId);
    assertThat(inside.statusCode()).isEqualTo(202);
    assertThat(inside.bodyAsJsonObject().getJsonObject("source").getString("collectionId")).isEqualTo(collectionId);

    JsonArray listed = get(alice, "/api/v1/sources?collectionId=" + collectionId).bodyAsJsonObject().getJsonArray("items");
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getString("title")).isEqualTo("Lecture 1");
    assertThat(get(alice, "/api/v1/collections").bodyAsJsonObject().getJsonArray("items").encode()).contains(collectionId);
    assertThat(get(bob, "/api/v1/collections/" + collectionId).statusCode()).isEqualTo(404);
    assertThat(Await.result(client.delete("/api/v1/collections/" + collectionId).bearerTokenAuthentication(bob).send()).statusCode()).isEqualTo(404);
    assertThat(Await.result(client.delete("/api/v1/collections/" + collectionId).bearerTokenAuthentication(alice).send()).statusCode()).isEqualTo(204);
    assertThat(get(alice, "/api/v1/collections/" + collectionId).statusCode()).isEqualTo(404);
  }

  @Test
  void listsArePagedWithACursor() throws Exception {
    String carol = login("carol-" + UUID.randomUUID() + "@example.org");
    Path dir = Files.createTempDirectory("paged");
    for (int i = 0; i < 5; i++) {
      assertThat(upload(carol, Files.writeString(dir.resolve("n" + i + ".txt"), "note number " + i)).statusCode()).isEqualTo(202);
    }
    JsonObject first = get(carol, "/api/v1/sources?limit=2").bodyAsJsonObject();
    assertThat(first.getJsonArray("items")).hasSize(2);
    JsonObject second = get(carol, "/api/v1/sources?limit=2&cursor=" + first.getString("nextCursor")).bodyAsJsonObject();
    JsonObject third = get(carol, "/api/v1/sources?limit=2&cursor=" + second.getString("nextCursor")).bodyAsJsonObject();
    assertThat(third.getJsonArray("items")).hasSize(1);
    assertThat(third.getValue("nextCursor")).isNull();
    assertThat(get(carol, "/api/v1/sources?limit=500").statusCode()).isEqualTo(400);
    assertThat(get(carol, "/api/v1/sources?cursor=garbage").statusCode()).isEqualTo(400);
  }

  @Test
  void aJobWhoseNodeStoppedHeartBeatingIsTakenOverAndFinishesWithoutDuplicates() throws Exception {
    JsonObject source = ingest(alice, CORPUS.resolve("transcripts/youtube-auto-caption.vtt"));
    UUID sourceId = UUID.fromString(source.getString("id"));
    UUID jobId = UUID.fromString(source.getJsonObject("job").getString("id"));
    int chunkCount = source.getInteger("chunkCount");
    assertThat(chunkCount).isPositive();

    // as if a node had claimed the job, written half of it and died a minute ago
    Await.result(db.preparedQuery("UPDATE jobs SET status = 'running', node_id = 'dead-node', progress = 60, stage = 'embed',"
        + " heartbeat_at = now() - interval '1 minute', completed_at = NULL WHERE id = $1").execute(Tuple.of(jobId)));
    Await.result(db.preparedQuery("UPDATE sources SET status = 'processing' WHERE id = $1").execute(Tuple.of(sourceId)));
    node.vertx().eventBus().publish(io.mediawhisperer.bus.IngestionBus.JOBS_WAKE, new JsonObject());

    waitFor(() -> "completed".equals(get(alice, "/api/v1/jobs/" + jobId).bodyAsJsonObject().getString("status")));
    JsonObject job = get(alice, "/api/v1/jobs/" + jobId).bodyAsJsonObject();
    assertThat(job.getInteger("attempts")).isEqualTo(2);
    assertThat(job.getInteger("progress")).isEqualTo(100);
    JsonObject after = get(alice, "/api/v1/sources/" + sourceId).bodyAsJsonObject();
    assertThat(after.getString("status")).isEqualTo("completed");
    assertThat(after.getInteger("chunkCount")).isEqualTo(chunkCount);
    assertThat(Await.result(db.preparedQuery("SELECT count(*), count(DISTINCT seq) FROM chunks WHERE source_id = $1")
        .execute(Tuple.of(sourceId))).iterator().next().getLong(1)).isEqualTo(chunkCount);
    String aliceId = get(alice, "/api/v1/auth/me").bodyAsJsonObject().getJsonObject("user").getString("id");
    JsonObject vectors = Await.result(node.vertx().eventBus().<JsonObject>request(RetrievalBus.DELETE_SOURCE,
        new JsonObject().put("userId", aliceId).put("sourceId", sourceId.toString()))).body();
    assertThat(vectors.getLong("deleted")).as("one vector per chunk, none left from the first attempt").isEqualTo(chunkCount);
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 3 minutes");
      }
      Thread.sleep(50);
    }
  }
}
