package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile bodies (NUL characters, lone surrogates, deep nesting, huge fields, wrong
 * types, bodies that are not objects or not JSON, another user's ids) posted to every POST and PUT
 * of the OpenAPI document on a whole node: no answer may be a 5xx, a refused request may change
 * nothing, and the other user's data stays exactly as it was.
 */
class HostileBodiesFuzzTest {

  private static Path dataDir;
  private static Node node;
  private static Vertx clientVertx;
  private static WebClient client;
  private static Pool db;
  private static final Random RANDOM = new Random(11);

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("mw-fuzz-test");
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url())));
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    db = Database.pool(clientVertx, "fuzz", TestDatabase.url(), 2);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(clientVertx.close());
    node.close();
  }

  /** One user's things, to put in paths and bodies. */
  private record Owner(String token, String userId, String sourceId, String collectionId, String conversationId, String templateId) {
  }

  @Test
  void hostileBodiesOnEveryPostAndPutGetNo5xxAndChangeNothing() throws Exception {
    Owner attacker = owner("attacker");
    Owner victim = owner("victim");
    String victimBefore = fingerprint(victim.userId());

    List<Map.Entry<HttpMethod, String>> operations = new ArrayList<>();
    JsonObject paths = openApi().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (method.equals("post") || method.equals("put") || method.equals("patch")) {
          operations.add(Map.entry(HttpMethod.valueOf(method.toUpperCase()), path));
        }
      }
    }
    assertThat(operations).hasSizeGreaterThanOrEqualTo(12);

    int tried = 0;
    List<String> serverErrors = new ArrayList<>();
    Map<String, Integer> statuses = new TreeMap<>();
    for (Map.Entry<HttpMethod, String> operation : operations) {
      String template = operation.getValue();
      JsonObject base = validBody(template, attacker);
      List<String> paths1 = template.contains("{") ? List.of(
          fill(template, attacker), fill(template, victim), fill(template, null), template.replaceAll("\\{[^}]+}", "not-a-uuid"))
          : List.of(template);
      for (String path : paths1) {
        for (Buffer body : hostileBodies(base, victim)) {
          String before = fingerprint(attacker.userId());
          boolean unauthenticated = template.equals("/api/v1/auth/logout");
          HttpResponse<Buffer> response = send(operation.getKey(), path, unauthenticated ? null : attacker.token(), body);
          tried++;
          int status = response.statusCode();
          statuses.merge(status / 100 + "xx", 1, Integer::sum);
          if (status >= 500) {
            serverErrors.add(operation.getKey() + " " + path + " " + status + " " + response.bodyAsString() + " <- "
                + abbreviate(body.toString(StandardCharsets.UTF_8)));
          } else if (status >= 400) {
            assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isNotBlank();
            assertThat(fingerprint(attacker.userId())).as("a refused %s %s changed stored data: %s", operation.getKey(), path,
                abbreviate(body.toString(StandardCharsets.UTF_8))).isEqualTo(before);
          }
        }
      }
    }
    System.out.printf("fuzz: %d requests over %d operations; statuses %s; 5xx: %d%n", tried, operations.size(), statuses,
        serverErrors.size());
    assertThat(serverErrors).as("5xx answers").isEmpty();
    assertThat(tried).isGreaterThan(1_000);
    assertThat(fingerprint(victim.userId())).as("the other user's data").isEqualTo(victimBefore);
    // the attacker's session survived it all, and the server still serves
    assertThat(send(HttpMethod.GET, "/api/v1/auth/me", attacker.token(), null).statusCode()).isEqualTo(200);
  }

  // --- bodies ------------------------------------------------------------------------------

  /** A body each operation would accept, for the mutations to start from. */
  private static JsonObject validBody(String path, Owner owner) {
    return switch (path) {
      case "/api/v1/auth/register" -> new JsonObject().put("email", "fuzz-" + UUID.randomUUID() + "@example.org")
          .put("password", "a long enough password").put("name", "Fuzz");
      case "/api/v1/auth/login" -> new JsonObject().put("email", "nobody@example.org").put("password", "a long enough password");
      case "/api/v1/sources" -> new JsonObject().put("kind", "transcript").put("videoId", "fuzz01").put("title", "A talk")
          .put("language", "en").put("segments", new JsonArray().add(new JsonObject().put("start", 0).put("duration", 2)
              .put("text", "Rivers carry water to the sea.")));
      case "/api/v1/collections" -> new JsonObject().put("name", "Folder").put("kind", "folder");
      case "/api/v1/search" -> new JsonObject().put("query", "rivers").put("topK", 3).put("mode", "hybrid")
          .put("sourceIds", new JsonArray().add(owner.sourceId()));
      case "/api/v1/conversations" -> new JsonObject().put("title", "About rivers").put("sourceIds", new JsonArray().add(owner.sourceId()));
      case "/api/v1/conversations/{id}/messages" -> new JsonObject().put("content", "Where do rivers go?");
      case "/api/v1/templates", "/api/v1/templates/{id}" -> new JsonObject().put("type", "linkedin")
          .put("name", "fuzz " + RANDOM.nextInt(1_000_000)).put("content", "On {{ topic }}: {{ keyPoints }}");
      case "/api/v1/generate" -> new JsonObject().put("type", "linkedin").put("topic", "rivers")
          .put("sourceIds", new JsonArray().add(owner.sourceId()));
      case "/api/v1/admin/config/{key}" -> new JsonObject().put("value", 5);
      default -> new JsonObject().put("value", "x");
    };
  }

  private static final List<Function<Object, Object>> FIELD_MUTATIONS = List.of(
      v -> "a\u0000b",
      v -> "\u0000",
      v -> "a\ud800b",
      v -> "\udfff",
      v -> "x".repeat(100_000),
      v -> "x".repeat(2_000_000),
      v -> nested(200),
      v -> 1,
      v -> -1,
      v -> 1e308,
      v -> Long.MAX_VALUE,
      v -> true,
      v -> null,
      v -> new JsonArray(),
      v -> new JsonArray().add("a\u0000").add(new JsonObject().put("b\u0000", 1)),
      v -> new JsonObject().put("$where", "1"),
      v -> "",
      v -> "   ",
      v -> "\u202e\ufeff\u200b" + "\ud83d\ude00",
      v -> "'; DROP TABLE users; --",
      v -> "../../../../etc/passwd");

  private static final List<String> WHOLE_BODIES = List.of(
      "", "null", "[]", "[{}]", "\"text\"", "123", "true", "{", "{\"a\":}", "{\"a\" 1}", "{}",
      "{\"a\": 1, \"a\": 2}", "{\"__proto__\": {\"admin\": true}}", "[".repeat(5_000) + "]".repeat(5_000),
      "{\"a\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_001), "{\"\\u0000\": 1}", "{\"a\": \"\\ud800\"}");

  private static List<Buffer> hostileBodies(JsonObject base, Owner victim) {
    List<Buffer> bodies = new ArrayList<>();
    for (String field : base.fieldNames()) {
      for (Function<Object, Object> mutation : FIELD_MUTATIONS) {
        JsonObject mutated = base.copy();
        mutated.put(field, mutation.apply(base.getValue(field)));
        bodies.add(mutated.toBuffer());
      }
      Object value = base.getValue(field);
      if (value instanceof JsonArray array && !array.isEmpty()) {
        // inside arrays too: another user's id, a NUL, a wrong type
        for (Object inner : List.of(victim.sourceId(), "a\u0000", 42, new JsonObject().put("text", "x\u0000"), "not-a-uuid")) {
          JsonObject mutated = base.copy();
          mutated.put(field, new JsonArray().add(inner));
          bodies.add(mutated.toBuffer());
        }
        if (array.getValue(0) instanceof JsonObject element) {
          for (String inner : element.fieldNames()) {
            for (Object bad : List.of("a\u0000b", "\ud800", -5, "x".repeat(50_000), new JsonArray())) {
              JsonObject copy = base.copy();
              copy.getJsonArray(field).getJsonObject(0).put(inner, bad);
              bodies.add(copy.toBuffer());
            }
          }
        }
      }
    }
    bodies.add(base.copy().put("userId", victim.userId()).put("sourceIds", new JsonArray().add(victim.sourceId()))
        .put("collectionId", victim.collectionId()).toBuffer());
    for (String whole : WHOLE_BODIES) {
      bodies.add(Buffer.buffer(whole));
    }
    bodies.add(Buffer.buffer(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}));
    bodies.add(Buffer.buffer(new byte[] {(byte) 0xc0, (byte) 0x80}));
    return bodies;
  }

  private static Object nested(int depth) {
    JsonArray outer = new JsonArray();
    JsonArray current = outer;
    for (int i = 0; i < depth; i++) {
      JsonArray next = new JsonArray();
      current.add(next);
      current = next;
    }
    return outer;
  }

  // --- set-up and checks ------------------------------------------------------------------------

  private static Owner owner(String who) throws Exception {
    JsonObject credentials = new JsonObject().put("email", who + "-" + UUID.randomUUID() + "@example.org")
        .put("password", "a long enough password");
    assertThat(Await.result(client.post("/api/v1/auth/register").sendJsonObject(credentials)).statusCode()).isEqualTo(201);
    JsonObject login = Await.result(client.post("/api/v1/auth/login").sendJsonObject(credentials)).bodyAsJsonObject();
    String token = login.getString("token");
    String userId = login.getJsonObject("user").getString("id");
    JsonObject created = json(send(HttpMethod.POST, "/api/v1/sources", token, new JsonObject().put("kind", "text")
        .put("title", who + "'s notes").put("text", "Rivers carry water to the sea. Mountains make rain fall.").toBuffer()), 202);
    String sourceId = created.getJsonObject("source").getString("id");
    String collectionId = json(send(HttpMethod.POST, "/api/v1/collections", token,
        new JsonObject().put("name", who + "'s folder").put("kind", "folder").toBuffer()), 201).getString("id");
    String conversationId = json(send(HttpMethod.POST, "/api/v1/conversations", token,
        new JsonObject().put("title", who + "'s chat").toBuffer()), 201).getString("id");
    String templateId = json(send(HttpMethod.POST, "/api/v1/templates", token, new JsonObject().put("type", "linkedin")
        .put("name", who + "'s template").put("content", "On {{ topic }}").toBuffer()), 201).getString("id");
    return new Owner(token, userId, sourceId, collectionId, conversationId, templateId);
  }

  private static String fill(String template, Owner owner) {
    if (owner == null) {
      return template.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }
    String id = template.startsWith("/api/v1/conversations") ? owner.conversationId()
        : template.startsWith("/api/v1/collections") ? owner.collectionId()
        : template.startsWith("/api/v1/templates") ? owner.templateId()
        : template.startsWith("/api/v1/admin/config") ? "rag_top_k"
        : owner.sourceId();
    return template.replaceAll("\\{[^}]+}", id);
  }

  /**
   * What a user has stored, reduced to a hash: their account and the columns of their rows that only
   * a request changes (not the status or summary a running job may still write).
   */
  private static String fingerprint(String userId) {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("users", "SELECT id::text || email || coalesce(name, '') || password_hash || is_superuser::text FROM users WHERE id = $1");
    queries.put("sources", "SELECT id::text || kind || content_sha256 || coalesce(collection_id::text, '') FROM sources WHERE user_id = $1");
    queries.put("collections", "SELECT id::text || name || kind || coalesce(url, '') FROM collections WHERE user_id = $1");
    queries.put("conversations", "SELECT id::text || coalesce(title, '') || coalesce(source_ids::text, '') FROM conversations WHERE user_id = $1");
    queries.put("messages", "SELECT id::text || role || content FROM messages WHERE user_id = $1");
    queries.put("templates", "SELECT id::text || type || name || content FROM templates WHERE user_id = $1");
    StringBuilder print = new StringBuilder();
    queries.forEach((table, query) -> {
      var rows = Await.result(db.preparedQuery("SELECT count(*) AS n, coalesce(md5(string_agg(r, ',' ORDER BY r)), '') AS h FROM ("
          + query + ") AS t(r)").execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(userId))));
      var row = rows.iterator().next();
      print.append(table).append('=').append(row.getLong("n")).append(':').append(row.getString("h")).append(' ');
    });
    print.append("config=").append(Await.result(db.query("SELECT md5(string_agg(key || value::text, ',' ORDER BY key)) AS h FROM config")
        .execute()).iterator().next().getString("h"));
    return print.toString();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, String token, Buffer body) {
    HttpRequest<Buffer> request = client.request(method, path).putHeader("content-type", "application/json");
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return Await.result(body == null ? request.send() : request.sendBuffer(body));
  }

  private static JsonObject json(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject();
  }

  private static JsonObject openApi() throws Exception {
    try (InputStream in = HostileBodiesFuzzTest.class.getClassLoader().getResourceAsStream("openapi.json")) {
      assertThat(in).as("openapi.json on the classpath").isNotNull();
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " characters)";
  }
}
