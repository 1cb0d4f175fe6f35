package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mediawhisperer.audiobook.audio.AudioEncoder;
import io.mediawhisperer.audiobook.audio.AudioProbe;
import io.mediawhisperer.audiobook.audio.Ffmpeg;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audiobooks end to end over HTTP on a node with every role: real PDFs and transcripts ingested,
 * read aloud by the installed speech engines, encoded by the ffmpeg inside the jar, read back by
 * its ffprobe, streamed with Range.
 */
class AudiobookApiTest {

  private static final String PASSWORD = "read it to me, please";
  private static Path dataDir;
  private static Node node;
  private static int port;
  private static Vertx vertx;
  private static WebClient client;
  private static NodeHttp api;
  private static AudioEncoder ffmpeg;
  private static String alice;
  private static String bob;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("mw-audiobook-test");
    port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        // both chapters of a book at once on the 2 cores, as an operator with cores to spare sets it
        "audiobook-workers", "2")));
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    api = new NodeHttp(client, PASSWORD);
    alice = user("alice");
    bob = user("bob");
    ffmpeg = new AudioEncoder(Ffmpeg.bundled());
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(vertx.close());
    node.close();
  }

  private static String user(String name) {
    String email = name + "-" + UUID.randomUUID() + "@example.org";
    api.register(port, email);
    return api.login(port, email);
  }

  // ------------------------------------------------------------------ the books

  @Test
  void aPdfBecomesAChapteredM4bThatStreamsWithRange() throws Exception {
    String source = completedSource(alice, api.upload(port, alice, Corpus.root().resolve("pdf/udhr.pdf")));
    HttpResponse<Buffer> created = post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", source));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    JsonObject book = created.bodyAsJsonObject().getJsonObject("audiobook");
    JsonObject job = created.bodyAsJsonObject().getJsonObject("job");
    assertThat(job.getString("type")).isEqualTo("audiobook");
    assertThat(job.getString("id")).isEqualTo(book.getString("id"));
    assertThat(book.getString("format")).isEqualTo("m4b");

    JsonObject done = finished(alice, book.getString("id"));
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("completed");
    List<JsonObject> chapters = chapters(done);
    assertThat(chapters).hasSizeGreaterThan(1);
    double sum = chapters.stream().mapToDouble(c -> c.getDouble("duration")).sum();
    assertThat(done.getDouble("durationSeconds")).isCloseTo(sum, within(0.1 * chapters.size() + 0.5));
    for (int i = 1; i < chapters.size(); i++) {
      assertThat(chapters.get(i).getDouble("start")).isCloseTo(
          chapters.get(i - 1).getDouble("start") + chapters.get(i - 1).getDouble("duration"), within(0.01));
    }

    HttpResponse<Buffer> whole = get(alice, "/api/v1/audiobooks/" + book.getString("id") + "/audio", null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.getHeader("content-type")).isEqualTo("audio/mp4");
    assertThat(whole.getHeader("accept-ranges")).isEqualTo("bytes");
    byte[] bytes = whole.body().getBytes();
    assertThat(bytes.length).isEqualTo(done.getLong("sizeBytes").intValue());
    Path file = Files.write(dataDir.resolve("udhr.m4b"), bytes);
    AudioProbe probe = ffmpeg.probe(file);
    assertThat(probe.codec()).isEqualTo("aac");
    assertThat(probe.durationSeconds()).isCloseTo(sum, within(0.1 * chapters.size() + 0.5));
    assertThat(probe.chapters()).extracting(AudioProbe.Chapter::title)
        .containsExactlyElementsOf(chapters.stream().map(c -> c.getString("title")).toList());
    assertThat(ffmpeg.rms(file)).as("speech, not silence").isGreaterThan(0.01);

    // words take time: the chapter with the most words lasts longer than the one with the fewest
    JsonObject most = chapters.stream().max((a, b) -> a.getInteger("words") - b.getInteger("words")).orElseThrow();
    JsonObject fewest = chapters.stream().min((a, b) -> a.getInteger("words") - b.getInteger("words")).orElseThrow();
    if (most.getInteger("words") > 2 * fewest.getInteger("words")) {
      assertThat(most.getDouble("duration")).isGreaterThan(fewest.getDouble("duration"));
    }

    // Range: the exact bytes, from the middle, the end, and past it
    String audio = "/api/v1/audiobooks/" + book.getString("id") + "/audio";
    HttpResponse<Buffer> middle = get(alice, audio, "bytes=100-1099");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.getHeader("content-range")).isEqualTo("bytes 100-1099/" + bytes.length);
    assertThat(middle.body().getBytes()).isEqualTo(Arrays.copyOfRange(bytes, 100, 1100));
    HttpResponse<Buffer> tail = get(alice, audio, "bytes=-500");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body().getBytes()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 500, bytes.length));
    HttpResponse<Buffer> open = get(alice, audio, "bytes=" + (bytes.length - 10) + "-");
    assertThat(open.body().getBytes()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length));
    HttpResponse<Buffer> past = get(alice, audio, "bytes=" + bytes.length + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.getHeader("content-range")).isEqualTo("bytes */" + bytes.length);
    assertThat(past.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("range_not_satisfiable");
    HttpResponse<Buffer> head = Await.result(client.head(port, "127.0.0.1", audio).bearerTokenAuthentication(alice).send());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("content-length")).isEqualTo(String.valueOf(bytes.length));

    // one chapter on its own
    HttpResponse<Buffer> first = get(alice, "/api/v1/audiobooks/" + book.getString("id") + "/chapters/1/audio", null);
    assertThat(first.statusCode()).isEqualTo(200);
    AudioProbe chapter = ffmpeg.probe(Files.write(dataDir.resolve("udhr-1.m4a"), first.body().getBytes()));
    assertThat(chapter.durationSeconds()).isCloseTo(chapters.get(0).getDouble("duration"), within(0.2));

    // another user sees none of it
    assertThat(get(bob, "/api/v1/audiobooks/" + book.getString("id"), null).statusCode()).isEqualTo(404);
    assertThat(get(bob, audio, null).statusCode()).isEqualTo(404);
    assertThat(Await.result(client.delete(port, "127.0.0.1", "/api/v1/audiobooks/" + book.getString("id"))
        .bearerTokenAuthentication(bob).send()).statusCode()).isEqualTo(404);
    assertThat(post(bob, "/api/v1/audiobooks", new JsonObject().put("sourceId", source)).statusCode()).isEqualTo(404);
    assertThat(get(alice, "/api/v1/audiobooks", null).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).map(b -> b.getString("id"))).contains(book.getString("id"));
  }

  @Test
  void aTranscriptIsReadInTimedChaptersAsMp3AndLengthFollowsTheWords() throws Exception {
    JsonObject shortBook = bookOf(transcript("Short talk", 2, 12), "mp3");
    JsonObject longBook = bookOf(transcript("Long talk", 2, 48), "mp3");
    assertThat(shortBook.getString("status")).as(shortBook.encodePrettily()).isEqualTo("completed");
    assertThat(longBook.getString("status")).as(longBook.encodePrettily()).isEqualTo("completed");
    // 24 minutes of talk: chapters by time
    assertThat(chapters(longBook)).hasSizeGreaterThanOrEqualTo(2);
    double ratio = longBook.getDouble("durationSeconds") / shortBook.getDouble("durationSeconds");
    assertThat(ratio).as("four times the words").isBetween(2.5, 6.0);
    HttpResponse<Buffer> mp3 = get(alice, "/api/v1/audiobooks/" + longBook.getString("id") + "/audio", null);
    assertThat(mp3.getHeader("content-type")).isEqualTo("audio/mpeg");
    AudioProbe probe = ffmpeg.probe(Files.write(dataDir.resolve("talk.mp3"), mp3.body().getBytes()));
    assertThat(probe.codec()).isEqualTo("mp3");
    assertThat(probe.chapters()).hasSize(chapters(longBook).size());
  }

  @Test
  void voicesAreListedAndAChosenVoiceAndFormatAreKept() throws Exception {
    JsonArray voices = get(alice, "/api/v1/voices", null).bodyAsJsonObject().getJsonArray("items");
    List<String> ids = voices.stream().map(JsonObject.class::cast).map(v -> v.getString("id")).toList();
    // scripts/test installs espeak-ng and flite; FreeTTS is in the jar
    assertThat(ids).contains("freetts:kevin16", "flite:slt", "espeak-ng:en-us", "espeak-ng:de");
    JsonObject book = bookOf(text("Choosing a voice", 40), "opus", "freetts:kevin16");
    assertThat(book.getString("status")).as(book.encodePrettily()).isEqualTo("completed");
    assertThat(book.getString("voice")).isEqualTo("freetts:kevin16");
    HttpResponse<Buffer> ogg = get(alice, "/api/v1/audiobooks/" + book.getString("id") + "/audio", null);
    assertThat(ogg.getHeader("content-type")).isEqualTo("audio/ogg");
    assertThat(ffmpeg.probe(Files.write(dataDir.resolve("voice.opus"), ogg.body().getBytes())).codec()).isEqualTo("opus");
  }

  @Test
  void aGermanTranscriptGetsAGermanVoice() throws Exception {
    JsonObject body = new JsonObject().put("kind", "transcript").put("title", "Ein Vortrag").put("language", "de")
        .put("segments", new JsonArray().add(new JsonObject().put("start", 0).put("duration", 5)
            .put("text", "Guten Tag. Heute sprechen wir über die Würde des Menschen und die Freiheit der Rede.")));
    String source = completedSource(alice, post(alice, "/api/v1/sources", body));
    HttpResponse<Buffer> created = post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", source));
    assertThat(created.bodyAsJsonObject().getJsonObject("audiobook").getString("voice")).isEqualTo("espeak-ng:de");
    assertThat(finished(alice, created.bodyAsJsonObject().getJsonObject("audiobook").getString("id")).getString("status"))
        .isEqualTo("completed");
  }

  // ------------------------------------------------------------------ what goes wrong

  @Test
  void aScannedPdfFailsWithTheReason() throws Exception {
    String source = completedSource(alice, api.upload(port, alice, Corpus.root().resolve("pdf/scanned-no-text-layer.pdf")));
    HttpResponse<Buffer> created = post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", source));
    assertThat(created.statusCode()).isEqualTo(202);
    JsonObject failed = finished(alice, created.bodyAsJsonObject().getJsonObject("audiobook").getString("id"));
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("error")).contains("no text to read aloud");
    JsonObject job = get(alice, "/api/v1/jobs/" + failed.getString("id"), null).bodyAsJsonObject();
    assertThat(job.getString("status")).isEqualTo("failed");
    assertThat(job.getString("error")).contains("no text to read aloud");
  }

  @Test
  void badRequestsSayWhatExists() throws Exception {
    String source = completedSource(alice, post(alice, "/api/v1/sources", text("Bad requests", 20)));
    HttpResponse<Buffer> voice = post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", source).put("voice", "hal:9000"));
    assertThat(voice.statusCode()).isEqualTo(400);
    assertThat(error(voice)).contains("hal:9000").contains("freetts:kevin16");
    HttpResponse<Buffer> format = post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", source).put("format", "wav"));
    assertThat(format.statusCode()).isEqualTo(400);
    assertThat(error(format)).contains("m4b").contains("mp3").contains("opus");
    assertThat(post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", source).put("speed", 3)).statusCode()).isEqualTo(400);
    assertThat(post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", UUID.randomUUID().toString())).statusCode())
        .isEqualTo(404);
    assertThat(post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", "not-a-uuid")).statusCode()).isEqualTo(404);
    assertThat(get(alice, "/api/v1/audiobooks/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
    assertThat(Await.result(client.post(port, "127.0.0.1", "/api/v1/audiobooks").bearerTokenAuthentication(alice)
        .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"sourceId\": "))).statusCode()).isEqualTo(400);

    // a book can be cancelled while it runs (2,000 words take flite many seconds), once
    String longRead = completedSource(alice, post(alice, "/api/v1/sources", text("A long read", 2_000)));
    String cancelling = post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", longRead)).bodyAsJsonObject()
        .getJsonObject("audiobook").getString("id");
    HttpResponse<Buffer> cancelled = post(alice, "/api/v1/audiobooks/" + cancelling + "/cancel", new JsonObject());
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
    assertThat(get(alice, "/api/v1/jobs/" + cancelling, null).bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
    assertThat(post(alice, "/api/v1/audiobooks/" + cancelling + "/cancel", new JsonObject()).statusCode()).isEqualTo(409);
    assertThat(post(bob, "/api/v1/audiobooks/" + cancelling + "/cancel", new JsonObject()).statusCode()).isEqualTo(404);
    Thread.sleep(3_000); // a chapter being read when the cancel came stops within a heartbeat and leaves nothing
    Eventually.holds("the cancelled book's files gone", Duration.ofSeconds(30), () -> noFileNamed(cancelling));
    assertThat(get(alice, "/api/v1/audiobooks/" + cancelling, null).bodyAsJsonObject().getString("status")).isEqualTo("cancelled");

    // a book not finished has no audio yet; deleting it stops it and removes everything
    HttpResponse<Buffer> created = post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", source));
    String id = created.bodyAsJsonObject().getJsonObject("audiobook").getString("id");
    HttpResponse<Buffer> early = get(alice, "/api/v1/audiobooks/" + id + "/audio", null);
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("audiobook_not_ready");
    assertThat(Await.result(client.delete(port, "127.0.0.1", "/api/v1/audiobooks/" + id).bearerTokenAuthentication(alice).send())
        .statusCode()).isEqualTo(204);
    assertThat(get(alice, "/api/v1/audiobooks/" + id, null).statusCode()).isEqualTo(404);
    Eventually.holds("the deleted book's files gone", Duration.ofSeconds(30), () -> !Files.exists(dataDir.resolve("blobs").resolve("audiobooks")) || noFileNamed(id));
  }

  // ------------------------------------------------------------------ helpers

  private static boolean noFileNamed(String bookId) {
    try (var walk = Files.walk(dataDir)) {
      return walk.filter(Files::isRegularFile).noneMatch(p -> p.toString().contains(bookId));
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonObject bookOf(JsonObject sourceBody, String format, String... voice) throws Exception {
    String source = completedSource(alice, post(alice, "/api/v1/sources", sourceBody));
    JsonObject request = new JsonObject().put("sourceId", source).put("format", format);
    if (voice.length > 0) {
      request.put("voice", voice[0]);
    }
    HttpResponse<Buffer> created = post(alice, "/api/v1/audiobooks", request);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    return finished(alice, created.bodyAsJsonObject().getJsonObject("audiobook").getString("id"));
  }

  /** A transcript of {@code minutes}-long segments, each of {@code wordsPerSegment} words, for 12 segments. */
  private static JsonObject transcript(String title, int minutes, int wordsPerSegment) {
    JsonArray segments = new JsonArray();
    for (int i = 0; i < 12; i++) {
      segments.add(new JsonObject().put("start", i * minutes * 60.0).put("duration", minutes * 60.0)
          .put("text", words(wordsPerSegment, i) + "."));
    }
    return new JsonObject().put("kind", "transcript").put("title", title).put("segments", segments);
  }

  private static JsonObject text(String title, int words) {
    return new JsonObject().put("kind", "text").put("title", title).put("text", words(words, 0) + ".");
  }

  private static final String[] WORDS = ("people gather in the square every morning to talk about the weather the news"
      + " and the small matters of their town while the baker opens his shop").split(" ");

  private static String words(int n, int seed) {
    return IntStream.range(0, n).mapToObj(i -> WORDS[(i + seed) % WORDS.length]).collect(Collectors.joining(" "));
  }

  private static String completedSource(String token, HttpResponse<Buffer> created) throws InterruptedException {
    assertThat(created.statusCode()).as(created.bodyAsString()).isIn(200, 201, 202);
    JsonObject body = created.bodyAsJsonObject();
    String id = body.containsKey("source") ? body.getJsonObject("source").getString("id") : body.getString("id");
    Eventually.holds("source " + id + " ingested", Duration.ofMinutes(2), () -> List.of("completed", "failed")
        .contains(get(token, "/api/v1/sources/" + id, null).bodyAsJsonObject().getString("status")));
    return id;
  }

  private static JsonObject finished(String token, String bookId) throws InterruptedException {
    Eventually.holds("audiobook " + bookId + " finished", Duration.ofMinutes(6), () -> List.of("completed", "failed", "cancelled")
        .contains(get(token, "/api/v1/jobs/" + bookId, null).bodyAsJsonObject().getString("status")));
    return get(token, "/api/v1/audiobooks/" + bookId, null).bodyAsJsonObject();
  }

  private static List<JsonObject> chapters(JsonObject book) {
    return book.getJsonArray("chapters").stream().map(JsonObject.class::cast).toList();
  }

  private static String error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  private static HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return Await.result(client.post(port, "127.0.0.1", path).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  private static HttpResponse<Buffer> get(String token, String path, String range) {
    var request = client.get(port, "127.0.0.1", path).bearerTokenAuthentication(token);
    if (range != null) {
      request.putHeader("range", range);
    }
    return Await.result(request.send());
  }

}
