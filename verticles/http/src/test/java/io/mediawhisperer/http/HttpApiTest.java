package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.node.NodeVertx;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API through a real HTTP client, with the real auth verticle and PostgreSQL behind it. */
class HttpApiTest {

  private static final String PASSWORD = "a long enough password";
  private static Vertx vertx;
  private static WebClient client;
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
        .put("http-port", port)
        .put("http-max-body-bytes", 4096);
    vertx = Await.result(NodeVertx.create(new JsonObject()));
    Await.result(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    Await.result(vertx.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(config)));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, String bearer, String body) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (bearer != null) {
      request.putHeader("authorization", "Bearer " + bearer);
    }
    request.putHeader("content-type", "application/json");
    return Await.result(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private static HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, null, body.encode());
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    assertThat(response.bodyAsJsonObject().fieldNames()).containsExactly("error");
  }

  private static String newEmail() {
    return "http-" + UUID.randomUUID() + "@example.org";
  }

  @Test
  void registerLoginMeLogoutRoundTrip() {
    String email = newEmail();
    HttpResponse<Buffer> registered = post("/api/v1/auth/register",
        new JsonObject().put("email", email).put("password", PASSWORD).put("name", "Grace"));
    assertThat(registered.statusCode()).isEqualTo(201);
    JsonObject user = registered.bodyAsJsonObject().getJsonObject("user");
    assertThat(user.fieldNames()).containsExactlyInAnyOrder("id", "email", "name", "isSuperuser", "createdAt");
    assertThat(user.getString("email")).isEqualTo(email);

    HttpResponse<Buffer> login = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD));
    assertThat(login.statusCode()).isEqualTo(200);
    JsonObject session = login.bodyAsJsonObject();
    assertThat(session.fieldNames()).containsExactlyInAnyOrder("token", "accessToken", "expiresAt", "user");
    String cookie = login.cookies().stream().filter(c -> c.startsWith("mw_session=")).findFirst().orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/")
        .startsWith("mw_session=" + session.getString("token") + ";");

    for (String token : new String[] {session.getString("token"), session.getString("accessToken")}) {
      HttpResponse<Buffer> me = send(HttpMethod.GET, "/api/v1/auth/me", token, null);
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.bodyAsJsonObject().getJsonObject("user")).isEqualTo(user);
    }
    HttpResponse<Buffer> byCookie = Await.result(client.get("/api/v1/auth/me")
        .putHeader("cookie", "mw_session=" + session.getString("token")).send());
    assertThat(byCookie.statusCode()).isEqualTo(200);

    HttpResponse<Buffer> logout = send(HttpMethod.POST, "/api/v1/auth/logout", session.getString("token"), null);
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(logout.cookies()).anyMatch(c -> c.startsWith("mw_session=;") && c.contains("Max-Age=0"));

    assertError(send(HttpMethod.GET, "/api/v1/auth/me", session.getString("token"), null), 401, "unauthorized");
    assertError(send(HttpMethod.GET, "/api/v1/auth/me", session.getString("accessToken"), null), 401, "unauthorized");
  }

  @Test
  void documentedAuthErrors() {
    String email = newEmail();
    assertThat(post("/api/v1/auth/register", new JsonObject().put("email", email).put("password", PASSWORD)).statusCode()).isEqualTo(201);
    assertError(post("/api/v1/auth/register", new JsonObject().put("email", email).put("password", PASSWORD)), 409, "email_taken");
    assertError(post("/api/v1/auth/register", new JsonObject().put("email", "not-an-email").put("password", PASSWORD)), 400, "invalid_input");
    assertError(post("/api/v1/auth/register", new JsonObject().put("email", newEmail()).put("password", "short")), 400, "invalid_input");
    assertError(post("/api/v1/auth/register", new JsonObject().put("password", PASSWORD)), 400, "invalid_input");
    assertError(post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", "wrong password")), 401, "invalid_credentials");
    assertError(send(HttpMethod.GET, "/api/v1/auth/me", null, null), 401, "unauthorized");
    assertError(send(HttpMethod.GET, "/api/v1/auth/me", "not-a-token", null), 401, "unauthorized");
    assertError(send(HttpMethod.POST, "/api/v1/auth/logout", null, null), 401, "unauthorized");
  }

  @Test
  void loginFailuresAreRateLimited() {
    String email = newEmail();
    post("/api/v1/auth/register", new JsonObject().put("email", email).put("password", PASSWORD));
    for (int i = 0; i < 5; i++) {
      assertError(post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", "guess " + i)), 401, "invalid_credentials");
    }
    assertError(post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD)), 429, "too_many_requests");
  }

  @Test
  void malformedBodiesGetA400AndChangeNothing() {
    assertError(send(HttpMethod.POST, "/api/v1/auth/register", null, "{\"email\": "), 400, "invalid_json");
    assertError(send(HttpMethod.POST, "/api/v1/auth/register", null, "[1, 2]"), 400, "invalid_json");
    assertError(send(HttpMethod.POST, "/api/v1/auth/register", null, ""), 400, "invalid_input");
    assertError(send(HttpMethod.POST, "/api/v1/auth/login", null, "nonsense"), 400, "invalid_json");
  }

  @Test
  void tooLargeBodiesGetA413AndNoAccount() {
    String email = newEmail();
    String huge = new JsonObject().put("email", email).put("password", PASSWORD).put("name", "x".repeat(10_000)).encode();
    assertError(send(HttpMethod.POST, "/api/v1/auth/register", null, huge), 413, "payload_too_large");
    assertError(post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD)), 401, "invalid_credentials");
  }

  @Test
  void unknownRoutesAndMethodsGetTheErrorShape() {
    assertError(send(HttpMethod.GET, "/api/v1/nothing-here", null, null), 404, "not_found");
    assertError(send(HttpMethod.GET, "/nope", null, null), 404, "not_found");
    assertError(send(HttpMethod.DELETE, "/api/v1/auth/login", null, null), 405, "method_not_allowed");
  }

  @Test
  void everyResponseCarriesARequestId() {
    HttpResponse<Buffer> given = Await.result(client.get("/health").putHeader("x-request-id", "trace-42").send());
    assertThat(given.getHeader("x-request-id")).isEqualTo("trace-42");
    HttpResponse<Buffer> generated = Await.result(client.get("/nope").putHeader("x-request-id", "bad id with spaces").send());
    assertThat(UUID.fromString(generated.getHeader("x-request-id"))).isNotNull();
  }

  @Test
  void metricsArePrometheusText() {
    send(HttpMethod.GET, "/health", null, null);
    HttpResponse<Buffer> metrics = send(HttpMethod.GET, "/metrics", null, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("content-type")).startsWith("text/plain");
    assertThat(metrics.bodyAsString()).contains("vertx_http_server_requests_total").contains("# TYPE");
  }

  @Test
  void servesItsOpenApiDocument() {
    HttpResponse<Buffer> doc = send(HttpMethod.GET, "/api/v1/openapi.json", null, null);
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.bodyAsJsonObject().getString("openapi")).isEqualTo("3.1.0");
    assertThat(doc.bodyAsJsonObject().getJsonObject("paths").fieldNames()).contains("/api/v1/auth/login");
  }
}
