package io.mediawhisperer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The auth verticle alone on the {@link BusHarness}, driven only through {@link AuthBus} and {@link ConfigBus}, against a real PostgreSQL. */
class AuthVerticleTest {

  private static final String PASSWORD = "correct horse battery";
  private static final int SESSION_CACHE_SECONDS = 2;
  private static BusHarness bus;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject()
        .put("login-max-failures", 3)
        .put("login-lockout-seconds", 60)
        .put("jwt-ttl-seconds", 60)
        .put("auth-session-cache-seconds", SESSION_CACHE_SECONDS));
    bus.deploy(new AuthVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static String newEmail() {
    return "user-" + UUID.randomUUID() + "@example.org";
  }

  private static JsonObject register(String email) {
    return bus.request(AuthBus.REGISTER, new JsonObject().put("email", email).put("password", PASSWORD));
  }

  private static JsonObject login(String email, String password) {
    return bus.request(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", password));
  }

  @Test
  void registerReturnsTheUserWithANormalisedEmailAndStoresOnlyAnArgon2Hash() {
    String email = newEmail();
    JsonObject user = bus.request(AuthBus.REGISTER, new JsonObject()
        .put("email", "  " + email.toUpperCase() + " ").put("password", PASSWORD).put("name", "Ada"))
        .getJsonObject("user");

    assertThat(user.getString("email")).isEqualTo(email);
    assertThat(user.getString("name")).isEqualTo("Ada");
    assertThat(user.getBoolean("isSuperuser")).isFalse();
    assertThat(UUID.fromString(user.getString("id"))).isNotNull();
    assertThat(user.getString("createdAt")).endsWith("Z");
    String hash = bus.sql("SELECT password_hash FROM users WHERE email = $1", email).get(0).getString(0);
    assertThat(hash).startsWith("$argon2id$").doesNotContain(PASSWORD);
  }

  @Test
  void registerRejectsBadInputAndDuplicates() {
    String email = newEmail();
    register(email);

    Failure duplicate = bus.failure(AuthBus.REGISTER, new JsonObject().put("email", email.toUpperCase()).put("password", PASSWORD));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.code()).isEqualTo(AuthBus.EMAIL_TAKEN);

    Failure shortPassword = bus.failure(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", "1234567"));
    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.message()).contains("at least 8");

    for (String bad : new String[] {"no-at-sign", "a@b", "two@@example.org", "spaces in@example.org", "x@-bad.org"}) {
      Failure malformed = bus.failure(AuthBus.REGISTER, new JsonObject().put("email", bad).put("password", PASSWORD));
      assertThat(malformed.status()).as(bad).isEqualTo(400);
      assertThat(malformed.code()).isEqualTo(Failure.INVALID_INPUT);
    }

    Failure wrongType = bus.failure(AuthBus.REGISTER, new JsonObject().put("email", 42).put("password", PASSWORD));
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
      JsonObject me = bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", token));
      assertThat(me.getJsonObject("user").getString("email")).isEqualTo(email);
    }
    String storedHash = bus.sql("SELECT token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1", email)
        .get(0).getString(0);
    assertThat(storedHash).isEqualTo(Tokens.sha256Hex(login.getString("token"))).isNotEqualTo(login.getString("token"));
  }

  @Test
  void authAdministersTheRuntimeSettingsAndANewSessionLifetimeAppliesToTheNextLogin() throws Exception {
    JsonObject list = bus.request(ConfigBus.LIST, new JsonObject());
    assertThat(list.getJsonArray("items")).hasSize(RuntimeSetting.values().length);
    Failure tooLong = bus.failure(ConfigBus.UPDATE, new JsonObject().put("key", "session_expires_days").put("value", 366));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.message()).isEqualTo("session_expires_days must be a whole number from 1 to 365, not 366");

    String email = newEmail();
    register(email);
    try {
      JsonObject changed = bus.request(ConfigBus.UPDATE, new JsonObject().put("key", "session_expires_days").put("value", 30));
      assertThat(changed.getInteger("value")).isEqualTo(30);
      assertThat(loginUntilSessionsLast(email, 30)).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(30)).minusSeconds(60),
          java.time.Instant.now().plus(java.time.Duration.ofDays(30)).plusSeconds(60));
    } finally {
      bus.request(ConfigBus.UPDATE, new JsonObject().put("key", "session_expires_days").put("value", 7));
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

    bus.sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
        Tokens.sha256Hex(login.getString("token")));
    for (String token : new String[] {login.getString("token"), login.getString("accessToken")}) {
      assertThat(bus.failure(AuthBus.AUTHENTICATE, new JsonObject().put("token", token)).status()).isEqualTo(401);
    }
  }

  @Test
  void wrongPasswordsAndUnknownEmailsGetTheSameAnswer() {
    String email = newEmail();
    register(email);

    Failure wrongPassword = bus.failure(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", "wrong password"));
    Failure unknownEmail = bus.failure(AuthBus.LOGIN, new JsonObject().put("email", newEmail()).put("password", PASSWORD));

    assertThat(wrongPassword).isEqualTo(unknownEmail);
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(wrongPassword.code()).isEqualTo(AuthBus.INVALID_CREDENTIALS);
  }

  @Test
  void repeatedFailuresAreThrottledEvenForTheRightPassword() {
    String email = newEmail();
    register(email);
    for (int i = 0; i < 3; i++) {
      assertThat(bus.failure(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", "nope-" + i)).status())
          .isEqualTo(401);
    }
    Failure locked = bus.failure(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", PASSWORD));
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
    String foreign = io.vertx.ext.auth.jwt.JWTAuth.create(bus.vertx(), new io.vertx.ext.auth.jwt.JWTAuthOptions()
            .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another key of at least 32 characters")))
        .generateToken(new JsonObject().put("sub", login.getJsonObject("user").getString("id")).put("sid", UUID.randomUUID().toString()));

    for (String token : new String[] {tampered, foreign, "garbage", login.getString("token") + "x", "a.b.c"}) {
      Failure failure = bus.failure(AuthBus.AUTHENTICATE, new JsonObject().put("token", token));
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

    bus.request(AuthBus.LOGOUT, new JsonObject().put("token", login.getString("accessToken")));

    for (String token : new String[] {login.getString("token"), login.getString("accessToken")}) {
      assertThat(bus.failure(AuthBus.AUTHENTICATE, new JsonObject().put("token", token)).status()).isEqualTo(401);
    }
    assertThat(bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", other.getString("token")))
        .getJsonObject("user").getString("email")).isEqualTo(email);
  }

  @Test
  void aCheckedTokenIsTrustedForTheCacheTimeThenReadAgain() throws Exception {
    String email = newEmail();
    register(email);
    JsonObject login = login(email, PASSWORD);
    JsonObject token = new JsonObject().put("token", login.getString("token"));
    bus.request(AuthBus.AUTHENTICATE, token);

    // the row goes behind the verticle's back (as an administrator's SQL would): the cached identity still answers ...
    bus.sql("DELETE FROM sessions WHERE token_hash = $1", Tokens.sha256Hex(login.getString("token")));
    assertThat(bus.request(AuthBus.AUTHENTICATE, token).getJsonObject("user").getString("email")).isEqualTo(email);
    // ... until the cache time has passed, then the database's answer holds
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(SESSION_CACHE_SECONDS + 5);
    Failure refused = null;
    while (refused == null && System.nanoTime() < deadline) {
      Thread.sleep(200);
      try {
        bus.request(AuthBus.AUTHENTICATE, token);
      } catch (AssertionError | RuntimeException stillTrusted) {
        refused = bus.failure(AuthBus.AUTHENTICATE, token);
      }
    }
    assertThat(refused).as("refused once the cache time passed").isNotNull();
    assertThat(refused.status()).isEqualTo(401);
  }

  @Test
  void aSessionEndedOnAnotherNodeIsForgottenAtOnce() {
    String email = newEmail();
    register(email);
    JsonObject login = login(email, PASSWORD);
    JsonObject identity = bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", login.getString("accessToken")));
    bus.sql("DELETE FROM sessions WHERE id = $1::uuid", identity.getString("sessionId"));

    // what another node's logout publishes; the next check reads the database and finds no session
    bus.vertx().eventBus().publish(AuthBus.SESSION_ENDED, new JsonObject().put("sessionId", identity.getString("sessionId"))
        .put("userId", identity.getJsonObject("user").getString("id")).put("reason", "logout"));
    assertThat(bus.failure(AuthBus.AUTHENTICATE, new JsonObject().put("token", login.getString("accessToken"))).status())
        .isEqualTo(401);
  }

  @Test
  void createUserCanMakeASuperuser() {
    String email = newEmail();
    JsonObject user = bus.request(AuthBus.CREATE_USER,
        new JsonObject().put("email", email).put("password", PASSWORD).put("superuser", true)).getJsonObject("user");
    assertThat(user.getBoolean("isSuperuser")).isTrue();
    assertThat(login(email, PASSWORD).getJsonObject("user").getBoolean("isSuperuser")).isTrue();
  }

  @Test
  void theSigningKeyIsGeneratedOnceAndKeptPrivate() throws Exception {
    Path key = bus.dataDir().resolve(SigningKey.FILE);
    assertThat(key).exists();
    assertThat(Base64.getDecoder().decode(Files.readString(key).trim())).hasSize(32);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  /** The server's own JWT signer, made from the key file the verticle keeps in its data directory. */
  private static io.vertx.ext.auth.jwt.JWTAuth serverKey() throws java.io.IOException {
    return io.vertx.ext.auth.jwt.JWTAuth.create(bus.vertx(), new io.vertx.ext.auth.jwt.JWTAuthOptions()
        .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256")
            .setBuffer(Files.readString(bus.dataDir().resolve(SigningKey.FILE)).trim())));
  }

  @Test
  void aSessionOfAnotherUserCannotBeUsed() throws Exception {
    String aliceEmail = newEmail();
    String alice = register(aliceEmail).getJsonObject("user").getString("id");
    String bobEmail = newEmail();
    String bob = register(bobEmail).getJsonObject("user").getString("id");
    JsonObject alicesLogin = login(aliceEmail, PASSWORD);
    String alicesSession = bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", alicesLogin.getString("token")))
        .getString("sessionId");
    io.vertx.ext.auth.jwt.JWTAuth signer = serverKey();
    io.vertx.ext.auth.JWTOptions expiring = new io.vertx.ext.auth.JWTOptions().setExpiresInSeconds(60);

    // a JWT the server signed, naming bob but alice's session: refused, as if the session did not exist
    String bobInAlicesSession = signer.generateToken(new JsonObject().put("sub", bob).put("sid", alicesSession), expiring);
    Failure refused = bus.failure(AuthBus.AUTHENTICATE, new JsonObject().put("token", bobInAlicesSession));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.code()).isEqualTo(Failure.UNAUTHORIZED);
    assertThat(bus.failure(AuthBus.LOGOUT, new JsonObject().put("token", bobInAlicesSession)).status()).isEqualTo(401);
    // the same claims naming alice are hers: what is refused is the other user, not the signature
    String alicesOwn = signer.generateToken(new JsonObject().put("sub", alice).put("sid", alicesSession), expiring);
    JsonObject identity = bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", alicesOwn));
    assertThat(identity.getJsonObject("user").getString("id")).isEqualTo(alice);
    assertThat(identity.getString("sessionId")).isEqualTo(alicesSession);

    // bob's attempt to log out with it ended nothing, and his own logout ends his session only
    String bobsToken = login(bobEmail, PASSWORD).getString("token");
    bus.request(AuthBus.LOGOUT, new JsonObject().put("token", bobsToken));
    assertThat(bus.failure(AuthBus.AUTHENTICATE, new JsonObject().put("token", bobsToken)).status()).isEqualTo(401);
    assertThat(bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", alicesLogin.getString("token")))
        .getJsonObject("user").getString("id")).isEqualTo(alice);
  }

  @Test
  void logoutPublishesTheEndOfTheSessionAndItsTokenNoLongerLogsOut() {
    BusHarness.Fake sessionsEnded = bus.fake(AuthBus.SESSION_ENDED, event -> new JsonObject());
    String email = newEmail();
    String userId = register(email).getJsonObject("user").getString("id");
    String token = login(email, PASSWORD).getString("token");
    String sessionId = bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", token)).getString("sessionId");

    assertThat(bus.request(AuthBus.LOGOUT, new JsonObject().put("token", token))).isEmpty();

    JsonObject ended = sessionsEnded.await(event -> sessionId.equals(event.getString("sessionId")));
    assertThat(ended.getString("userId")).isEqualTo(userId);
    assertThat(ended.getString("reason")).isEqualTo("logout");
    Failure again = bus.failure(AuthBus.LOGOUT, new JsonObject().put("token", token));
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.code()).isEqualTo(Failure.UNAUTHORIZED);
  }

  @Test
  void malformedRequestsAreA400ThatNamesTheField() {
    for (String address : new String[] {AuthBus.REGISTER, AuthBus.LOGIN, AuthBus.LOGOUT, AuthBus.AUTHENTICATE, AuthBus.CREATE_USER}) {
      Failure noBody = bus.failure(address, null);
      assertThat(noBody.status()).as(address).isEqualTo(400);
      assertThat(noBody.code()).as(address).isEqualTo(Failure.INVALID_INPUT);
    }
    String email = newEmail();
    assertInvalid(AuthBus.LOGIN, new JsonObject().put("email", email), "password is required");
    assertInvalid(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", 12345678), "password must be a string");
    assertInvalid(AuthBus.AUTHENTICATE, new JsonObject(), "token is required");
    assertInvalid(AuthBus.AUTHENTICATE, new JsonObject().put("token", 42), "token must be a string");
    assertInvalid(AuthBus.LOGOUT, new JsonObject().put("token", ""), "token is required");
    assertInvalid(AuthBus.REGISTER, new JsonObject().put("email", email).put("password", PASSWORD).put("name", "n".repeat(201)),
        "name is longer than 200 characters");
    assertInvalid(AuthBus.CREATE_USER, new JsonObject().put("email", email).put("password", PASSWORD).put("superuser", "yes"),
        "superuser must be true or false");
    // none of them made the account
    assertThat(bus.failure(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", PASSWORD)).code())
        .isEqualTo(AuthBus.INVALID_CREDENTIALS);
  }

  private static void assertInvalid(String address, JsonObject body, String message) {
    Failure failure = bus.failure(address, body);
    assertThat(failure.status()).as(message).isEqualTo(400);
    assertThat(failure.code()).as(message).isEqualTo(Failure.INVALID_INPUT);
    assertThat(failure.message()).isEqualTo(message);
  }

  private static Future<JsonObject> loginFrom(String address, String email, String password) {
    return bus.send(AuthBus.LOGIN, new JsonObject().put("email", email).put("password", password).put("clientAddress", address));
  }

  /** Issue 11, item of finding 11: a JWT signed with the server's key but without {@code exp} never expires, so it is refused. */
  @Test
  void aJwtWithoutAnExpiryIsRefused() throws Exception {
    String email = newEmail();
    register(email);
    JsonObject login = login(email, PASSWORD);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(login.getString("accessToken").split("\\.")[1])));
    io.vertx.ext.auth.jwt.JWTAuth serverKey = serverKey();
    JsonObject sameClaims = new JsonObject().put("sub", claims.getString("sub")).put("sid", claims.getString("sid"));
    String expiring = serverKey.generateToken(sameClaims.copy(), new io.vertx.ext.auth.JWTOptions().setExpiresInSeconds(60));
    String forever = serverKey.generateToken(sameClaims.copy(), new io.vertx.ext.auth.JWTOptions());
    assertThat(new String(Base64.getUrlDecoder().decode(forever.split("\\.")[1]))).doesNotContain("\"exp\"");

    // the same claims with an expiry are accepted: what is refused is the missing exp
    assertThat(bus.request(AuthBus.AUTHENTICATE, new JsonObject().put("token", expiring)).getString("sessionId"))
        .isEqualTo(claims.getString("sid"));
    Failure refused = bus.failure(AuthBus.AUTHENTICATE, new JsonObject().put("token", forever));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.code()).isEqualTo(Failure.UNAUTHORIZED);
    bus.failure(AuthBus.LOGOUT, new JsonObject().put("token", forever));
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
        assertThat(bus.failure(AuthBus.REGISTER, new JsonObject().put("email", taken).put("password", PASSWORD)
            .put("clientAddress", address)).status()).isEqualTo(409);
        assertThat(bus.failure(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", "short")
            .put("clientAddress", address)).status()).isEqualTo(400);
      }
      bus.request(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", PASSWORD).put("clientAddress", address));
    }
    Failure eleventh = bus.failure(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", PASSWORD)
        .put("clientAddress", address));
    assertThat(eleventh.status()).isEqualTo(429);
    assertThat(eleventh.code()).isEqualTo(Failure.TOO_MANY_REQUESTS);
    assertThat(eleventh.retryAfterSeconds()).isBetween(1, 3600);
    // another address still may
    bus.request(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", PASSWORD).put("clientAddress", "192.0.2.11"));
  }

  @Test
  void registrationCanBeTurnedOffWhileAdministratorsStillCreateUsers() {
    try (BusHarness closedServer = BusHarness.start(new JsonObject().put("registration-enabled", false))) {
      closedServer.deploy(new AuthVerticle());
      Failure closed = closedServer.failure(AuthBus.REGISTER, new JsonObject().put("email", newEmail()).put("password", PASSWORD));
      assertThat(closed.status()).isEqualTo(403);
      assertThat(closed.code()).isEqualTo(AuthBus.REGISTRATION_CLOSED);
      JsonObject created = closedServer.request(AuthBus.CREATE_USER, new JsonObject().put("email", newEmail()).put("password", PASSWORD));
      assertThat(created.getJsonObject("user").getString("id")).isNotBlank();
    }
  }
}
