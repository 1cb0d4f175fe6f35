package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/admin/reindex {"chunkSize"}} on a real node (issue 19): a PDF, a transcript
 * and a chat-log export chunked again from what was stored of them, while a search loop checks
 * that every search still finds the sources (the new chunks are swapped in per source, never
 * leaving it without any); a second request while the first runs moves it to its size. In a
 * database of its own: a re-chunk takes every user's sources.
 */
class RechunkApiTest {

  private static final List<String> QUERIES = List.of("right to education", "freedom of thought and religion",
      "Fortran and the machine", "programmers and software");

  @Test
  void aRechunkReplacesEverySourcesChunksWhileSearchesAnswerAndALaterSizeRetargetsIt() throws Exception {
    Path dataDir = Files.createTempDirectory("mw-rechunk");
    int port = Ports.free();
    try (FreshDatabase database = FreshDatabase.onTestServer("mw_rechunk_", false, "the re-chunk test");
        Node node = Node.start(config(dataDir, port, database));
        ApiClient api = new ApiClient(port)) {
      String superuser = AdminApiTest.superuser(node.vertx(), api);
      String alice = api.newUser("rechunk-alice");
      String bob = api.newUser("rechunk-bob");
      String udhr = api.ingested(alice, Corpus.root().resolve("pdf/udhr.pdf"), null);
      String podcast = api.ingested(alice, Corpus.root().resolve("transcripts/podcast-no-blank-lines.vtt"), null);
      api.completed(bob, api.upload(bob, Corpus.root().resolve("chat/chatgpt-export.json"), null));
      List<JsonObject> bobsLogs = items(api.get(bob, "/api/v1/sources?kind=chat_log&limit=100"));
      assertThat(bobsLogs).isNotEmpty();
      int udhrBefore = chunkCount(api, alice, udhr);
      int podcastBefore = chunkCount(api, alice, podcast);

      JsonObject chunking = api.get(superuser, "/api/v1/admin/reindex").bodyAsJsonObject().getJsonObject("chunking");
      assertThat(chunking.getInteger("chunkSize")).isEqualTo(120);
      assertThat(chunking.getLong("sourcesOtherSize")).as("every source records the size it was chunked with").isZero();

      // hidden from everyone else; a size the setting refuses, or two changes at once, start nothing
      assertThat(api.post(alice, "/api/v1/admin/reindex", new JsonObject().put("chunkSize", 48)).statusCode()).isEqualTo(404);
      for (Object bad : List.of(5, 513, "48", 48.5)) {
        assertThat(errorCode(api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("chunkSize", bad)), 400))
            .as(String.valueOf(bad)).isEqualTo("invalid_input");
      }
      assertThat(errorCode(api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("chunkSize", 48)
          .put("embeddingModel", "e5-small")), 400)).isEqualTo("invalid_input");
      assertThat(chunkCount(api, alice, udhr)).isEqualTo(udhrBefore);

      SearchLoop loop = new SearchLoop(api, alice, QUERIES, List.of("vector", "hybrid", "text"));
      HttpResponse<Buffer> first = api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("chunkSize", 48));
      assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
      assertThat(first.bodyAsJsonObject().getString("type")).isEqualTo("rechunk");
      // a second size while the first runs (or just after): the library ends chunked with the second
      HttpResponse<Buffer> second = api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("chunkSize", 40));
      assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(202);
      api.completed(superuser, first);
      JsonObject done = api.completed(superuser, second);
      Thread.sleep(300);
      loop.close();
      System.out.printf("[rechunk] udhr %d -> %d chunks, podcast %d -> %d, %d search rounds meanwhile, result %s%n", udhrBefore,
          chunkCount(api, alice, udhr), podcastBefore, chunkCount(api, alice, podcast), loop.rounds(), done.getJsonObject("result"));
      assertThat(loop.failures()).as("searches during the re-chunk").isEmpty();
      assertThat(loop.rounds()).isPositive();
      assertThat(done.getJsonObject("result").getInteger("chunkSize")).isEqualTo(40);
      assertThat(done.getJsonObject("result").getInteger("skipped")).isZero();

      // smaller chunks: more of them, each within the size, still citing pages, times and messages
      assertThat(chunkCount(api, alice, udhr)).isGreaterThan(udhrBefore);
      assertThat(chunkCount(api, alice, podcast)).isGreaterThan(podcastBefore);
      JsonArray pages = search(api, alice, "right to education", udhr);
      assertThat(pages).isNotEmpty();
      for (Object o : pages) {
        JsonObject hit = (JsonObject) o;
        assertThat(hit.getInteger("pageNumber")).isPositive();
        assertThat(hit.getString("text").split("\\s+").length).as(hit.getString("text")).isLessThanOrEqualTo(40);
      }
      JsonArray moments = search(api, alice, "Fortran and the machine", podcast);
      assertThat(moments).isNotEmpty();
      assertThat(moments.getJsonObject(0).getValue("start")).isInstanceOf(Number.class);
      JsonArray messages = api.post(bob, "/api/v1/search", new JsonObject().put("query", "python").put("mode", "text"))
          .bodyAsJsonObject().getJsonArray("results");
      assertThat(messages).isNotEmpty();
      assertThat(messages.getJsonObject(0).getValue("messageIndex")).isInstanceOf(Number.class);
      for (JsonObject log : bobsLogs) {
        assertThat(chunkCount(api, bob, log.getString("id"))).as(log.getString("title")).isGreaterThanOrEqualTo(log.getInteger("chunkCount"));
      }

      chunking = api.get(superuser, "/api/v1/admin/reindex").bodyAsJsonObject().getJsonObject("chunking");
      assertThat(chunking.getInteger("chunkSize")).isEqualTo(40);
      assertThat(chunking.getLong("sourcesOtherSize")).isZero();
      assertThat(chunking.containsKey("job")).as("nothing runs any more").isFalse();
      try (Connection db = database.connect(); ResultSet rows = db.createStatement().executeQuery(
          "SELECT count(*) FILTER (WHERE pending), count(DISTINCT (source_id, seq)) = count(*) FROM chunks")) {
        rows.next();
        assertThat(rows.getLong(1)).as("no pending chunk is left").isZero();
        assertThat(rows.getBoolean(2)).as("one chunk per position of a source").isTrue();
      }
      // a source added now is chunked with the new size too
      Path notes = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-notes.txt"),
          "The beekeeper moved forty hives to the clover meadow before the spring rain, and the colonies doubled by June. ".repeat(6));
      api.ingested(alice, notes, null);
      assertThat(api.get(superuser, "/api/v1/admin/reindex").bodyAsJsonObject().getJsonObject("chunking").getLong("sourcesOtherSize"))
          .isZero();
    }
  }

  /**
   * The race a chat log's re-import can win: its own indexing removes the source's rows, the
   * re-chunk's pending chunks too, just before the re-chunk asks for the swap. The swap is held
   * back (a bus interceptor) until the import has completed; without the pending count it would
   * then show the few chunks left pending (here none) in place of the new version's.
   */
  @Test
  void aChatLogImportedAgainDuringItsRechunkEndsWithItsNewVersionsChunks() throws Exception {
    Path dataDir = Files.createTempDirectory("mw-rechunk-race");
    int port = Ports.free();
    try (FreshDatabase database = FreshDatabase.onTestServer("mw_rechunk_race_", false, "the re-chunk race test");
        Node node = Node.start(config(dataDir, port, database));
        ApiClient api = new ApiClient(port)) {
      String superuser = AdminApiTest.superuser(node.vertx(), api);
      String bob = api.newUser("rechunk-race-bob");
      JsonArray export = new JsonArray(Files.readString(Corpus.root().resolve("chat/chatgpt-export.json")));
      JsonObject conversation = export.getJsonObject(0);
      Path first = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-v1.json"), new JsonArray().add(conversation).encode());
      api.completed(bob, api.upload(bob, first, null));
      String logId = items(api.get(bob, "/api/v1/sources?kind=chat_log&limit=10")).get(0).getString("id");
      JsonObject edited = conversation.copy();
      for (String node0 : edited.getJsonObject("mapping").fieldNames()) {
        JsonObject message = edited.getJsonObject("mapping").getJsonObject(node0).getJsonObject("message");
        if (message != null && message.getJsonObject("content") != null && message.getJsonObject("content").getJsonArray("parts") != null
            && !message.getJsonObject("content").getJsonArray("parts").isEmpty()
            && "user".equals(message.getJsonObject("author").getString("role"))) {
          JsonArray parts = message.getJsonObject("content").getJsonArray("parts");
          parts.set(0, parts.getString(0) + " Also, would a marmalade zebra fit in the back?");
          break;
        }
      }
      Path second = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-v2.json"), new JsonArray().add(edited).encode());

      CompletableFuture<Runnable> held = new CompletableFuture<>();
      Handler<DeliveryContext<Object>> holdTheSwap = delivery -> {
        if (RetrievalBus.INDEX_SYNC.equals(delivery.message().address()) && delivery.message().body() instanceof JsonObject body
            && body.getBoolean("replace", false) && logId.equals(body.getString("sourceId")) && !held.isDone()) {
          Context context = Vertx.currentContext();
          held.complete(() -> context.runOnContext(v -> delivery.next()));
        } else {
          delivery.next();
        }
      };
      node.vertx().eventBus().addOutboundInterceptor(holdTheSwap);
      try {
        HttpResponse<Buffer> rechunk = api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("chunkSize", 48));
        assertThat(rechunk.statusCode()).as(rechunk.bodyAsString()).isEqualTo(202);
        Runnable release = held.get(120, TimeUnit.SECONDS);
        api.completed(bob, api.upload(bob, second, null));
        release.run();
        JsonObject done = api.completed(superuser, rechunk);
        assertThat(done.getJsonObject("result").getInteger("skipped")).isZero();
      } finally {
        node.vertx().eventBus().removeOutboundInterceptor(holdTheSwap);
      }

      JsonArray hits = api.post(bob, "/api/v1/search", new JsonObject().put("query", "marmalade zebra").put("mode", "text"))
          .bodyAsJsonObject().getJsonArray("results");
      assertThat(hits).as("the new version's words are found").isNotEmpty();
      try (Connection db = database.connect(); ResultSet rows = db.createStatement().executeQuery(
          "SELECT count(*) FILTER (WHERE pending), count(*), (SELECT chunk_count FROM sources WHERE id = '" + logId + "'),"
              + " (SELECT chunk_size FROM sources WHERE id = '" + logId + "') FROM chunks WHERE source_id = '" + logId + "'")) {
        rows.next();
        assertThat(rows.getLong(1)).as("no pending chunk is left").isZero();
        assertThat(rows.getLong(2)).as("the log has chunks, as many as it says").isPositive().isEqualTo(rows.getLong(3));
        assertThat(rows.getInt(4)).isEqualTo(48);
      }
    }
  }

  private static JsonObject config(Path dataDir, int port, FreshDatabase database) {
    return NodeConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString(), "http-port", String.valueOf(port),
        "registration-per-hour-per-address", "0", "db-url", database.url()));
  }

  private static List<JsonObject> items(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  private static int chunkCount(ApiClient api, String token, String sourceId) {
    return api.get(token, "/api/v1/sources/" + sourceId).bodyAsJsonObject().getInteger("chunkCount");
  }

  private static JsonArray search(ApiClient api, String token, String query, String sourceId) {
    return api.post(token, "/api/v1/search", new JsonObject().put("query", query).put("mode", "hybrid")
        .put("sourceIds", new JsonArray().add(sourceId))).bodyAsJsonObject().getJsonArray("results");
  }

  private static String errorCode(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }
}
