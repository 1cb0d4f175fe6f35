package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testing.TestVertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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
  private static int port;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    port = EdgeConfig.freePort();
    JsonObject config = EdgeConfig.on(port, dataDir)
        .put("http-max-body-bytes", 4096);
    vertx = TestVertx.withMetrics();
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
    assertThat(user.fieldNames()).containsExactlyInAnyOrder("id", "email", "name", "isSuperuser", "mustChangePassword", "createdAt");
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
    HttpResponse<Buffer> throttled = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD));
    assertError(throttled, 429, "too_many_requests");
    // issue 11, finding 10: a 429 says when to come back
    assertThat(throttled.getHeader("retry-after")).isEqualTo("1");
  }

  /** A second server on this Vert.x (own port, own auth verticle configuration). */
  private static WebClient otherServer(JsonObject settings) throws Exception {
    return otherServer(settings, EdgeConfig.freePort());
  }

  private static WebClient otherServer(JsonObject settings, int port) throws Exception {
    Vertx other = TestVertx.withMetrics();
    JsonObject config = EdgeConfig.on(port, dataDir).mergeIn(settings);
    Await.result(other.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    Await.result(other.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(config)));
    OTHERS.add(other);
    return WebClient.create(other, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  private static final java.util.List<Vertx> OTHERS = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterAll
  static void stopOthers() {
    OTHERS.forEach(other -> Await.result(other.close()));
  }

  /** Issue 11, finding 10: one address registered 100 accounts in 6 s; now a few an hour, then 429 with Retry-After. */
  @Test
  void oneAddressRegistersALimitedNumberOfAccounts() throws Exception {
    WebClient limited = otherServer(new JsonObject().put("registration-per-hour-per-address", 2));
    for (int i = 0; i < 2; i++) {
      assertThat(Await.result(limited.post("/api/v1/auth/register")
          .sendJsonObject(new JsonObject().put("email", newEmail()).put("password", PASSWORD))).statusCode()).isEqualTo(201);
    }
    HttpResponse<Buffer> third = Await.result(limited.post("/api/v1/auth/register")
        .sendJsonObject(new JsonObject().put("email", newEmail()).put("password", PASSWORD)));
    assertError(third, 429, "too_many_requests");
    assertThat(Integer.parseInt(third.getHeader("retry-after"))).isBetween(1, 3600);
  }

  @Test
  void registrationCanBeClosed() throws Exception {
    WebClient closed = otherServer(new JsonObject().put("registration-enabled", false));
    assertError(Await.result(closed.post("/api/v1/auth/register")
        .sendJsonObject(new JsonObject().put("email", newEmail()).put("password", PASSWORD))), 403, "registration_closed");
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

  // --- WebSockets (issue 11, finding 4) ---

  private static JsonObject newSession() {
    String email = newEmail();
    assertThat(post("/api/v1/auth/register", new JsonObject().put("email", email).put("password", PASSWORD)).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> login = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD));
    assertThat(login.statusCode()).isEqualTo(200);
    return login.bodyAsJsonObject();
  }

  /** An open socket, its frames, and the close code it ends with. */
  private record Socket(io.vertx.core.http.WebSocket socket, java.util.List<JsonObject> frames,
      java.util.concurrent.CompletableFuture<Short> closed) {

    boolean ready() {
      return frames.stream().anyMatch(f -> "ready".equals(f.getString("type")));
    }
  }

  private static io.vertx.core.Future<io.vertx.core.http.WebSocket> connect(int serverPort, String cookieToken, String origin) {
    io.vertx.core.http.WebSocketConnectOptions options = new io.vertx.core.http.WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(serverPort).setURI("/api/v1/ws").addHeader("cookie", "mw_session=" + cookieToken);
    if (origin != null) {
      options.addHeader("origin", origin);
    }
    return SOCKETS.connect(options);
  }

  private static final io.vertx.core.http.WebSocketClient SOCKETS = Vertx.vertx().createWebSocketClient();

  private static Socket open(int serverPort, String cookieToken, String origin) throws Exception {
    // the handlers are set on the client's event loop as the connection completes: set later, from
    // this thread, they could miss a ready frame the server sent at once (a cookie authenticates on upgrade)
    Socket open = Await.result(connect(serverPort, cookieToken, origin).map(socket -> {
      Socket opened = new Socket(socket, new java.util.concurrent.CopyOnWriteArrayList<>(), new java.util.concurrent.CompletableFuture<>());
      socket.textMessageHandler(text -> opened.frames().add(new JsonObject(text)));
      socket.closeHandler(v -> opened.closed().complete(socket.closeStatusCode()));
      return opened;
    }));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!open.ready() && !open.closed().isDone() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(open.ready()).as("ready frame").isTrue();
    return open;
  }

  private static int upgradeRefusal(int serverPort, String cookieToken, String origin) {
    Throwable refused = Await.result(connect(serverPort, cookieToken, origin).map(ws -> (Throwable) null).otherwise(e -> e));
    assertThat(refused).as("the upgrade is refused").isInstanceOf(io.vertx.core.http.UpgradeRejectedException.class);
    return ((io.vertx.core.http.UpgradeRejectedException) refused).getStatus();
  }

  @Test
  void aSocketIsClosedWhenItsSessionLogsOutAndTheUsersOtherSessionsKeepTheirs() throws Exception {
    JsonObject session = newSession();
    String email = session.getJsonObject("user").getString("email");
    JsonObject otherSession = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD)).bodyAsJsonObject();
    Socket loggedOut = open(port, session.getString("token"), null);
    Socket stays = open(port, otherSession.getString("token"), null);

    assertThat(send(HttpMethod.POST, "/api/v1/auth/logout", session.getString("accessToken"), null).statusCode()).isEqualTo(204);

    assertThat(loggedOut.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((short) 4401);
    Thread.sleep(300);
    assertThat(stays.socket().isClosed()).isFalse();
    Await.result(stays.socket().close());
  }

  @Test
  void aSocketIsClosedWhenItsSessionExpires() throws Exception {
    JsonObject session = newSession();
    io.vertx.sqlclient.Pool db = io.mediawhisperer.db.Database.pool(vertx, "ws-test", TestDatabase.url(), 1);
    try {
      String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(session.getString("token").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(Await.result(db.preparedQuery("UPDATE sessions SET expires_at = now() + interval '6 seconds' WHERE token_hash = $1")
          .execute(io.vertx.sqlclient.Tuple.of(hash))).rowCount()).isEqualTo(1);
    } finally {
      Await.result(db.close());
    }
    Socket expiring = open(port, session.getString("token"), null); // authenticated: it got its ready frame
    assertThat(expiring.closed().get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((short) 4401);
  }

  @Test
  void aCookieAuthenticatedSocketIsRefusedFromAnotherOrigin() throws Exception {
    String token = newSession().getString("token");
    assertThat(upgradeRefusal(port, token, "http://evil.example")).isEqualTo(403);
    assertThat(upgradeRefusal(port, token, "http://127.0.0.1:" + port + ".evil.example")).isEqualTo(403);
    // the server's own origin, and clients that send no Origin (not browsers), are accepted
    Await.result(open(port, token, "http://127.0.0.1:" + port).socket().close());
    Await.result(open(port, token, null).socket().close());

    // http-allowed-origins adds origins (a web app served elsewhere)
    int otherPort = EdgeConfig.freePort();
    otherServer(new JsonObject().put("http-allowed-origins", "https://app.example.org, http://localhost:3000"), otherPort);
    Await.result(open(otherPort, token, "https://app.example.org").socket().close());
    Await.result(open(otherPort, token, "http://localhost:3000").socket().close());
    assertThat(upgradeRefusal(otherPort, token, "http://evil.example")).isEqualTo(403);
  }
}
