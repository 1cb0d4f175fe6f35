package io.mediawhisperer.launcher;

import static io.mediawhisperer.launcher.IngestionApiTest.CORPUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * POST /api/v1/search over real ingested PDFs and transcripts, in every mode, for two users; run
 * once per vector backend by its subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SearchApiTest {

  private Node node;
  private Vertx clientVertx;
  private WebClient client;
  private String alice;
  private String bob;
  private String alicePdf;
  private String aliceTalk;
  private String aliceSubtitles;
  private String bobPdf;
  private String collection;

  /** The vector-backend plugin the node runs. */
  protected abstract String backend();

  @BeforeAll
  void ingest() throws Exception {
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-search-test").toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        "vector-backend", backend())));
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    alice = login("alice-" + UUID.randomUUID() + "@example.org");
    bob = login("bob-" + UUID.randomUUID() + "@example.org");

    collection = post(alice, "/api/v1/collections", new JsonObject().put("name", "Talks").put("kind", "playlist"))
        .bodyAsJsonObject().getString("id");
    alicePdf = completed(alice, upload(alice, CORPUS.resolve("pdf/tracemonkey-two-column.pdf"), null));
    aliceSubtitles = completed(alice, upload(alice, CORPUS.resolve("transcripts/podcast-no-blank-lines.vtt"), collection));
    aliceTalk = completed(alice, post(alice, "/api/v1/sources", new JsonObject().put("kind", "transcript").put("videoId", "abc123XYZ_0")
        .put("title", "Garbage collection talk").put("collectionId", collection).put("segments", new JsonArray()
            .add(segment(0, 30, "Welcome everyone, today we talk about memory management."))
            .add(segment(30, 45, "A generational garbage collector splits the heap into a young and an old generation."))
            .add(segment(75, 40, "Most objects die young, so collecting the nursery often is cheap.")))));
    // the same paper, owned by someone else: none of it may reach alice
    bobPdf = completed(bob, upload(bob, CORPUS.resolve("pdf/tracemonkey-two-column.pdf"), null));
  }

  @AfterAll
  void stop() throws Exception {
    Await.result(clientVertx.close());
    node.close();
  }

  private JsonObject segment(double start, double duration, String text) {
    return new JsonObject().put("start", start).put("duration", duration).put("text", text);
  }

  private String login(String email) {
    JsonObject credentials = new JsonObject().put("email", email).put("password", "search everything");
    Await.result(client.post("/api/v1/auth/register").sendJsonObject(credentials));
    return Await.result(client.post("/api/v1/auth/login").sendJsonObject(credentials)).bodyAsJsonObject().getString("token");
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return Await.result(client.post(path).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  private HttpResponse<Buffer> upload(String token, Path file, String collectionId) {
    MultipartForm form = MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(), file.toString(),
        "application/octet-stream");
    if (collectionId != null) {
      form.attribute("collectionId", collectionId);
    }
    return Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  private String completed(String token, HttpResponse<Buffer> created) throws InterruptedException {
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String jobId = created.bodyAsJsonObject().getJsonObject("job").getString("id");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = Await.result(client.get("/api/v1/jobs/" + jobId).bearerTokenAuthentication(token).send()).bodyAsJsonObject();
      if ("completed".equals(job.getString("status"))) {
        return job.getString("sourceId");
      }
      assertThat(job.getString("status")).isNotEqualTo("failed");
      Thread.sleep(100);
    }
    throw new AssertionError("job " + jobId + " did not complete");
  }

  private JsonArray search(String token, JsonObject request) {
    HttpResponse<Buffer> response = post(token, "/api/v1/search", request);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getLong("tookMs")).isNotNegative();
    return response.bodyAsJsonObject().getJsonArray("results");
  }

  private Set<String> sources(JsonArray hits) {
    return hits.stream().map(h -> ((JsonObject) h).getString("sourceId")).collect(Collectors.toSet());
  }

  @Test
  void everyModeFindsThePdfPassageAndCitesItsPage() {
    for (String mode : List.of("hybrid", "vector", "text")) {
      JsonArray hits = search(alice, new JsonObject().put("query", "How are type-specialized trace trees compiled to native code?")
          .put("mode", mode).put("topK", 5));
      assertThat(hits).as(mode).isNotEmpty();
      JsonObject top = hits.getJsonObject(0);
      assertThat(top.getString("sourceId")).as(mode).isEqualTo(alicePdf);
      assertThat(top.getString("kind")).isEqualTo("pdf");
      assertThat(top.getString("sourceTitle")).isNotBlank();
      assertThat(top.getInteger("pageNumber")).isBetween(1, 14);
      assertThat(top.getString("url")).isEqualTo("/api/v1/sources/" + alicePdf + "/file#page=" + top.getInteger("pageNumber"));
      assertThat(top.getString("text")).isNotBlank();
      assertThat(sources(hits)).as(mode).doesNotContain(bobPdf);
      List<Double> scores = hits.stream().map(h -> ((JsonObject) h).getDouble("score")).toList();
      assertThat(scores).as(mode).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }
  }

  @Test
  void transcriptHitsCarryTimesAndAYoutubeDeepLink() {
    JsonArray hits = search(alice, new JsonObject().put("query", "why do most objects die young in a generational collector"));
    JsonObject talk = hits.stream().map(h -> (JsonObject) h).filter(h -> aliceTalk.equals(h.getString("sourceId"))).findFirst().orElseThrow();
    assertThat(talk.getString("kind")).isEqualTo("transcript");
    assertThat(talk.getDouble("start")).isGreaterThanOrEqualTo(0.0);
    assertThat(talk.getDouble("end")).isGreaterThan(talk.getDouble("start"));
    assertThat(talk.getString("url")).isEqualTo("https://www.youtube.com/watch?v=abc123XYZ_0&t=" + (long) Math.floor(talk.getDouble("start")) + "s");
    assertThat(talk.containsKey("pageNumber")).isFalse();
  }

  @Test
  void anotherUsersDataNeverAppears() {
    for (String mode : List.of("hybrid", "vector", "text")) {
      JsonArray bobs = search(bob, new JsonObject().put("query", "generational garbage collector nursery").put("mode", mode).put("topK", 100));
      assertThat(sources(bobs)).as(mode).containsOnly(bobPdf);
      JsonArray aliceAsksForBobs = search(alice, new JsonObject().put("query", "trace trees").put("mode", mode)
          .put("sourceIds", new JsonArray().add(bobPdf)));
      assertThat(aliceAsksForBobs).as(mode).isEmpty();
    }
  }

  @Test
  void filtersNarrowTheSearch() {
    JsonArray inCollection = search(alice, new JsonObject().put("query", "trace trees and garbage collection").put("collectionId", collection).put("topK", 50));
    assertThat(sources(inCollection)).isNotEmpty().isSubsetOf(Set.of(aliceTalk, aliceSubtitles));
    JsonArray onlyPdfs = search(alice, new JsonObject().put("query", "garbage collection").put("kinds", new JsonArray().add("pdf")).put("topK", 50));
    assertThat(sources(onlyPdfs)).containsOnly(alicePdf);
    JsonArray oneSource = search(alice, new JsonObject().put("query", "memory").put("sourceIds", new JsonArray().add(aliceTalk)));
    assertThat(sources(oneSource)).containsOnly(aliceTalk);
    assertThat(search(alice, new JsonObject().put("query", "memory").put("sourceIds", new JsonArray().add("not-an-id")))).isEmpty();
  }

  @Test
  void topKDefaultsToTheRuntimeSettingAndIsCapped() {
    assertThat(search(alice, new JsonObject().put("query", "the").put("mode", "vector"))).hasSize(12);
    assertThat(search(alice, new JsonObject().put("query", "trace").put("topK", 3))).hasSize(3);
  }

  @Test
  void badRequestsAreExplained() {
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("query", "  "), new JsonObject().put("query", "x").put("topK", 0),
        new JsonObject().put("query", "x").put("topK", 101), new JsonObject().put("query", "x").put("mode", "magic"),
        new JsonObject().put("query", "x").put("kinds", new JsonArray().add("video")), new JsonObject().put("query", 42))) {
      HttpResponse<Buffer> response = post(alice, "/api/v1/search", bad);
      assertThat(response.statusCode()).as(bad.encode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_input");
    }
    assertThat(Await.result(client.post("/api/v1/search").sendJsonObject(new JsonObject().put("query", "x"))).statusCode()).isEqualTo(401);
  }
}
