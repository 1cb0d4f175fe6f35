package io.mediawhisperer.launcher;

import static io.mediawhisperer.launcher.IngestionApiTest.CORPUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.CleanupBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cleanup sweeps and the cluster view on a whole node (every role, Lucene, the local blob
 * store): an account is deleted the way an operator does it, in the database, which takes its
 * sources and chunks but cannot reach the vector index or the files; the sweeps find and remove
 * exactly those, and count it in {@code /metrics}.
 */
class CleanupApiTest {

  private static Path dataDir;
  private static Node node;
  private static int port;
  private static Vertx clientVertx;
  private static WebClient client;
  private static Pool db;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("mw-cleanup-api-test");
    port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        "node-name", "sweeper",
        // files of a deleted source may go at once here; the sweeps run only when the test asks
        "cleanup-uploads-max-age-seconds", "0")));
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    db = Database.pool(clientVertx, "test", TestDatabase.url(), 2);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(clientVertx.close());
    node.close();
  }

  private static String login(String email) {
    JsonObject credentials = new JsonObject().put("email", email).put("password", "sweep it all away");
    Await.result(client.post("/api/v1/auth/register").sendJsonObject(credentials));
    return Await.result(client.post("/api/v1/auth/login").sendJsonObject(credentials)).bodyAsJsonObject().getString("token");
  }

  private static JsonObject ingest(String token, Path file) throws InterruptedException {
    MultipartForm form = MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(), file.toString(),
        "application/pdf");
    HttpResponse<Buffer> created = Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(token).sendMultipartForm(form));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    // the source, not the job: ingestion finishes the job row a moment before the source's
    String path = "/api/v1/sources/" + created.bodyAsJsonObject().getJsonObject("source").getString("id");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject source = Await.result(client.get(path).bearerTokenAuthentication(token).send()).bodyAsJsonObject();
      if ("completed".equals(source.getString("status"))) {
        return source;
      }
      assertThat(source.getString("status")).isNotEqualTo("failed");
      Thread.sleep(100);
    }
    throw new AssertionError(path + " did not finish in 3 minutes");
  }

  private static JsonObject bus(String address, JsonObject body) {
    return Await.result(node.vertx().eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(60_000))).body();
  }

  /** Every chunk id in the node's vector index, through the retrieval verticle. */
  private static Set<String> indexedChunks() {
    Set<String> all = new HashSet<>();
    String after = null;
    while (true) {
      JsonObject request = new JsonObject().put("limit", 100);
      if (after != null) {
        request.put("after", after);
      }
      JsonArray page = bus(RetrievalBus.CHUNK_IDS, request).getJsonArray("chunkIds");
      if (page.isEmpty()) {
        return all;
      }
      page.forEach(id -> all.add((String) id));
      after = page.getString(page.size() - 1);
    }
  }

  private static Set<String> chunksOf(String sourceId) {
    Set<String> ids = new HashSet<>();
    Await.result(db.preparedQuery("SELECT id FROM chunks WHERE source_id = $1").execute(Tuple.of(UUID.fromString(sourceId))))
        .forEach(row -> ids.add(row.getUUID("id").toString()));
    return ids;
  }

  private static List<Path> filesUnder(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void vectorsAndFilesOfADeletedAccountAreSweptAndCounted() throws Exception {
    String leaving = login("leaving-" + UUID.randomUUID() + "@example.org");
    String staying = login("staying-" + UUID.randomUUID() + "@example.org");
    JsonObject leavingPdf = ingest(leaving, CORPUS.resolve("pdf/udhr.pdf"));
    JsonObject leavingScan = ingest(leaving, CORPUS.resolve("pdf/scanned-no-text-layer.pdf"));
    JsonObject stayingPdf = ingest(staying, CORPUS.resolve("pdf/udhr.pdf"));
    String leavingUser = Await.result(client.get("/api/v1/auth/me").bearerTokenAuthentication(leaving).send())
        .bodyAsJsonObject().getJsonObject("user").getString("id");
    Set<String> leavingChunks = chunksOf(leavingPdf.getString("id"));
    Set<String> stayingChunks = chunksOf(stayingPdf.getString("id"));
    assertThat(leavingChunks).hasSize(leavingPdf.getInteger("chunkCount")).isNotEmpty();
    assertThat(indexedChunks()).containsAll(leavingChunks).containsAll(stayingChunks);
    Path leavingFiles = dataDir.resolve("blobs/objects/sources").resolve(leavingUser);
    assertThat(filesUnder(leavingFiles)).as("originals of both sources and the scan's image").hasSize(3);

    // the operator deletes the account: rows cascade, the index and the files cannot
    Await.result(db.preparedQuery("DELETE FROM users WHERE id = $1").execute(Tuple.of(UUID.fromString(leavingUser))));
    assertThat(indexedChunks()).containsAll(leavingChunks);

    JsonObject vectors = bus(CleanupBus.SWEEP_VECTORS, new JsonObject());
    assertThat(vectors.getLong("deleted")).isEqualTo(leavingChunks.size());
    assertThat(vectors.getLong("checked")).isGreaterThanOrEqualTo(leavingChunks.size() + stayingChunks.size());
    Set<String> left = indexedChunks();
    assertThat(left).doesNotContainAnyElementsOf(leavingChunks).containsAll(stayingChunks);

    JsonObject blobs = bus(CleanupBus.SWEEP_BLOBS, new JsonObject());
    assertThat(blobs.getLong("deleted")).isEqualTo(3);
    assertThat(filesUnder(leavingFiles)).isEmpty();

    // nothing of the remaining user was touched: search and the original still work
    JsonArray hits = Await.result(client.post("/api/v1/search").bearerTokenAuthentication(staying)
        .sendJsonObject(new JsonObject().put("query", "everyone has the right to life, liberty and security of person")))
        .bodyAsJsonObject().getJsonArray("results");
    assertThat(hits).isNotEmpty();
    assertThat(hits.getJsonObject(0).getString("sourceId")).isEqualTo(stayingPdf.getString("id"));
    HttpResponse<Buffer> original = Await.result(client.get("/api/v1/sources/" + stayingPdf.getString("id") + "/file")
        .bearerTokenAuthentication(staying).send());
    assertThat(original.statusCode()).isEqualTo(200);
    assertThat(original.body().getBytes()).isEqualTo(Files.readAllBytes(CORPUS.resolve("pdf/udhr.pdf")));

    // a second round finds nothing more
    assertThat(bus(CleanupBus.SWEEP_VECTORS, new JsonObject()).getLong("deleted")).isZero();
    assertThat(bus(CleanupBus.SWEEP_BLOBS, new JsonObject()).getLong("deleted")).isZero();

    String metrics = Await.result(client.get("/metrics").send()).bodyAsString();
    assertThat(metrics).contains("mw_cleanup_removed_total{sweep=\"vectors\",what=\"vectors\"}")
        .contains("mw_cleanup_removed_total{sweep=\"blobs\",what=\"blobs\"}")
        .contains("mw_cleanup_runs_total{outcome=\"done\",sweep=\"vectors\"}");
    assertThat(leavingScan.getString("status")).isEqualTo("completed");
  }

  @Test
  void theClusterViewShowsThisNodeToSuperusersOnly() {
    String email = "admin-" + UUID.randomUUID() + "@example.org";
    bus(AuthBus.CREATE_USER, new JsonObject().put("email", email).put("password", "sweep it all away").put("superuser", true));
    String admin = Await.result(client.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", email).put("password", "sweep it all away"))).bodyAsJsonObject().getString("token");
    String someone = login("someone-" + UUID.randomUUID() + "@example.org");

    HttpResponse<Buffer> view = Await.result(client.get("/api/v1/admin/cluster").bearerTokenAuthentication(admin).send());
    assertThat(view.statusCode()).as(view.bodyAsString()).isEqualTo(200);
    List<JsonObject> mine = new ArrayList<>();
    view.bodyAsJsonObject().getJsonArray("nodes").forEach(n -> {
      if ("sweeper".equals(((JsonObject) n).getString("name")) && "up".equals(((JsonObject) n).getString("status"))) {
        mine.add((JsonObject) n);
      }
    });
    assertThat(mine).hasSize(1);
    JsonObject self = mine.get(0);
    assertThat(self.getJsonArray("roles")).contains("http", "auth", "ingestion", "embedding", "retrieval", "cleanup");
    assertThat(self.getBoolean("clustered")).isFalse();
    assertThat(self.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
    assertThat(self.getString("id")).startsWith("sweeper-");
    assertThat(self.getJsonObject("health").getString("status")).isEqualTo("UP");
    assertThat(self.getJsonObject("jvm").getLong("heapMaxBytes")).isPositive();

    for (String token : new String[] {someone, null, "forged"}) {
      var request = client.get("/api/v1/admin/cluster");
      if (token != null) {
        request.bearerTokenAuthentication(token);
      }
      HttpResponse<Buffer> hidden = Await.result(request.send());
      assertThat(hidden.statusCode()).isEqualTo(404);
      assertThat(hidden.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
    }
  }
}
