package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Accounts on a shared deployment (issue 21) over HTTP, on a node with a database of its own (the
 * last-superuser rule and the setup token are about the whole server): the first superuser from
 * the setup token in the log, the users' administration and its audit, sessions, password changes
 * and resets, quotas, registration modes with invitations, and the metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountsApiTest {

  private static final String PASSWORD = "correct horse battery";

  private FreshDatabase database;
  private Node node;
  private int port;
  private ApiClient api;
  private ListAppender<ILoggingEvent> log;
  private String root;
  private String rootId;

  @BeforeAll
  void start() throws Exception {
    database = FreshDatabase.onTestServer("mw_accounts_", false, "the accounts test");
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger("io.mediawhisperer.auth.SetupToken")).addAppender(log);
    port = Ports.free();
    node = Node.start(config(port, "open"));
    api = new ApiClient(port);
  }

  @AfterAll
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger("io.mediawhisperer.auth.SetupToken")).detachAppender(log);
    api.close();
    node.close();
    database.close();
  }

  private JsonObject config(int httpPort, String registrationMode) throws Exception {
    return NodeConfig.load(null, Map.of(), Map.of("data-dir", Files.createTempDirectory("mw-accounts").toString(),
        "http-port", String.valueOf(httpPort), "registration-per-hour-per-address", "0", "db-url", database.url(),
        "registration-mode", registrationMode, "auth-session-cache-seconds", "0"));
  }

  private static String email(String who) {
    return who + "-" + UUID.randomUUID() + "@example.org";
  }

  private HttpResponse<Buffer> register(ApiClient client, String email, String invitation) {
    JsonObject body = new JsonObject().put("email", email).put("password", PASSWORD);
    if (invitation != null) {
      body.put("invitation", invitation);
    }
    return Await.result(client.web.post("/api/v1/auth/register").sendJsonObject(body));
  }

  private HttpResponse<Buffer> login(String email, String password, String userAgent) {
    var request = api.web.post("/api/v1/auth/login");
    if (userAgent != null) {
      request.putHeader("user-agent", userAgent);
    }
    return Await.result(request.sendJsonObject(new JsonObject().put("email", email).put("password", password)));
  }

  private String token(String email) {
    HttpResponse<Buffer> login = login(email, PASSWORD, null);
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    return login.bodyAsJsonObject().getString("token");
  }

  /** A new account; returns {@code [email, token, id]}. */
  private String[] account(String who) {
    String email = email(who);
    HttpResponse<Buffer> registered = register(api, email, null);
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    return new String[] {email, token(email), registered.bodyAsJsonObject().getJsonObject("user").getString("id")};
  }

  private static String code(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  private HttpResponse<Buffer> patch(String token, String userId, JsonObject body) {
    return Await.result(api.web.patch("/api/v1/admin/users/" + userId).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  private HttpResponse<Buffer> addText(String token, String title, String text) {
    return api.post(token, "/api/v1/sources", new JsonObject().put("kind", "text").put("title", title).put("text", text));
  }

  @Test
  @Order(1)
  void theFirstSuperuserIsMadeWithTheOneTimeSetupTokenFromTheLog() {
    String line = log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("setup?token=")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no setup token in the log"));
    Matcher matcher = Pattern.compile("setup\\?token=([A-Za-z0-9_-]+)").matcher(line);
    assertThat(matcher.find()).isTrue();
    String token = matcher.group(1);
    String email = email("root");
    JsonObject body = new JsonObject().put("email", email).put("password", PASSWORD);
    assertThat(code(Await.result(api.web.post("/api/v1/auth/setup").sendJsonObject(body.copy().put("token", "not-the-token"))), 403))
        .isEqualTo("setup_closed");
    HttpResponse<Buffer> made = Await.result(api.web.post("/api/v1/auth/setup").sendJsonObject(body.copy().put("token", token)));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getJsonObject("user").getBoolean("isSuperuser")).isTrue();
    // spent
    assertThat(code(Await.result(api.web.post("/api/v1/auth/setup").sendJsonObject(body.copy().put("email", email("again"))
        .put("token", token))), 403)).isEqualTo("setup_closed");
    root = token(email);
    rootId = made.bodyAsJsonObject().getJsonObject("user").getString("id");
    // a registered user is no superuser
    String[] user = account("plain");
    assertThat(api.get(user[1], "/api/v1/auth/me").bodyAsJsonObject().getJsonObject("user").getBoolean("isSuperuser")).isFalse();
  }

  @Test
  @Order(2)
  void administrationIsHiddenFromEveryoneButSuperusers() {
    String[] user = account("outsider");
    for (String path : List.of("/api/v1/admin/users", "/api/v1/admin/audit", "/api/v1/admin/invitations")) {
      assertThat(api.get(user[1], path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(patch(user[1], user[2], new JsonObject().put("isSuperuser", true)).statusCode()).isEqualTo(404);
    assertThat(api.post(user[1], "/api/v1/admin/users/" + user[2] + "/password-reset", new JsonObject()).statusCode()).isEqualTo(404);
    assertThat(api.delete(user[1], "/api/v1/admin/users/" + rootId).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void aSuperuserSearchesAndPagesUsersWithTheirUsage() throws Exception {
    String tag = "pager" + UUID.randomUUID().toString().substring(0, 8);
    String[] first = account(tag);
    account(tag);
    account(tag);
    assertThat(api.completed(first[1], addText(first[1], "Notes", "The harbour master logged ships at dawn. ".repeat(20)))).isNotNull();
    JsonObject page = api.get(root, "/api/v1/admin/users?query=" + tag + "&limit=2").bodyAsJsonObject();
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(page.getJsonArray("items")).hasSize(2);
    JsonArray rest = api.get(root, "/api/v1/admin/users?query=" + tag + "&limit=2&offset=2").bodyAsJsonObject().getJsonArray("items");
    assertThat(rest).hasSize(1);
    JsonObject owner = api.get(root, "/api/v1/admin/users?query=" + first[0]).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(owner.getJsonObject("usage").getLong("sources")).isEqualTo(1);
    assertThat(owner.getJsonObject("usage").getLong("bytes")).isPositive();
    assertThat(owner.getBoolean("isActive")).isTrue();
    assertThat(owner.getString("lastSeenAt")).isNotNull();
    assertThat(code(api.get(root, "/api/v1/admin/users?limit=1000"), 400)).isEqualTo("invalid_input");
  }

  @Test
  @Order(4)
  void deactivationEndsSessionsAndWebSocketsAtOnceAndLoginSaysSo() throws Exception {
    String[] user = account("leaving");
    Vertx client = Vertx.vertx();
    try {
      var sockets = client.createWebSocketClient();
      CountDownLatch closed = new CountDownLatch(1);
      WebSocket socket = Await.result(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/api/v1/ws").addHeader("authorization", "Bearer " + user[1])).map(ws -> ws.closeHandler(v -> closed.countDown())));
      assertThat(socket.isClosed()).isFalse();
      HttpResponse<Buffer> off = patch(root, user[2], new JsonObject().put("isActive", false));
      assertThat(off.statusCode()).as(off.bodyAsString()).isEqualTo(200);
      assertThat(off.bodyAsJsonObject().getBoolean("isActive")).isFalse();
      assertThat(closed.await(10, TimeUnit.SECONDS)).as("the live WebSocket closed").isTrue();
      sockets.close();
    } finally {
      Await.result(client.close());
    }
    assertThat(api.get(user[1], "/api/v1/auth/me").statusCode()).isEqualTo(401);
    assertThat(code(login(user[0], PASSWORD, null), 403)).isEqualTo("account_inactive");
    // a wrong password learns nothing about the account's state
    assertThat(code(login(user[0], "wrong password!", null), 401)).isEqualTo("invalid_credentials");
    assertThat(patch(root, user[2], new JsonObject().put("isActive", true)).statusCode()).isEqualTo(200);
    assertThat(login(user[0], PASSWORD, null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void theLastActiveSuperuserCannotBeUnmadeDeactivatedOrDeleted() {
    assertThat(code(patch(root, rootId, new JsonObject().put("isSuperuser", false)), 409)).isEqualTo("last_superuser");
    assertThat(code(patch(root, rootId, new JsonObject().put("isActive", false)), 409)).isEqualTo("last_superuser");
    assertThat(code(api.delete(root, "/api/v1/admin/users/" + rootId), 409)).isEqualTo("last_superuser");
    String[] second = account("deputy");
    assertThat(patch(root, second[2], new JsonObject().put("isSuperuser", true)).bodyAsJsonObject().getBoolean("isSuperuser")).isTrue();
    // an inactive superuser does not count
    assertThat(patch(root, second[2], new JsonObject().put("isActive", false)).statusCode()).isEqualTo(200);
    assertThat(code(patch(root, rootId, new JsonObject().put("isSuperuser", false)), 409)).isEqualTo("last_superuser");
    assertThat(patch(root, second[2], new JsonObject().put("isActive", true)).statusCode()).isEqualTo(200);
    // with two, one may go; then the other is the last
    String deputy = token(second[0]);
    assertThat(patch(deputy, rootId, new JsonObject().put("isSuperuser", false)).statusCode()).isEqualTo(200);
    assertThat(api.get(root, "/api/v1/admin/users").statusCode()).as("no longer a superuser").isEqualTo(404);
    assertThat(code(patch(deputy, second[2], new JsonObject().put("isSuperuser", false)), 409)).isEqualTo("last_superuser");
    assertThat(patch(deputy, rootId, new JsonObject().put("isSuperuser", true)).statusCode()).isEqualTo(200);
    assertThat(api.get(root, "/api/v1/admin/users").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(6)
  void aPasswordResetEndsTheSessionsAndTheNextLoginMustChangeIt() {
    String[] user = account("forgetful");
    HttpResponse<Buffer> reset = api.post(root, "/api/v1/admin/users/" + user[2] + "/password-reset", new JsonObject());
    assertThat(reset.statusCode()).as(reset.bodyAsString()).isEqualTo(200);
    String temporary = reset.bodyAsJsonObject().getString("temporaryPassword");
    assertThat(temporary).hasSizeGreaterThanOrEqualTo(12);
    assertThat(api.get(user[1], "/api/v1/auth/me").statusCode()).isEqualTo(401);
    assertThat(login(user[0], PASSWORD, null).statusCode()).as("the old password is gone").isEqualTo(401);
    HttpResponse<Buffer> in = login(user[0], temporary, null);
    assertThat(in.bodyAsJsonObject().getJsonObject("user").getBoolean("mustChangePassword")).isTrue();
    String token = in.bodyAsJsonObject().getString("token");
    assertThat(code(api.get(token, "/api/v1/sources"), 403)).isEqualTo("password_change_required");
    assertThat(api.get(token, "/api/v1/auth/me").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> changed = api.post(token, "/api/v1/auth/password",
        new JsonObject().put("currentPassword", temporary).put("newPassword", "a new long password"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(api.get(token, "/api/v1/sources").statusCode()).isEqualTo(200);
    assertThat(api.get(token, "/api/v1/auth/me").bodyAsJsonObject().getJsonObject("user").getBoolean("mustChangePassword")).isFalse();
  }

  @Test
  @Order(7)
  void aUserListsAndEndsTheirSessionsAndAPasswordChangeEndsTheOthers() {
    String[] user = account("traveller");
    String phone = login(user[0], PASSWORD, "Phone/1.0").bodyAsJsonObject().getString("token");
    String laptop = login(user[0], PASSWORD, "Laptop/2.0").bodyAsJsonObject().getString("token");
    JsonArray sessions = api.get(laptop, "/api/v1/auth/sessions").bodyAsJsonObject().getJsonArray("items");
    assertThat(sessions).hasSize(3);
    assertThat(sessions.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current")).toList()).singleElement()
        .satisfies(s -> assertThat(s.getString("userAgent")).isEqualTo("Laptop/2.0"));
    assertThat(sessions.stream().map(s -> ((JsonObject) s).getString("clientAddress"))).allMatch("127.0.0.1"::equals);
    String phoneSession = sessions.stream().map(JsonObject.class::cast).filter(s -> "Phone/1.0".equals(s.getString("userAgent")))
        .findFirst().orElseThrow().getString("id");
    String[] other = account("stranger");
    assertThat(api.delete(other[1], "/api/v1/auth/sessions/" + phoneSession).statusCode()).as("another user's session").isEqualTo(404);
    assertThat(api.delete(laptop, "/api/v1/auth/sessions/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(api.delete(laptop, "/api/v1/auth/sessions/" + phoneSession).statusCode()).isEqualTo(204);
    assertThat(api.get(phone, "/api/v1/auth/me").statusCode()).isEqualTo(401);

    assertThat(code(api.post(laptop, "/api/v1/auth/password", new JsonObject().put("currentPassword", "not it at all")
        .put("newPassword", "another long password")), 401)).isEqualTo("invalid_credentials");
    assertThat(code(api.post(laptop, "/api/v1/auth/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "short")), 400)).isEqualTo("invalid_input");
    HttpResponse<Buffer> changed = api.post(laptop, "/api/v1/auth/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "another long password"));
    assertThat(changed.bodyAsJsonObject().getInteger("endedSessions")).isEqualTo(1);
    assertThat(api.get(user[1], "/api/v1/auth/me").statusCode()).as("the first session ended").isEqualTo(401);
    assertThat(api.get(laptop, "/api/v1/auth/me").statusCode()).as("this one stays").isEqualTo(200);
    assertThat(login(user[0], "another long password", null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(8)
  void quotasRefuseWithWhatIsUsedAndAllowedAndStoreNothing() throws Exception {
    String[] user = account("hoarder");
    assertThat(patch(root, user[2], new JsonObject().put("quota", new JsonObject().put("sources", 2))).statusCode()).isEqualTo(200);
    api.completed(user[1], addText(user[1], "One", "First note about the lighthouse keeper and the fog."));
    api.completed(user[1], addText(user[1], "Two", "Second note about the harbour and the tide tables."));
    HttpResponse<Buffer> third = addText(user[1], "Three", "Third note that does not fit.");
    assertThat(code(third, 413)).isEqualTo("quota_exceeded");
    assertThat(third.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("2 sources of the 2 allowed");
    assertThat(api.get(user[1], "/api/v1/sources").bodyAsJsonObject().getJsonArray("items")).as("nothing stored").hasSize(2);

    assertThat(patch(root, user[2], new JsonObject().put("quota", new JsonObject().put("sources", (Object) null).put("bytes", 200)))
        .statusCode()).isEqualTo(200);
    HttpResponse<Buffer> big = addText(user[1], "Big", "A long note. ".repeat(100));
    assertThat(code(big, 413)).isEqualTo("quota_exceeded");
    assertThat(big.bodyAsJsonObject().getJsonObject("error").getString("message")).startsWith("storage quota: you keep").contains("allowed");

    JsonObject perHour = new JsonObject().put("bytes", (Object) null).put("uploadsPerHour", 2);
    JsonObject updated = patch(root, user[2], new JsonObject().put("quota", perHour)).bodyAsJsonObject();
    assertThat(updated.getJsonObject("quota").getInteger("uploadsPerHour")).isEqualTo(2);
    assertThat(updated.getJsonObject("effectiveQuota").getLong("sources")).isZero();
    HttpResponse<Buffer> tooSoon = addText(user[1], "Soon", "A note sent too soon after the others.");
    assertThat(code(tooSoon, 429)).isEqualTo("too_many_requests");
    assertThat(Long.parseLong(tooSoon.getHeader("retry-after"))).isBetween(1L, 3601L);
    assertThat(api.get(user[1], "/api/v1/sources").bodyAsJsonObject().getJsonArray("items")).hasSize(2);

    JsonObject usage = api.get(user[1], "/api/v1/auth/usage").bodyAsJsonObject();
    assertThat(usage.getJsonObject("usage").getLong("sources")).isEqualTo(2);
    assertThat(usage.getJsonObject("usage").getLong("uploadsLastHour")).isEqualTo(2);
    assertThat(usage.getJsonObject("quota").getLong("uploadsPerHour")).isEqualTo(2);
    assertThat(patch(root, user[2], new JsonObject().put("quota", new JsonObject().put("uploadsPerHour", (Object) null))).statusCode())
        .isEqualTo(200);

    // the default for everyone without their own: a runtime setting
    String[] fresh = account("newcomer");
    assertThat(api.put(root, "/api/v1/admin/config/quota_sources", new JsonObject().put("value", 1)).statusCode()).isEqualTo(200);
    try {
      Thread.sleep(500); // the setting reaches every verticle's copy
      api.completed(fresh[1], addText(fresh[1], "Only", "The one note the default allows."));
      assertThat(code(addText(fresh[1], "Second", "One too many."), 413)).isEqualTo("quota_exceeded");
      assertThat(api.get(fresh[1], "/api/v1/auth/usage").bodyAsJsonObject().getJsonObject("quota").getLong("sources")).isEqualTo(1);
    } finally {
      api.put(root, "/api/v1/admin/config/quota_sources", new JsonObject().put("value", 0));
    }
    assertThat(code(patch(root, user[2], new JsonObject().put("quota", new JsonObject().put("sources", -1))), 400))
        .isEqualTo("invalid_input");
  }

  @Test
  @Order(9)
  void aDeletedUserIsGoneWithWhatTheyOwnedAndEveryChangeIsInTheAudit() throws Exception {
    String[] user = account("departing");
    api.completed(user[1], addText(user[1], "Last words", "Something to delete with the account."));
    assertThat(api.delete(root, "/api/v1/admin/users/" + user[2]).statusCode()).isEqualTo(204);
    assertThat(api.get(root, "/api/v1/admin/users?query=" + user[0]).bodyAsJsonObject().getLong("total")).isZero();
    assertThat(login(user[0], PASSWORD, null).statusCode()).isEqualTo(401);
    assertThat(api.delete(root, "/api/v1/admin/users/" + user[2]).statusCode()).isEqualTo(404);

    JsonArray audit = api.get(root, "/api/v1/admin/audit?limit=200").bodyAsJsonObject().getJsonArray("items");
    List<String> actions = audit.stream().map(e -> ((JsonObject) e).getString("action")).toList();
    assertThat(actions).contains("setup.superuser", "user.update", "user.password-reset", "user.password-change", "user.delete");
    JsonObject deletion = audit.stream().map(JsonObject.class::cast).filter(e -> e.getString("action").equals("user.delete")).findFirst()
        .orElseThrow();
    assertThat(deletion.getJsonObject("actor").getString("id")).isEqualTo(rootId);
    assertThat(deletion.getJsonObject("target").getString("email")).as("a deleted account leaves the audit").isEqualTo("(deleted account)");
    assertThat(deletion.getString("at")).isNotBlank();
    JsonObject deactivation = audit.stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("action").equals("user.update") && e.getJsonObject("details").containsKey("isActive")).findFirst().orElseThrow();
    assertThat(deactivation.getJsonObject("actor").getString("email")).isNotBlank();
  }

  @Test
  @Order(10)
  void registrationByInvitationOnlyAndClosed() throws Exception {
    int invitePort = Ports.free();
    try (Node invite = Node.start(config(invitePort, "invite")); ApiClient inviteApi = new ApiClient(invitePort)) {
      assertThat(Await.result(inviteApi.web.get("/api/v1/auth/registration").send()).bodyAsJsonObject().getString("mode")).isEqualTo("invite");
      assertThat(code(register(inviteApi, email("uninvited"), null), 403)).isEqualTo("invitation_required");
      HttpResponse<Buffer> made = api.post(root, "/api/v1/admin/invitations", new JsonObject().put("expiresInHours", 24));
      assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
      String token = made.bodyAsJsonObject().getString("token");
      String id = made.bodyAsJsonObject().getString("id");
      assertThat(code(register(inviteApi, email("guessing"), "not-a-token"), 403)).isEqualTo("invitation_invalid");
      assertThat(register(inviteApi, email("invited"), token).statusCode()).isEqualTo(201);
      assertThat(code(register(inviteApi, email("second"), token), 403)).as("single use").isEqualTo("invitation_invalid");
      JsonArray listed = api.get(root, "/api/v1/admin/invitations").bodyAsJsonObject().getJsonArray("items");
      assertThat(listed.stream().map(JsonObject.class::cast).filter(i -> i.getString("id").equals(id)).findFirst().orElseThrow()
          .getString("status")).isEqualTo("used");

      String bound = email("bound");
      String forBound = api.post(root, "/api/v1/admin/invitations", new JsonObject().put("email", bound)).bodyAsJsonObject().getString("token");
      assertThat(code(register(inviteApi, email("someone-else"), forBound), 403)).isEqualTo("invitation_invalid");
      assertThat(register(inviteApi, bound, forBound).statusCode()).isEqualTo(201);

      JsonObject expiring = api.post(root, "/api/v1/admin/invitations", new JsonObject()).bodyAsJsonObject();
      try (Connection sql = database.connect();
          PreparedStatement past = sql.prepareStatement("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = ?")) {
        past.setObject(1, UUID.fromString(expiring.getString("id")));
        assertThat(past.executeUpdate()).isEqualTo(1);
      }
      assertThat(code(register(inviteApi, email("late"), expiring.getString("token")), 403)).isEqualTo("invitation_invalid");
      JsonObject withdrawn = api.post(root, "/api/v1/admin/invitations", new JsonObject()).bodyAsJsonObject();
      assertThat(api.delete(root, "/api/v1/admin/invitations/" + withdrawn.getString("id")).statusCode()).isEqualTo(204);
      assertThat(code(register(inviteApi, email("withdrawn"), withdrawn.getString("token")), 403)).isEqualTo("invitation_invalid");
      assertThat(code(api.post(root, "/api/v1/admin/invitations", new JsonObject().put("expiresInHours", 0)), 400)).isEqualTo("invalid_input");
    }
    int closedPort = Ports.free();
    try (Node closed = Node.start(config(closedPort, "closed")); ApiClient closedApi = new ApiClient(closedPort)) {
      assertThat(Await.result(closedApi.web.get("/api/v1/auth/registration").send()).bodyAsJsonObject().getString("mode")).isEqualTo("closed");
      assertThat(code(register(closedApi, email("nobody"), null), 403)).isEqualTo("registration_closed");
    }
  }

  @Test
  @Order(11)
  void theAccountsAreOnTheMetrics() throws Exception {
    String[] keeper = account("keeper");
    api.completed(keeper[1], addText(keeper[1], "Kept", "Something kept, so that someone keeps some bytes."));
    // the gauges are read from the database at start and every minute: a node started now has today's figures
    int again = Ports.free();
    try (Node fresh = Node.start(config(again, "open")); ApiClient client = new ApiClient(again)) {
      String metrics = Await.result(client.web.get("/metrics").send()).bodyAsString();
      // the storage gauge waits for the ingestion role to answer: a refresh 3 s after start
      for (int i = 0; i < 100 && !metrics.contains("mw_user_storage_bytes{"); i++) {
        Thread.sleep(100);
        metrics = Await.result(client.web.get("/metrics").send()).bodyAsString();
      }
      assertThat(metrics).containsPattern("mw_users\\{state=\"registered\"} [1-9]")
          .containsPattern("mw_users\\{state=\"active\"} [1-9]")
          .contains("mw_user_storage_bytes{user=\"");
    }
  }

  @Test
  @Order(12)
  void theCommandLineAdministersAccountsToo() throws Exception {
    String[] user = account("cli");
    String dataDir = Files.createTempDirectory("mw-accounts-cli").toString();
    String listed = cli("user", "list", "--query", user[0], "--db-url", database.url(), "--data-dir", dataDir);
    assertThat(listed).contains(user[0]).contains("1 account(s)");
    assertThat(cli("user", "update", "--email", user[0], "--active", "false", "--quota-sources", "5", "--db-url", database.url(),
        "--data-dir", dataDir)).contains("deactivated").contains("\"sources\":5");
    assertThat(code(login(user[0], PASSWORD, null), 403)).isEqualTo("account_inactive");
    assertThat(cli("user", "update", "--email", user[0], "--active", "true", "--db-url", database.url(), "--data-dir", dataDir))
        .contains(": active");
    String reset = cli("user", "reset-password", "--email", user[0], "--db-url", database.url(), "--data-dir", dataDir);
    String temporary = reset.substring(reset.lastIndexOf(' ') + 1).trim();
    assertThat(login(user[0], temporary, null).bodyAsJsonObject().getJsonObject("user").getBoolean("mustChangePassword")).isTrue();
    assertThat(cli("user", "invite", "--db-url", database.url(), "--data-dir", dataDir)).contains("/#/register?invitation=");
    assertThat(cli("user", "audit", "--limit", "5", "--db-url", database.url(), "--data-dir", dataDir))
        .contains("(command line)  invitation.create").contains("user.password-reset");
    java.io.StringWriter err = new java.io.StringWriter();
    int refused = Main.execute(new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true), "user", "update",
        "--email", "nobody-" + UUID.randomUUID() + "@example.org", "--active", "false", "--db-url", database.url(), "--data-dir", dataDir);
    assertThat(refused).isEqualTo(1);
    assertThat(err.toString()).contains("no account with the email");
  }

  private static String cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }
}
