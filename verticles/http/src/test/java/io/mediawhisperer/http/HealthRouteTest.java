package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testing.TestVertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} checks every dependency a request needs (issue 11, findings 1 and 6), and tells
 * only superusers why one is down. The retrieval and embedding roles are stand-ins on the bus here,
 * so a test can make the vector backend fail; the database, auth and the blob store are real.
 */
class HealthRouteTest {

  private static final String PASSWORD = "a long enough password";
  private static Vertx vertx;
  private static WebClient client;
  /** What the stand-in retrieval role answers to its health address: null is "up". */
  private static final AtomicReference<Failure> VECTOR_FAILURE = new AtomicReference<>();
  private static MessageConsumer<JsonObject> retrieval;
  private static String superuser;
  private static String user;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    JsonObject config = new JsonObject()
        .put("db-url", TestDatabase.url())
        .put("data-dir", dataDir.toString())
        .put("http-host", "127.0.0.1")
        .put("http-port", port);
    vertx = TestVertx.withMetrics();
    Await.result(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    Await.result(vertx.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(config)));
    vertx.eventBus().<JsonObject>consumer(EmbeddingBus.INFO, m -> m.reply(new JsonObject().put("model", "stand-in").put("dimension", 3)));
    serveRetrievalHealth();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    superuser = login(true);
    user = login(false);
  }

  private static void serveRetrievalHealth() {
    retrieval = vertx.eventBus().consumer(RetrievalBus.HEALTH, m -> {
      Failure failure = VECTOR_FAILURE.get();
      if (failure == null) {
        m.reply(new JsonObject().put("backend", "stand-in"));
      } else {
        failure.replyTo(m);
      }
    });
    Await.result(retrieval.completion());
  }

  private static String login(boolean isSuperuser) {
    JsonObject credentials = new JsonObject().put("email", "health-" + UUID.randomUUID() + "@example.org").put("password", PASSWORD);
    Await.result(vertx.eventBus().request(AuthBus.CREATE_USER, credentials.copy().put("superuser", isSuperuser)));
    return Await.result(client.post("/api/v1/auth/login").sendJsonObject(credentials)).bodyAsJsonObject().getString("accessToken");
  }

  @AfterEach
  void everythingUpAgain() {
    VECTOR_FAILURE.set(null);
    if (retrieval == null) {
      serveRetrievalHealth();
    }
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  private static HttpResponse<Buffer> health(String bearer) {
    HttpRequest<Buffer> request = client.get("/health");
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    return Await.result(request.send());
  }

  private static Map<String, JsonObject> checks(HttpResponse<Buffer> health) {
    return health.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(c -> c.getString("name"), c -> c));
  }

  @Test
  void everyDependencyIsCheckedAndAnyoneSeesOnlyNamesAndStatuses() {
    for (String caller : new String[] {null, user, "not-a-token"}) {
      HttpResponse<Buffer> health = health(caller);
      assertThat(health.statusCode()).as(health.bodyAsString()).isEqualTo(200);
      assertThat(health.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("status", "checks");
      assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      Map<String, JsonObject> checks = checks(health);
      assertThat(checks.keySet()).containsExactlyInAnyOrder("database", "vector-backend", "embedding", "blob-store");
      for (JsonObject check : checks.values()) {
        assertThat(check.fieldNames()).as("what %s sees of %s", caller, check.getString("name")).containsExactlyInAnyOrder("name", "status");
        assertThat(check.getString("status")).isEqualTo("UP");
      }
    }
  }

  @Test
  void aSuperuserAlsoSeesLatencies() {
    HttpResponse<Buffer> health = health(superuser);
    assertThat(health.statusCode()).as(health.bodyAsString()).isEqualTo(200);
    for (JsonObject check : checks(health).values()) {
      assertThat(check.getLong("latencyMs")).as(check.encode()).isNotNull().isNotNegative();
      assertThat(check.containsKey("error")).isFalse();
    }
  }

  @Test
  void aVectorBackendThatIsDownMakesTheNodeDownAndOnlyASuperuserLearnsWhy() {
    VECTOR_FAILURE.set(new Failure(503, Failure.UNAVAILABLE,
        "the vector backend lucene is down: IOException: /srv/mw/vectors/lucene: Too many open files"));
    for (String caller : new String[] {null, user}) {
      HttpResponse<Buffer> health = health(caller);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      assertThat(checks(health).get("vector-backend").getString("status")).isEqualTo("DOWN");
      assertThat(checks(health).get("database").getString("status")).isEqualTo("UP");
      assertThat(health.bodyAsString()).doesNotContain("Too many").doesNotContain("/srv");
    }
    HttpResponse<Buffer> details = health(superuser);
    assertThat(details.statusCode()).isEqualTo(503);
    assertThat(checks(details).get("vector-backend").getString("error")).contains("Too many open files");
  }

  @Test
  void noNodeServingRetrievalIsDown() {
    Await.result(retrieval.unregister());
    retrieval = null;
    HttpResponse<Buffer> health = health(superuser);
    assertThat(health.statusCode()).isEqualTo(503);
    JsonObject vector = checks(health).get("vector-backend");
    assertThat(vector.getString("status")).isEqualTo("DOWN");
    assertThat(vector.getString("error")).isNotBlank();
    assertThat(List.of("database", "embedding", "blob-store")).allMatch(name -> "UP".equals(checks(health).get(name).getString("status")));
  }
}
