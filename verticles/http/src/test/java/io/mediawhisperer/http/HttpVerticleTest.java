package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP verticle alone on the {@link BusHarness}, spoken to by a real HTTP client: auth and chat
 * are fakes, so what the edge sends on the bus, and how it maps each answer to HTTP, is seen
 * directly. No other owner answers, as on a node where that role is down.
 */
class HttpVerticleTest {

  private static final String ALICE = UUID.randomUUID().toString();
  private static final String ALICES_TOKEN = "alices-session-token";
  private static final String CONVERSATION = UUID.randomUUID().toString();
  /** What the fake chat role fails {@link ChatBus#GET} with, by conversation id. */
  private static final Map<String, Failure> FAILURES = Map.of(
      "missing", Failure.notFound("conversation not found"),
      "malformed", Failure.invalidInput("conversationId is not a UUID"),
      "overloaded", new Failure(503, Failure.UNAVAILABLE, "the chat model is busy"),
      "throttled", new Failure(429, Failure.TOO_MANY_REQUESTS, "slow down").retryAfter(7));

  private static BusHarness bus;
  private static WebClient client;
  private static BusHarness.Fake authenticate;
  private static BusHarness.Fake conversations;
  private static BusHarness.Fake creations;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    bus = BusHarness.start(new JsonObject().put("http-host", "127.0.0.1").put("http-port", port));
    authenticate = bus.fake(AuthBus.AUTHENTICATE, request -> ALICES_TOKEN.equals(request.getString("token"))
        ? new JsonObject().put("user", new JsonObject().put("id", ALICE).put("email", "alice@example.org"))
            .put("sessionId", UUID.randomUUID().toString()).put("expiresAt", "2999-01-01T00:00:00Z")
        : Failure.unauthorized("the token is invalid or has expired"));
    conversations = bus.fake(ChatBus.GET, request -> FAILURES.containsKey(request.getString("conversationId"))
        ? FAILURES.get(request.getString("conversationId"))
        : new JsonObject().put("conversation", new JsonObject().put("id", request.getString("conversationId")).put("title", "Plans")));
    creations = bus.fake(ChatBus.CREATE, request -> new JsonObject().put("conversation",
        new JsonObject().put("id", CONVERSATION).put("title", request.getString("title"))));
    bus.deploy(new HttpVerticle());
    client = WebClient.create(bus.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterAll
  static void stop() {
    client.close();
    bus.close();
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String token) {
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return Await.result(request.send());
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().fieldNames()).containsExactly("error");
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isEqualTo(message);
  }

  @Test
  void aRequestWithAValidTokenReachesTheOwnerAsTheSessionsUserAndItsReplyIsTheResponse() {
    HttpResponse<Buffer> response = send(client.get("/api/v1/conversations/" + CONVERSATION), ALICES_TOKEN);

    assertThat(authenticate.last().getString("token")).isEqualTo(ALICES_TOKEN);
    assertThat(conversations.last()).isEqualTo(new JsonObject().put("conversationId", CONVERSATION).put("userId", ALICE));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", CONVERSATION).put("title", "Plans"));

    // the session cookie serves as well as the header
    HttpResponse<Buffer> byCookie = Await.result(client.get("/api/v1/conversations/" + CONVERSATION)
        .putHeader("cookie", Edge.SESSION_COOKIE + "=" + ALICES_TOKEN).send());
    assertThat(byCookie.statusCode()).isEqualTo(200);
  }

  @Test
  void theUserIdComesFromTheSessionNeverFromTheClient() {
    String mallory = UUID.randomUUID().toString();
    HttpResponse<Buffer> response = Await.result(client.post("/api/v1/conversations").bearerTokenAuthentication(ALICES_TOKEN)
        .sendJsonObject(new JsonObject().put("title", "Mine").put("userId", mallory)));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("title")).isEqualTo("Mine");
    assertThat(creations.last().getString("userId")).isEqualTo(ALICE);
    assertThat(creations.last().getString("title")).isEqualTo("Mine");
  }

  @Test
  void aBusFailureKeepsItsStatusAndCodeInTheErrorShape() {
    for (Map.Entry<String, Failure> expected : FAILURES.entrySet()) {
      Failure failure = expected.getValue();
      HttpResponse<Buffer> response = send(client.get("/api/v1/conversations/" + expected.getKey()), ALICES_TOKEN);
      assertError(response, failure.status(), failure.code(), failure.message());
      assertThat(response.getHeader("retry-after")).as(expected.getKey())
          .isEqualTo(failure.retryAfterSeconds() == null ? null : failure.retryAfterSeconds().toString());
    }
  }

  @Test
  void anAddressNobodyServesIsA503() {
    // the fakes answer auth and chat only: no generation role is on the bus
    assertError(send(client.get("/api/v1/content-types"), ALICES_TOKEN), 503, Failure.UNAVAILABLE,
        "no node of the cluster serves this right now");
  }

  @Test
  void withoutAValidTokenIs401AndTheRequestGoesNoFurther() {
    int authentications = authenticate.received().size();
    int gets = conversations.received().size();

    assertError(send(client.get("/api/v1/conversations/" + CONVERSATION), null), 401, Failure.UNAUTHORIZED, "authentication required");
    assertThat(authenticate.received()).as("no token, nothing to ask auth").hasSize(authentications);

    assertError(send(client.get("/api/v1/conversations/" + CONVERSATION), "someone-elses-guess"), 401, Failure.UNAUTHORIZED,
        "the token is invalid or has expired");
    assertThat(authenticate.last().getString("token")).isEqualTo("someone-elses-guess");
    assertThat(conversations.received()).as("chat is never asked for an unauthenticated request").hasSize(gets);
  }
}
