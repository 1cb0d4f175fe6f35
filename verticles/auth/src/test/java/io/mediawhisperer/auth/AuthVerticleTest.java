package io.mediawhisperer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RequestIds;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth verticle driven only through its bus addresses, against a real PostgreSQL. */
class AuthVerticleTest {

  private static final String PASSWORD = "correct horse battery";
  private static Vertx vertx;
  private static Pool db;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    JsonObject config = new JsonObject()
        .put("db-url", TestDatabase.url())
        .put("data-dir", dataDir.toString())
        .put("login-max-failures", 3)
        .put("login-lockout-seconds", 60)
        .put("jwt-ttl-seconds", 60);
    Await.result(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    db = Database.pool(vertx, "test", TestDatabase.url(), 1);
  }

  @AfterAll
  static void close() {
    Await.result(vertx.close());
  }

  private static Future<JsonObject> ask(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, RequestIds.deliveryOptions("test-" + address))
        .map(reply -> reply.body());
  }

  private static String newEmail() {
    return "user-" + UUID.randomUUID() + "@example.org";
  }

  private static JsonObject register(String email) {
    return Await.result(ask(AuthBus.REGISTER, new JsonObject().put("email", email).put("password", PASSWORD)));
  }

  private static JsonObject login(String email, String password) {
    return Await.result(ask(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", password)));
  }

  @Test
  void registerReturnsTheUserWithANormalisedEmailAndStoresOnlyAnArgon2Hash() {
    String email = newEmail();
    JsonObject user = Await.result(ask(AuthBus.REGISTER, new JsonObject()
        .put("email", "  " + email.toUpperCase() + " ").put("password", PASSWORD).put("name", "Ada")))
        .getJsonObject("user");

    assertThat(user.getString("email")).isEqualTo(email);
    assertThat(user.getString("name")).isEqualTo("Ada");
    assertThat(user.getBoolean("isSuperuser")).isFalse();
    assertThat(UUID.fromString(user.getString("id"))).isNotNull();
    assertThat(user.getString("createdAt")).endsWith("Z");
    String hash = Await.result(db.preparedQuery("SELECT password_hash FROM users WHERE email = $1").execute(Tuple.of(email)))
        .iterator().next().getString(0);
    assertThat(hash).startsWith("$argon2id$").doesNotContain(PASSWORD);
  }

  @Test
  void registerRejectsBadInputAndDuplicates() {
    String email = newEmail();
    register(email);

    Failure duplicate = Await.failure(ask(AuthBus.REGISTER, new JsonObject().put("email", email.toUpperCase()).put("password", PASSWORD)));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.code()).isEqualTo(AuthBus.EMAIL_TAKEN);

    Failure shortPassword = Await.failure(ask(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", "1234567")));
    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.message()).contains("at least 8");

    for (String bad : new String[] {"no-at-sign", "a@b", "two@@example.org", "spaces in@example.org", "x@-bad.org"}) {
      Failure malformed = Await.failure(ask(AuthBus.REGISTER, new JsonObject().put("email", bad).put("password", PASSWORD)));
      assertThat(malformed.status()).as(bad).isEqualTo(400);
      assertThat(malformed.code()).isEqualTo(Failure.INVALID_INPUT);
    }

    Failure wrongType = Await.failure(ask(AuthBus.REGISTER, new JsonObject().put("email", 42).put("password", PASSWORD)));
    assertThat(wrongType.message()).isEqualTo("email must be a string");
  }

  @Test
  void loginGivesASessionTokenAndAJwtThatBothAuthenticate() {
    String email = newEmail();
    String userId = register(email).getJsonObject("user").getString("id");

    JsonObject login = login(email, PASSWORD);

    assertThat(Base64.getUrlDecoder().decode(login.getString("token"))).hasSize(32);
    assertThat(login.getString("accessToken").split("\\.")).hasSize(3);
    assertThat(login.getJsonObject("user").getString("id")).isEqualTo(userId);
    for (String token : new String[] {login.getString("token"), login.getString("accessToken")}) {
      JsonObject me = Await.result(ask(AuthBus.AUTHENTICATE, new JsonObject().put("token", token)));
      assertThat(me.getJsonObject("user").getString("email")).isEqualTo(email);
    }
    String storedHash = Await.result(db.preparedQuery("SELECT token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1")
        .execute(Tuple.of(email))).iterator().next().getString(0);
    assertThat(storedHash).isEqualTo(Tokens.sha256Hex(login.getString("token"))).isNotEqualTo(login.getString("token"));
  }

  @Test
  void authAdministersTheRuntimeSettingsAndANewSessionLifetimeAppliesToTheNextLogin() throws Exception {
    JsonObject list = Await.result(ask(ConfigBus.LIST, new JsonObject()));
    assertThat(list.getJsonArray("items")).hasSize(RuntimeSetting.values().length);
    Failure tooLong = Await.failure(ask(ConfigBus.UPDATE, new JsonObject().put("key", "session_expires_days").put("value", 366)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.message()).isEqualTo("session_expires_days must be a whole number from 1 to 365, not 366");

    String email = newEmail();
    register(email);
    try {
      JsonObject changed = Await.result(ask(ConfigBus.UPDATE, new JsonObject().put("key", "session_expires_days").put("value", 30)));
      assertThat(changed.getInteger("value")).isEqualTo(30);
      assertThat(loginUntilSessionsLast(email, 30)).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(30)).minusSeconds(60),
          java.time.Instant.now().plus(java.time.Duration.ofDays(30)).plusSeconds(60));
    } finally {
      Await.result(ask(ConfigBus.UPDATE, new JsonObject().put("key", "session_expires_days").put("value", 7)));
      loginUntilSessionsLast(email, 7); // so the other tests find the default in force
    }
  }

  /**
   * Logs in until the session expires in {@code days}: the verticle's copy of the settings learns
   * of a change by a publication, which may land just after the reply to the change.
   */
  private static java.time.Instant loginUntilSessionsLast(String email, int days) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      java.time.Instant expiresAt = java.time.Instant.parse(login(email, PASSWORD).getString("expiresAt"));
      long lasts = java.time.Duration.between(java.time.Instant.now(), expiresAt).toHours();
      if (Math.abs(lasts - days * 24L) <= 1 || System.nanoTime() > deadline) {
        return expiresAt;
      }
      Thread.sleep(20);
    }
  }

  @Test
  void sessionsExpireAfterTheConfiguredDays() {
    String email = newEmail();
    register(email);
    JsonObject login = login(email, PASSWORD);

    java.time.Instant expiresAt = java.time.Instant.parse(login.getString("expiresAt"));
    assertThat(expiresAt).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(7)).minusSeconds(60),
        java.time.Instant.now().plus(java.time.Duration.ofDays(7)).plusSeconds(60));

    Await.result(db.preparedQuery("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1")
        .execute(Tuple.of(Tokens.sha256Hex(login.getString("token")))));
    for (String token : new String[] {login.getString("token"), login.getString("accessToken")}) {
      assertThat(Await.failure(ask(AuthBus.AUTHENTICATE, new JsonObject().put("token", token))).status()).isEqualTo(401);
    }
  }

  @Test
  void wrongPasswordsAndUnknownEmailsGetTheSameAnswer() {
    String email = newEmail();
    register(email);

    Failure wrongPassword = Await.failure(ask(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", "wrong password")));
    Failure unknownEmail = Await.failure(ask(AuthBus.LOGIN, new JsonObject().put("email", newEmail()).put("password", PASSWORD)));

    assertThat(wrongPassword).isEqualTo(unknownEmail);
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(wrongPassword.code()).isEqualTo(AuthBus.INVALID_CREDENTIALS);
  }

  @Test
  void repeatedFailuresAreThrottledEvenForTheRightPassword() {
    String email = newEmail();
    register(email);
    for (int i = 0; i < 3; i++) {
      assertThat(Await.failure(ask(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", "nope-" + i))).status())
          .isEqualTo(401);
    }
    Failure locked = Await.failure(ask(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", PASSWORD)));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.code()).isEqualTo(Failure.TOO_MANY_REQUESTS);
  }

  @Test
  void tamperedForeignAndGarbageTokensAreRejected() {
    String email = newEmail();
    register(email);
    JsonObject login = login(email, PASSWORD);
    String jwt = login.getString("accessToken");
    String[] parts = jwt.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1])));
    claims.put("sub", UUID.randomUUID().toString());
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.encode().getBytes()) + "." + parts[2];
    String foreign = io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
            .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another key of at least 32 characters")))
        .generateToken(new JsonObject().put("sub", login.getJsonObject("user").getString("id")).put("sid", UUID.randomUUID().toString()));

    for (String token : new String[] {tampered, foreign, "garbage", login.getString("token") + "x", "a.b.c"}) {
      Failure failure = Await.failure(ask(AuthBus.AUTHENTICATE, new JsonObject().put("token", token)));
      assertThat(failure.status()).as(token).isEqualTo(401);
      assertThat(failure.code()).isEqualTo(Failure.UNAUTHORIZED);
    }
  }

  @Test
  void logoutEndsTheSessionForBothTokens() {
    String email = newEmail();
    register(email);
    JsonObject login = login(email, PASSWORD);
    JsonObject other = login(email, PASSWORD);

    Await.result(ask(AuthBus.LOGOUT, new JsonObject().put("token", login.getString("accessToken"))));

    for (String token : new String[] {login.getString("token"), login.getString("accessToken")}) {
      assertThat(Await.failure(ask(AuthBus.AUTHENTICATE, new JsonObject().put("token", token))).status()).isEqualTo(401);
    }
    assertThat(Await.result(ask(AuthBus.AUTHENTICATE, new JsonObject().put("token", other.getString("token"))))
        .getJsonObject("user").getString("email")).isEqualTo(email);
  }

  @Test
  void createUserCanMakeASuperuser() {
    String email = newEmail();
    JsonObject user = Await.result(ask(AuthBus.CREATE_USER,
        new JsonObject().put("email", email).put("password", PASSWORD).put("superuser", true))).getJsonObject("user");
    assertThat(user.getBoolean("isSuperuser")).isTrue();
    assertThat(login(email, PASSWORD).getJsonObject("user").getBoolean("isSuperuser")).isTrue();
  }

  @Test
  void theSigningKeyIsGeneratedOnceAndKeptPrivate() throws Exception {
    Path key = dataDir.resolve(SigningKey.FILE);
    assertThat(key).exists();
    assertThat(Base64.getDecoder().decode(Files.readString(key).trim())).hasSize(32);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  private static Future<JsonObject> loginFrom(String address, String email, String password) {
    return ask(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", password).put("clientAddress", address));
  }

  /** Issue 11, item of finding 11: a JWT signed with the server's key but without {@code exp} never expires, so it is refused. */
  @Test
  void aJwtWithoutAnExpiryIsRefused() throws Exception {
    String email = newEmail();
    register(email);
    JsonObject login = login(email, PASSWORD);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(login.getString("accessToken").split("\\.")[1])));
    io.vertx.ext.auth.jwt.JWTAuth serverKey = io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
        .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256")
            .setBuffer(Files.readString(dataDir.resolve(SigningKey.FILE)).trim())));
    JsonObject sameClaims = new JsonObject().put("sub", claims.getString("sub")).put("sid", claims.getString("sid"));
    String expiring = serverKey.generateToken(sameClaims.copy(), new io.vertx.ext.auth.JWTOptions().setExpiresInSeconds(60));
    String forever = serverKey.generateToken(sameClaims.copy(), new io.vertx.ext.auth.JWTOptions());
    assertThat(new String(Base64.getUrlDecoder().decode(forever.split("\\.")[1]))).doesNotContain("\"exp\"");

    // the same claims with an expiry are accepted: what is refused is the missing exp
    assertThat(Await.result(ask(AuthBus.AUTHENTICATE, new JsonObject().put("token", expiring))).getString("sessionId"))
        .isEqualTo(claims.getString("sid"));
    Failure refused = Await.failure(ask(AuthBus.AUTHENTICATE, new JsonObject().put("token", forever)));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.code()).isEqualTo(Failure.UNAUTHORIZED);
    Await.failure(ask(AuthBus.LOGOUT, new JsonObject().put("token", forever)));
  }

  /**
   * Issue 11, finding 10: five wrong passwords used to lock the account for everyone for 15
   * minutes, and 20 failures from one address locked every user behind it. Failures now slow down
   * that email from that address only.
   */
  @Test
  void anAttackerHammeringAnAccountLocksOutNeitherItsOwnerNorTheAttackersNeighbours() {
    String email = newEmail();
    register(email);
    String neighbour = newEmail();
    register(neighbour);
    String attacker = "198.51.100.66";
    for (int i = 0; i < 8; i++) {
      assertThat(Await.failure(loginFrom(attacker, email, "guess " + i)).status()).isIn(401, 429);
    }
    // more failures from the same address, on other (unknown) accounts: over 20 in all, which used to lock the address
    for (int i = 0; i < 18; i++) {
      assertThat(Await.failure(loginFrom(attacker, newEmail(), "guess " + i)).status()).isEqualTo(401);
    }

    // the owner, from home, is not locked out; nor is another user behind the attacker's address
    assertThat(Await.result(loginFrom("203.0.113.5", email, PASSWORD)).getString("token")).isNotBlank();
    assertThat(Await.result(loginFrom(attacker, neighbour, PASSWORD)).getString("token")).isNotBlank();
  }

  @Test
  void repeatedFailuresFromOneAddressWaitLongerEachTimeAndAreToldHowLong() throws Exception {
    String email = newEmail();
    register(email);
    String address = "198.51.100.77";
    int[] waits = new int[3];
    for (int round = 0; round < waits.length; round++) {
      int failures = round == 0 ? 3 : 1; // login-max-failures is 3 here: the first three cost nothing
      for (int i = 0; i < failures; i++) {
        assertThat(Await.failure(loginFrom(address, email, "wrong " + round + i)).status()).isEqualTo(401);
      }
      Failure throttled = Await.failure(loginFrom(address, email, PASSWORD));
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.code()).isEqualTo(Failure.TOO_MANY_REQUESTS);
      assertThat(throttled.retryAfterSeconds()).isNotNull().isPositive();
      waits[round] = throttled.retryAfterSeconds();
      Thread.sleep(waits[round] * 1000L + 100);
    }
    assertThat(waits).as("growing delays").containsExactly(1, 2, 4);
    // after the wait the right password logs in, and the failures are forgotten
    assertThat(Await.result(loginFrom(address, email, PASSWORD)).getString("token")).isNotBlank();
    assertThat(Await.failure(loginFrom(address, email, "wrong again")).status()).isEqualTo(401);
  }

  @Test
  void oneAddressMayRegisterALimitedNumberOfAccountsAnHour() {
    String address = "192.0.2.10";
    String taken = newEmail();
    register(taken);
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        // failed registrations do not count: a taken email, a short password
        assertThat(Await.failure(ask(AuthBus.REGISTER, new JsonObject().put("email", taken).put("password", PASSWORD)
            .put("clientAddress", address))).status()).isEqualTo(409);
        assertThat(Await.failure(ask(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", "short")
            .put("clientAddress", address))).status()).isEqualTo(400);
      }
      Await.result(ask(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", PASSWORD).put("clientAddress", address)));
    }
    Failure eleventh = Await.failure(ask(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", PASSWORD)
        .put("clientAddress", address)));
    assertThat(eleventh.status()).isEqualTo(429);
    assertThat(eleventh.code()).isEqualTo(Failure.TOO_MANY_REQUESTS);
    assertThat(eleventh.retryAfterSeconds()).isBetween(1, 3600);
    // another address still may
    Await.result(ask(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", PASSWORD).put("clientAddress", "192.0.2.11")));
  }

  @Test
  void registrationCanBeTurnedOffWhileAdministratorsStillCreateUsers() {
    Vertx closedServer = Vertx.vertx();
    try {
      Await.result(closedServer.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(new JsonObject()
          .put("db-url", TestDatabase.url()).put("data-dir", dataDir.toString()).put("registration-enabled", false))));
      Failure closed = Await.failure(closedServer.eventBus().request(AuthBus.REGISTER,
          new JsonObject().put("email", newEmail()).put("password", PASSWORD), RequestIds.deliveryOptions("closed")));
      assertThat(closed.status()).isEqualTo(403);
      assertThat(closed.code()).isEqualTo(AuthBus.REGISTRATION_CLOSED);
      JsonObject created = (JsonObject) Await.result(closedServer.eventBus().request(AuthBus.CREATE_USER,
          new JsonObject().put("email", newEmail()).put("password", PASSWORD), RequestIds.deliveryOptions("admin"))).body();
      assertThat(created.getJsonObject("user").getString("id")).isNotBlank();
    } finally {
      Await.result(closedServer.close());
    }
  }
}
