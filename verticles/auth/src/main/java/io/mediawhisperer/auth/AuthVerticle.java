package io.mediawhisperer.auth;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RequestIds;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns users and sessions. Contract: {@link AuthBus}. Also answers the administration of the
 * runtime settings ({@link ConfigBus}), which is a superuser's business like the users are.
 */
public final class AuthVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  private static final String UNIQUE_VIOLATION = "23505";

  private Pool pool;
  private JWTAuth jwt;
  private static final long THROTTLE_SWEEP_MILLIS = 60_000;

  private LoginThrottle throttle;
  private RegistrationLimit registrations;
  /** open, invite or closed ({@code registration-mode}; {@code registration-enabled = false} is closed). */
  private String registrationMode;
  private Accounts accounts;
  private UserMetrics metrics;
  private Invitations invitations;
  private RuntimeSettings settings;
  private long jwtTtlSeconds;
  /** Verified against when the email is unknown, so a miss costs as much time as a wrong password. */
  private String decoyHash;
  private SessionCache sessions;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Database.pool(vertx, "auth", config.getString(ConfigKeys.DB_URL.name()), config.getInteger(ConfigKeys.DB_POOL_SIZE.name(), 4));
    jwtTtlSeconds = config.getLong(ConfigKeys.JWT_TTL_SECONDS.name(), 900L);
    throttle = new LoginThrottle(vertx, config.getInteger(ConfigKeys.LOGIN_MAX_FAILURES.name(), 5),
        config.getInteger(ConfigKeys.LOGIN_ADDRESS_MAX_FAILURES.name(), 100),
        config.getLong(ConfigKeys.LOGIN_LOCKOUT_SECONDS.name(), 900L));
    registrations = new RegistrationLimit(vertx, config.getInteger(ConfigKeys.REGISTRATION_PER_HOUR_PER_ADDRESS.name(), 10));
    registrationMode = config.getBoolean(ConfigKeys.REGISTRATION_ENABLED.name(), true)
        ? config.getString(ConfigKeys.REGISTRATION_MODE.name(), "open") : "closed";
    if (!List.of("open", "invite", "closed").contains(registrationMode)) {
      return Future.failedFuture(new IllegalArgumentException(ConfigKeys.REGISTRATION_MODE.name() + " must be open, invite or closed, not '"
          + registrationMode + "'"));
    }
    invitations = new Invitations(pool);
    sessions = new SessionCache(config.getLong(ConfigKeys.AUTH_SESSION_CACHE_SECONDS.name(), 5L));
    vertx.eventBus().<JsonObject>consumer(AuthBus.SESSION_ENDED, ended -> sessions.sessionEnded(ended.body().getString("sessionId")));
    vertx.setPeriodic(THROTTLE_SWEEP_MILLIS, id -> {
      throttle.forgetExpired(System.currentTimeMillis());
      registrations.forgetExpired(System.currentTimeMillis());
    });
    SettingsAdmin settingsAdmin = new SettingsAdmin(vertx, pool);
    // the settings' owner answers first, so this verticle's own copy (and every other) can read them
    return Future.all(consume(ConfigBus.LIST, settingsAdmin::list), consume(ConfigBus.UPDATE, settingsAdmin::update))
        .compose(admin -> {
          settings = RuntimeSettings.start(vertx, config);
          return Future.all(settings.ready(),
              SigningKey.load(vertx, config).onSuccess(secret -> jwt = JWTAuth.create(vertx,
                  new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)))),
              vertx.executeBlocking(() -> Passwords.hash(Tokens.newSessionToken()), false).onSuccess(h -> decoyHash = h));
        })
        .compose(ready -> SetupToken.issueIfNeeded(pool))
        .compose(ready -> {
          accounts = new Accounts(vertx, pool, sessions, settings, decoyHash);
          metrics = new UserMetrics(vertx, pool);
          metrics.start();
          return Future.succeededFuture();
        })
        .compose(ready -> Future.all(List.of(
            consume(AuthBus.ADMIN_USERS, m -> accounts.list(m.body())),
            consume(AuthBus.ADMIN_USER_UPDATE, m -> accounts.update(m.body())),
            consume(AuthBus.ADMIN_USER_DELETE, m -> accounts.delete(m.body(), new AccountDeletion(vertx, pool, sessions, decoyHash))),
            consume(AuthBus.ADMIN_PASSWORD_RESET, m -> accounts.resetPassword(m.body())),
            consume(AuthBus.ADMIN_AUDIT, m -> accounts.audit(m.body())),
            consume(AuthBus.INVITATION_CREATE, m -> invitations.create(m.body())),
            consume(AuthBus.INVITATIONS, m -> invitations.list(m.body())),
            consume(AuthBus.INVITATION_DELETE, m -> invitations.delete(m.body())),
            consume(AuthBus.CHANGE_PASSWORD, m -> accounts.changePassword(m.body())),
            consume(AuthBus.SESSIONS, m -> accounts.sessions(m.body())),
            consume(AuthBus.SESSION_END, m -> accounts.endSession(m.body())),
            consume(AuthBus.QUOTA, m -> accounts.quota(m.body())),
            consume(AuthBus.SETUP, this::setup),
            consume(AuthBus.REGISTER, this::register),
            consume(AuthBus.CREATE_USER, this::createUser),
            consume(AuthBus.LOGIN, this::login),
            consume(AuthBus.LOGOUT, this::logout),
            consume(AuthBus.AUTHENTICATE, this::authenticate),
            consume(AuthBus.SWEEP_SESSIONS, this::sweepSessions),
            consume(AuthBus.DELETE_ACCOUNT, message -> new AccountDeletion(vertx, pool, sessions, decoyHash).delete(message.body())))));
  }

  @Override
  public Future<?> stop() {
    if (metrics != null) {
      metrics.stop();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** Run on the cleanup verticle's schedule: expired sessions are worth nothing (authenticate already refuses them). */
  private Future<JsonObject> sweepSessions(Message<JsonObject> message) {
    return pool.query(AuthSql.DELETE_EXPIRED_SESSIONS).execute().map(rows -> {
      if (rows.rowCount() > 0) {
        LOG.info("deleted {} expired sessions", rows.rowCount());
      }
      return new JsonObject().put("deleted", rows.rowCount());
    });
  }

  private Future<Void> consume(String address, java.util.function.Function<Message<JsonObject>, Future<JsonObject>> action) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, Replies.handler(action));
    return consumer.completion();
  }

  private Future<JsonObject> register(Message<JsonObject> message) {
    JsonObject body = message.body();
    if (registrationMode.equals("closed")) {
      throw new Failure(403, AuthBus.REGISTRATION_CLOSED,
          "this server does not accept new accounts; ask its administrator for one").asException();
    }
    String invitation = Payloads.optionalString(body, "invitation");
    if (registrationMode.equals("invite") && invitation == null) {
      throw new Failure(403, AuthBus.INVITATION_REQUIRED, "this server accepts new accounts by invitation only: register with the"
          + " invitation link an administrator gave you").asException();
    }
    String address = Payloads.optionalString(body, "clientAddress");
    validPassword(body); // a malformed request is a 400 whether or not the address may register
    String email = Emails.normalize(Payloads.requiredString(body, "email"));
    long waitMillis = registrations.reserve(address, System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new Failure(429, Failure.TOO_MANY_REQUESTS, "too many accounts registered from your address; try again later")
          .retryAfter(seconds(waitMillis)).asException();
    }
    // in invite mode the invitation is spent in the account's transaction: a failed registration leaves it unused
    return insertUser(body, false, conn -> registrationMode.equals("invite") ? Invitations.spend(conn, invitation, email)
            : Future.succeededFuture(null),
        (conn, invitationId, userId) -> invitationId == null ? Future.succeededFuture() : Invitations.usedBy(conn, invitationId, userId))
        .onFailure(error -> registrations.release(address));
  }

  private Future<JsonObject> createUser(Message<JsonObject> message) {
    JsonObject body = message.body();
    return insertUser(body, Payloads.optionalBoolean(body, "superuser"), conn -> Future.succeededFuture(null), (conn, x, id) -> Future.succeededFuture());
  }

  /** The first superuser, with the setup token the log printed ({@link SetupToken}). */
  private Future<JsonObject> setup(Message<JsonObject> message) {
    JsonObject body = message.body();
    String token = Payloads.requiredString(body, "token");
    return insertUser(body, true, conn -> SetupToken.spend(conn, token).map(v -> null), (conn, x, userId) -> Accounts.audit(conn, userId,
        "setup.superuser", userId, new JsonObject()))
        .onSuccess(user -> LOG.info("first superuser {} made with the setup token", user.getJsonObject("user").getString("email")));
  }

  /** What a registration does in the account's transaction before the row (returns what {@link After} gets) and after it. */
  private interface Before {
    Future<UUID> run(io.vertx.sqlclient.SqlConnection conn);
  }

  private interface After {
    Future<Void> run(io.vertx.sqlclient.SqlConnection conn, UUID before, UUID userId);
  }

  private Future<JsonObject> insertUser(JsonObject body, boolean superuser, Before before, After after) {
    String email = Emails.normalize(Payloads.requiredString(body, "email"));
    String password = validPassword(body);
    String name = Payloads.optionalString(body, "name");
    if (name != null && name.length() > 200) {
      throw Failure.invalidInput("name is longer than 200 characters").asException();
    }
    return vertx.executeBlocking(() -> Passwords.hash(password), false)
        .compose(hash -> pool.withTransaction(conn -> before.run(conn).compose(spent -> conn.preparedQuery(AuthSql.INSERT_USER)
            .execute(Tuple.of(email, name == null || name.isBlank() ? null : name.trim(), hash, superuser))
            .compose(rows -> {
              Row row = rows.iterator().next();
              return after.run(conn, spent, row.getUUID("id")).map(v -> new JsonObject().put("user", userJson(row)));
            }))))
        .recover(error -> error instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.failedFuture(new Failure(409, AuthBus.EMAIL_TAKEN, "an account with this email exists").asException())
            : Future.failedFuture(error));
  }

  private static String validPassword(JsonObject body) {
    return validPassword(body, "password");
  }

  static String validPassword(JsonObject body, String field) {
    String password = Payloads.requiredString(body, field);
    if (password.length() < AuthBus.MIN_PASSWORD_LENGTH) {
      throw Failure.invalidInput(field + " must have at least " + AuthBus.MIN_PASSWORD_LENGTH + " characters").asException();
    }
    if (password.length() > Passwords.MAX_LENGTH) {
      throw Failure.invalidInput(field + " must have at most " + Passwords.MAX_LENGTH + " characters").asException();
    }
    return password;
  }

  private Future<JsonObject> login(Message<JsonObject> message) {
    JsonObject body = message.body();
    String email = Payloads.requiredString(body, "email").trim().toLowerCase(java.util.Locale.ROOT);
    String password = Payloads.requiredString(body, "password");
    String address = Payloads.optionalString(body, "clientAddress");
    String userAgent = Payloads.optionalString(body, "userAgent");
    Failure invalid = new Failure(401, AuthBus.INVALID_CREDENTIALS, "email or password is wrong");
    long waitMillis = throttle.attempt(email, address, System.currentTimeMillis());
    if (waitMillis > 0) {
      // refused before the password is checked, so waiting is the only way to guess again
      throw new Failure(429, Failure.TOO_MANY_REQUESTS, "too many failed logins for this account from your address; try again in "
          + seconds(waitMillis) + " s").retryAfter(seconds(waitMillis)).asException();
    }
    return pool.preparedQuery(AuthSql.USER_FOR_LOGIN).execute(Tuple.of(email))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          String hash = row == null || password.length() > Passwords.MAX_LENGTH ? decoyHash : row.getString("password_hash");
          return vertx.executeBlocking(() -> Passwords.matches(password, hash) && row != null, false)
              .compose(ok -> {
                if (ok) {
                  throttle.succeeded(email, address);
                  if (!row.getBoolean("is_active")) {
                    // said only to whoever knows the password
                    return Future.failedFuture(new Failure(403, AuthBus.ACCOUNT_INACTIVE,
                        "this account is deactivated; ask an administrator").asException());
                  }
                  return openSession(row, userAgent, address);
                }
                throttle.failed(email, address, System.currentTimeMillis());
                LOG.info("[{}] failed login for {} from {}", RequestIds.of(message), email, address);
                return Future.failedFuture(invalid.asException());
              });
        });
  }

  /** Whole seconds to wait, rounded up, so a client that waits that long is never refused again. */
  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }

  private Future<JsonObject> openSession(Row user, String userAgent, String clientAddress) {
    String token = Tokens.newSessionToken();
    UUID userId = user.getUUID("id");
    int days = settings.get(RuntimeSetting.SESSION_EXPIRES_DAYS);
    return pool.preparedQuery(AuthSql.INSERT_SESSION)
        .execute(Tuple.of(userId, Tokens.sha256Hex(token), days, truncate(userAgent, 500), truncate(clientAddress, 100)))
        .map(rows -> {
          Row session = rows.iterator().next();
          OffsetDateTime expiresAt = session.getOffsetDateTime("expires_at");
          long ttl = Math.min(jwtTtlSeconds, Math.max(1, expiresAt.toEpochSecond() - System.currentTimeMillis() / 1000));
          String accessToken = jwt.generateToken(
              new JsonObject().put("sub", userId.toString()).put("sid", session.getUUID("id").toString()),
              new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) ttl));
          return new JsonObject()
              .put("token", token)
              .put("accessToken", accessToken)
              .put("expiresAt", expiresAt.toInstant().toString())
              .put("user", userJson(user));
        });
  }

  private Future<JsonObject> logout(Message<JsonObject> message) {
    return findSession(Payloads.requiredString(message.body(), "token"))
        .compose(session -> pool.preparedQuery(AuthSql.DELETE_SESSION).execute(Tuple.of(session.getUUID("session_id")))
            .onSuccess(deleted -> sessions.sessionEnded(session.getUUID("session_id").toString()))
            .onSuccess(deleted -> vertx.eventBus().publish(AuthBus.SESSION_ENDED, new JsonObject()
                .put("sessionId", session.getUUID("session_id").toString())
                .put("userId", session.getUUID("id").toString())
                .put("reason", "logout"))))
        .map(done -> new JsonObject());
  }

  /**
   * From {@link SessionCache} while it trusts the token; otherwise the session is read (and its
   * activity recorded, at most once a minute) and remembered.
   */
  private Future<JsonObject> authenticate(Message<JsonObject> message) {
    String token = Payloads.requiredString(message.body(), "token");
    JsonObject known = sessions.identity(token, System.currentTimeMillis());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return findSession(token)
        .map(session -> {
          UUID sessionId = session.getUUID("session_id");
          pool.preparedQuery(AuthSql.TOUCH_SESSION).execute(Tuple.of(sessionId))
              .compose(v -> pool.preparedQuery(AuthSql.TOUCH_USER).execute(Tuple.of(session.getUUID("id"))))
              .onFailure(e -> LOG.warn("[{}] cannot record session activity: {}", RequestIds.of(message), e.getMessage()));
          JsonObject identity = new JsonObject().put("user", userJson(session)).put("sessionId", sessionId.toString())
              .put("expiresAt", session.getOffsetDateTime("session_expires_at").toInstant().toString());
          sessions.remember(token, identity, Tokens.looksLikeJwt(token) ? expiryMillis(token) : Long.MAX_VALUE, System.currentTimeMillis());
          return identity;
        });
  }

  /** The live session a session token or JWT belongs to; a JWT dies with its session. */
  private Future<Row> findSession(String token) {
    Failure unauthorized = Failure.unauthorized("the token is invalid or has expired");
    Future<io.vertx.sqlclient.RowSet<Row>> rows;
    if (Tokens.looksLikeJwt(token)) {
      rows = jwt.authenticate(new TokenCredentials(token))
          .recover(e -> Future.failedFuture(unauthorized.asException()))
          .compose(user -> {
            UUID sessionId = uuidOrNull(user.principal().getString("sid"));
            UUID userId = uuidOrNull(user.principal().getString("sub"));
            // a JWT without exp would never expire (the library accepts it): ours always carry one
            return sessionId == null || userId == null || !expires(token)
                ? Future.failedFuture(unauthorized.asException())
                : pool.preparedQuery(AuthSql.SESSION_BY_ID).execute(Tuple.of(sessionId, userId));
          });
    } else {
      rows = pool.preparedQuery(AuthSql.SESSION_BY_HASH).execute(Tuple.of(Tokens.sha256Hex(token)));
    }
    return rows.compose(found -> found.size() == 0
        ? Future.failedFuture(unauthorized.asException())
        : Future.succeededFuture(found.iterator().next()));
  }

  /** Whether the (already verified) JWT has a numeric {@code exp} claim. */
  private static boolean expires(String jwt) {
    return expiryMillis(jwt) != Long.MIN_VALUE;
  }

  /** The (already verified) JWT's {@code exp} in epoch milliseconds; Long.MIN_VALUE when it has none. */
  private static long expiryMillis(String jwt) {
    try {
      String payload = jwt.split("\\.")[1];
      Object exp = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8))
          .getValue("exp");
      return exp instanceof Number seconds ? seconds.longValue() * 1_000 : Long.MIN_VALUE;
    } catch (RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static UUID uuidOrNull(String value) {
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  /** The HTTP contract's User. */
  static JsonObject userJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("email", row.getString("email"))
        .put("name", row.getString("name"))
        .put("isSuperuser", row.getBoolean("is_superuser"))
        .put("mustChangePassword", row.getBoolean("must_change_password"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
  }
}
