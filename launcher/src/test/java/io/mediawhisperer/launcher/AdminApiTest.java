package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.PluginJars;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The administration API of one node: the runtime settings and the plugins, for a superuser, and
 * nothing at all for anyone else. The node's plugins directory holds a plugin jar built by the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

  private Node node;
  private ApiClient api;
  private String superuser;
  private String user;

  @BeforeAll
  void start() throws Exception {
    Path dataDir = Files.createTempDirectory("mw-admin-test");
    // the default plugins directory: <data-dir>/plugins
    PluginJars.sourceParser(dataDir.resolve("plugins/shout-plugin.jar"), "com.example.shout.ShoutParser", "shout");
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url())));
    api = new ApiClient(port);
    superuser = superuser(node.vertx(), api);
    user = api.newUser("admin-test-user");
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
  }

  /** A fresh superuser, made the way the CLI makes one (auth's administration address), signed in over HTTP. */
  static String superuser(Vertx nodeVertx, ApiClient api) {
    JsonObject credentials = new JsonObject().put("email", "root-" + UUID.randomUUID() + "@example.org")
        .put("password", "correct horse battery");
    Await.result(nodeVertx.eventBus().request(AuthBus.CREATE_USER, credentials.copy().put("superuser", true)));
    HttpResponse<Buffer> login = Await.result(api.web.post("/api/v1/auth/login").sendJsonObject(credentials));
    assertThat(login.bodyAsJsonObject().getJsonObject("user").getBoolean("isSuperuser")).isTrue();
    return login.bodyAsJsonObject().getString("accessToken");
  }

  static HttpResponse<Buffer> put(ApiClient api, String token, String path, String body) {
    var request = api.web.put(path).putHeader("content-type", "application/json");
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return Await.result(request.sendBuffer(Buffer.buffer(body)));
  }

  /** A text of {@code paragraphs} paragraphs that each mention the harbour: every chunk of it matches "harbour". */
  static JsonObject harbourText(int paragraphs) {
    String text = IntStream.range(0, paragraphs).mapToObj(i -> "Chapter " + i + ". The harbour master logged ship number " + i
        + " arriving with a cargo of timber, salt and copper wire. The crew unloaded it on pier " + (i % 7)
        + " while gulls circled over the harbour and the tide turned. Each cargo was weighed, taxed and stored in warehouse "
        + (i % 5) + " until the merchants of the town came to collect what they had ordered weeks before.")
        .collect(Collectors.joining("\n\n"));
    return new JsonObject().put("kind", "text").put("title", "Harbour log").put("text", text);
  }

  private static String errorCode(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void theAdministrationIsHiddenFromEveryoneButSuperusers() {
    for (String token : new String[] {null, user, "not-a-token"}) {
      for (String path : List.of("/api/v1/admin/config", "/api/v1/admin/plugins")) {
        HttpResponse<Buffer> got = token == null ? Await.result(api.web.get(path).send()) : api.get(token, path);
        assertThat(got.statusCode()).as("GET %s as %s", path, token).isEqualTo(404);
        assertThat(errorCode(got)).isEqualTo("not_found");
      }
      HttpResponse<Buffer> change = put(api, token, "/api/v1/admin/config/rag_top_k", "{\"value\": 3}");
      assertThat(change.statusCode()).as("PUT as %s", token).isEqualTo(404);
      // not even a malformed body tells an outsider that the route exists
      assertThat(put(api, token, "/api/v1/admin/config/rag_top_k", "{not json").statusCode()).isEqualTo(404);
    }
    JsonObject rag = settings().stream().filter(s -> s.getString("key").equals("rag_top_k")).findFirst().orElseThrow();
    assertThat(rag.getInteger("value")).as("nothing was changed").isEqualTo(12);
  }

  private List<JsonObject> settings() {
    HttpResponse<Buffer> list = api.get(superuser, "/api/v1/admin/config");
    assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
    return list.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void aSuperuserChangesRagTopKAndTheNextSearchReturnsThatManyHits() throws Exception {
    List<JsonObject> items = settings();
    assertThat(items).extracting(s -> s.getString("key"))
        .containsExactly("chunk_overlap_percent", "chunk_size", "max_context_messages", "quota_sources", "quota_storage_mb",
            "quota_uploads_per_hour", "rag_top_k", "session_expires_days");
    for (JsonObject item : items) {
      assertThat(item.fieldNames()).contains("key", "value", "description", "updatedAt", "min", "max");
    }

    String owner = api.newUser("searcher");
    api.completed(owner, api.post(owner, "/api/v1/sources", harbourText(40)));
    JsonObject query = new JsonObject().put("query", "harbour cargo");
    assertThat(api.post(owner, "/api/v1/search", query).bodyAsJsonObject().getJsonArray("results")).hasSize(12);
    try {
      HttpResponse<Buffer> changed = put(api, superuser, "/api/v1/admin/config/rag_top_k", "{\"value\": 3}");
      assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
      assertThat(changed.bodyAsJsonObject().getString("key")).isEqualTo("rag_top_k");
      assertThat(changed.bodyAsJsonObject().getInteger("value")).isEqualTo(3);
      assertThat(changed.bodyAsJsonObject().getString("updatedAt")).isNotBlank();

      assertThat(SearchCounts.await(api, owner, query, 3)).isEqualTo(3);
      assertThat(api.post(owner, "/api/v1/search", query.copy().put("topK", 5)).bodyAsJsonObject().getJsonArray("results"))
          .as("an explicit topK still wins").hasSize(5);
      assertThat(settings()).filteredOn(s -> s.getString("key").equals("rag_top_k"))
          .singleElement().satisfies(s -> assertThat(s.getInteger("value")).isEqualTo(3));
    } finally {
      assertThat(put(api, superuser, "/api/v1/admin/config/rag_top_k", "{\"value\": 12}").statusCode()).isEqualTo(200);
    }
    assertThat(SearchCounts.await(api, owner, query, 12)).isEqualTo(12);
  }

  @Test
  void badChangesAreRefusedWithTheAllowedRangeAndChangeNothing() {
    HttpResponse<Buffer> tooSmall = put(api, superuser, "/api/v1/admin/config/chunk_size", "{\"value\": 8}");
    assertThat(tooSmall.statusCode()).isEqualTo(400);
    assertThat(errorCode(tooSmall)).isEqualTo("invalid_input");
    assertThat(tooSmall.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .isEqualTo("chunk_size must be a whole number from 32 to 512, not 8");
    for (String body : new String[] {"{\"value\": \"64\"}", "{\"value\": 64.5}", "{\"value\": null}", "{}", "{\"valeur\": 64}"}) {
      HttpResponse<Buffer> refused = put(api, superuser, "/api/v1/admin/config/chunk_size", body);
      assertThat(refused.statusCode()).as(body).isEqualTo(400);
      assertThat(errorCode(refused)).as(body).isEqualTo("invalid_input");
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message")).as(body).contains("from 32 to 512");
    }
    HttpResponse<Buffer> malformed = put(api, superuser, "/api/v1/admin/config/chunk_size", "{\"value\": ");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(errorCode(malformed)).isEqualTo("invalid_json");
    HttpResponse<Buffer> notAnObject = put(api, superuser, "/api/v1/admin/config/chunk_size", "[64]");
    assertThat(notAnObject.statusCode()).isEqualTo(400);
    assertThat(errorCode(notAnObject)).isEqualTo("invalid_json");

    HttpResponse<Buffer> unknown = put(api, superuser, "/api/v1/admin/config/temperature", "{\"value\": 1}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(errorCode(unknown)).isEqualTo("not_found");
    assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("no runtime setting 'temperature'");

    assertThat(settings()).filteredOn(s -> s.getString("key").equals("chunk_size"))
        .singleElement().satisfies(s -> assertThat(s.getInteger("value")).isEqualTo(120));
  }

  @Test
  void aSuperuserSeesEveryPluginOfTheNodeWithItsOriginAndWhetherItIsActive() {
    HttpResponse<Buffer> got = api.get(superuser, "/api/v1/admin/plugins");
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    JsonObject plugins = got.bodyAsJsonObject();
    assertThat(plugins.getString("node")).isNotBlank();
    assertThat(plugins.getString("directory")).endsWith("plugins");
    assertThat(plugins.getJsonArray("jars")).containsExactly("shout-plugin.jar");

    Map<String, JsonObject> byKindAndName = plugins.getJsonArray("items").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(p -> p.getString("kind") + "/" + p.getString("name"), p -> p));
    assertThat(byKindAndName).containsKeys("source-parser/pdf", "source-parser/text", "source-parser/webvtt",
        "embedding-model/minilm", "embedding-model/e5-small", "embedding-model/openai-compatible", "vector-backend/lucene", "vector-backend/pgvector",
        "chat-model/extractive", "chat-model/llama", "chat-model/openai-compatible", "blob-store/local", "blob-store/postgres");
    assertThat(byKindAndName.get("source-parser/shout").getMap()).containsEntry("origin", "shout-plugin.jar")
        .containsEntry("className", "com.example.shout.ShoutParser").containsEntry("active", true);
    assertThat(byKindAndName.get("source-parser/pdf").getMap()).containsEntry("origin", "built-in").containsEntry("active", true);
    assertThat(byKindAndName.get("chat-model/extractive").getBoolean("active")).isTrue();
    assertThat(byKindAndName.get("chat-model/openai-compatible").getBoolean("active")).isFalse();
    assertThat(byKindAndName.get("vector-backend/lucene").getBoolean("active")).isTrue();
    assertThat(byKindAndName.get("vector-backend/pgvector").getBoolean("active")).isFalse();

    JsonArray kinds = plugins.getJsonArray("kinds");
    JsonObject vector = kinds.stream().map(JsonObject.class::cast).filter(k -> k.getString("kind").equals("vector-backend"))
        .findFirst().orElseThrow();
    assertThat(vector.getMap()).containsEntry("configKey", "vector-backend").containsEntry("selected", "lucene")
        .containsEntry("interface", "io.mediawhisperer.spi.vector.VectorBackendProvider");
  }

  /** Searches until the number of hits is what a changed setting makes it (the change travels as a publication). */
  static final class SearchCounts {

    private SearchCounts() {
    }

    static int await(ApiClient api, String token, JsonObject query, int expected) throws InterruptedException {
      long deadline = System.nanoTime() + 30_000_000_000L;
      int count;
      do {
        HttpResponse<Buffer> searched = api.post(token, "/api/v1/search", query);
        assertThat(searched.statusCode()).as(searched.bodyAsString()).isEqualTo(200);
        count = searched.bodyAsJsonObject().getJsonArray("results").size();
        if (count == expected) {
          return count;
        }
        Thread.sleep(50);
      } while (System.nanoTime() < deadline);
      return count;
    }
  }
}
