package io.mediawhisperer.auth;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts of a shared deployment (issue 21): superusers list, deactivate, promote, reset and
 * delete users (every change audited in {@code audit_log}, never leaving the server without an active
 * superuser), and users change their password and see and end their sessions. Quotas: a user's own
 * limits, else the runtime settings' defaults. Contract: {@link AuthBus}.
 */
final class Accounts {

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
  private static final long MB = 1024L * 1024L;
  private static final String ADMIN_COLUMNS = "u.id, u.email, u.name, u.is_superuser, u.is_active, u.created_at, u.last_seen_at,"
      + " u.must_change_password, u.quota_bytes, u.quota_sources, u.quota_uploads_per_hour";

  private final Vertx vertx;
  private final Pool pool;
  private final SessionCache sessions;
  private final RuntimeSettings settings;
  private final String decoyHash;
  private final SecureRandom random = new SecureRandom();

  Accounts(Vertx vertx, Pool pool, SessionCache sessions, RuntimeSettings settings, String decoyHash) {
    this.vertx = vertx;
    this.pool = pool;
    this.sessions = sessions;
    this.settings = settings;
    this.decoyHash = decoyHash;
  }

  // --- superusers ---

  Future<JsonObject> list(JsonObject body) {
    String query = Payloads.optionalString(body, "query");
    int offset = whole(body, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = whole(body, "limit", 50, 1, 200);
    String pattern = query == null || query.isBlank() ? null : "%" + query.strip().toLowerCase(java.util.Locale.ROOT)
        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    String where = " WHERE ($1::text IS NULL OR lower(u.email) LIKE $1 OR lower(coalesce(u.name, '')) LIKE $1)";
    return Future.all(
            pool.preparedQuery("SELECT " + ADMIN_COLUMNS + " FROM users u" + where + " ORDER BY u.created_at DESC, u.id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(pattern, limit, offset)),
            pool.preparedQuery("SELECT count(*) FROM users u" + where).execute(Tuple.of(pattern)))
        .compose(both -> {
          List<Row> rows = new ArrayList<>();
          both.<io.vertx.sqlclient.RowSet<Row>>resultAt(0).forEach(rows::add);
          long total = both.<io.vertx.sqlclient.RowSet<Row>>resultAt(1).iterator().next().getLong(0);
          return usage(rows.stream().map(r -> r.getUUID("id")).toList()).map(usage -> {
            JsonArray items = new JsonArray();
            rows.forEach(row -> items.add(adminUser(row, usage.getJsonObject(row.getUUID("id").toString()))));
            return new JsonObject().put("items", items).put("total", total);
          });
        });
  }

  /** What each user keeps, from ingestion (which owns the sources); zeros when it cannot be asked. */
  private Future<JsonObject> usage(List<UUID> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(new JsonObject());
    }
    return vertx.eventBus().<JsonObject>request(IngestionBus.USAGE,
            new JsonObject().put("userIds", new JsonArray(userIds.stream().map(id -> (Object) id.toString()).toList())))
        .map(reply -> reply.body().getJsonObject("usage"))
        .otherwise(error -> {
          LOG.warn("users' usage unknown: {}", error.getMessage());
          return new JsonObject();
        });
  }

  private JsonObject adminUser(Row row, JsonObject usage) {
    JsonObject user = AuthVerticle.userJson(row)
        .put("isActive", row.getBoolean("is_active"))
        .put("mustChangePassword", row.getBoolean("must_change_password"))
        .put("usage", usage == null ? new JsonObject().put("bytes", 0).put("sources", 0) : usage)
        .put("quota", new JsonObject().put("bytes", row.getLong("quota_bytes")).put("sources", row.getInteger("quota_sources"))
            .put("uploadsPerHour", row.getInteger("quota_uploads_per_hour")))
        .put("effectiveQuota", effective(row));
    if (row.getOffsetDateTime("last_seen_at") != null) {
      user.put("lastSeenAt", row.getOffsetDateTime("last_seen_at").toInstant().toString());
    }
    return user;
  }

  /** The user's own limits, else the defaults; 0: no limit. */
  private JsonObject effective(Row row) {
    Long bytes = row.getLong("quota_bytes");
    Integer sources = row.getInteger("quota_sources");
    Integer uploads = row.getInteger("quota_uploads_per_hour");
    return new JsonObject()
        .put("bytes", bytes != null ? bytes : settings.get(RuntimeSetting.QUOTA_STORAGE_MB) * MB)
        .put("sources", sources != null ? sources : settings.get(RuntimeSetting.QUOTA_SOURCES))
        .put("uploadsPerHour", uploads != null ? uploads : settings.get(RuntimeSetting.QUOTA_UPLOADS_PER_HOUR));
  }

  Future<JsonObject> update(JsonObject body) {
    UUID actorId = Payloads.optionalUuid(body, "actorId");
    UUID userId = Payloads.requiredUuid(body, "userId");
    Boolean active = bool(body, "isActive");
    Boolean superuser = bool(body, "isSuperuser");
    JsonObject quota = body.getValue("quota") == null ? null : body.getValue("quota") instanceof JsonObject q ? q
        : failInput("quota must be an object");
    JsonObject changes = new JsonObject();
    return pool.withTransaction(conn -> locked(conn, userId).compose(before -> {
      List<Future<?>> steps = new ArrayList<>();
      boolean losesSuperuser = before.getBoolean("is_superuser") && before.getBoolean("is_active")
          && (Boolean.FALSE.equals(active) || Boolean.FALSE.equals(superuser));
      Future<Void> guard = losesSuperuser ? lastSuperuserGuard(conn, userId) : Future.succeededFuture();
      return guard.compose(v -> {
        if (active != null && active != before.getBoolean("is_active")) {
          changes.put("isActive", active);
          steps.add(conn.preparedQuery("UPDATE users SET is_active = $2, updated_at = now() WHERE id = $1").execute(Tuple.of(userId, active)));
        }
        if (superuser != null && superuser != before.getBoolean("is_superuser")) {
          changes.put("isSuperuser", superuser);
          steps.add(conn.preparedQuery("UPDATE users SET is_superuser = $2, updated_at = now() WHERE id = $1").execute(Tuple.of(userId, superuser)));
        }
        if (quota != null) {
          Long bytes = limit(quota, "bytes");
          Long sources = limit(quota, "sources");
          Long uploads = limit(quota, "uploadsPerHour");
          changes.put("quota", quota);
          steps.add(conn.preparedQuery("UPDATE users SET quota_bytes = CASE WHEN $2 THEN $3 ELSE quota_bytes END,"
                  + " quota_sources = CASE WHEN $4 THEN $5::integer ELSE quota_sources END,"
                  + " quota_uploads_per_hour = CASE WHEN $6 THEN $7::integer ELSE quota_uploads_per_hour END, updated_at = now() WHERE id = $1")
              .execute(Tuple.from(new Object[] {userId, quota.containsKey("bytes"), bytes, quota.containsKey("sources"), sources,
                  quota.containsKey("uploadsPerHour"), uploads})));
        }
        return Future.all(steps).compose(done -> changes.isEmpty() ? Future.succeededFuture()
            : audit(conn, actorId, "user.update", userId, changes));
      });
    })).compose(v -> Boolean.FALSE.equals(active) ? endSessions(userId, null, "account deactivated").mapEmpty() : Future.succeededFuture())
        .compose(v -> one(userId));
  }

  Future<JsonObject> resetPassword(JsonObject body) {
    UUID actorId = Payloads.optionalUuid(body, "actorId");
    UUID userId = Payloads.requiredUuid(body, "userId");
    String temporary = temporaryPassword();
    return vertx.executeBlocking(() -> Passwords.hash(temporary), false)
        .compose(hash -> pool.withTransaction(conn -> locked(conn, userId)
            .compose(user -> conn.preparedQuery("UPDATE users SET password_hash = $2, must_change_password = true, updated_at = now()"
                + " WHERE id = $1").execute(Tuple.of(userId, hash)))
            .compose(v -> audit(conn, actorId, "user.password-reset", userId, new JsonObject()))))
        .compose(v -> endSessions(userId, null, "password reset"))
        .map(ended -> new JsonObject().put("temporaryPassword", temporary));
  }

  /** The account-deletion path without the password, for a superuser; the last active superuser stays. */
  Future<JsonObject> delete(JsonObject body, AccountDeletion deletion) {
    UUID actorId = Payloads.optionalUuid(body, "actorId");
    UUID userId = Payloads.requiredUuid(body, "userId");
    return pool.withTransaction(conn -> locked(conn, userId).compose(user -> (user.getBoolean("is_superuser") && user.getBoolean("is_active")
            ? lastSuperuserGuard(conn, userId) : Future.<Void>succeededFuture())
        .compose(v -> audit(conn, actorId, "user.delete", userId, new JsonObject()))))
        .compose(v -> deletion.deleteWithoutPassword(userId));
  }

  Future<JsonObject> audit(JsonObject body) {
    int limit = whole(body, "limit", 100, 1, 500);
    Object before = body.getValue("before");
    if (before != null && !(before instanceof Number)) {
      failInput("before must be an audit entry's id");
    }
    return pool.preparedQuery("SELECT id, at, actor_id, actor_email, action, target_id, target_email, details FROM audit_log"
            + " WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2")
        .execute(Tuple.of(before == null ? null : ((Number) before).longValue(), limit))
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row row : rows) {
            JsonObject entry = new JsonObject().put("id", row.getLong("id")).put("at", row.getOffsetDateTime("at").toInstant().toString())
                .put("action", row.getString("action")).put("details", row.getJsonObject("details"));
            if (row.getUUID("actor_id") != null || row.getString("actor_email") != null) {
              entry.put("actor", new JsonObject().put("id", str(row.getUUID("actor_id"))).put("email", row.getString("actor_email")));
            }
            if (row.getUUID("target_id") != null || row.getString("target_email") != null) {
              entry.put("target", new JsonObject().put("id", str(row.getUUID("target_id"))).put("email", row.getString("target_email")));
            }
            items.add(entry);
          }
          return new JsonObject().put("items", items);
        });
  }

  // --- every user ---

  Future<JsonObject> changePassword(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID sessionId = Payloads.requiredUuid(body, "sessionId");
    String current = Payloads.requiredString(body, "currentPassword");
    String next = AuthVerticle.validPassword(body, "newPassword");
    return pool.preparedQuery(AuthSql.PASSWORD_HASH).execute(Tuple.of(userId))
        .compose(rows -> {
          String hash = rows.size() == 0 || current.length() > Passwords.MAX_LENGTH ? decoyHash : rows.iterator().next().getString(0);
          boolean exists = rows.size() > 0;
          return vertx.executeBlocking(() -> Passwords.matches(current, hash) && exists, false);
        })
        .compose(matches -> matches ? vertx.executeBlocking(() -> Passwords.hash(next), false)
            : Future.failedFuture(new Failure(401, AuthBus.INVALID_CREDENTIALS, "the current password is wrong; nothing changed").asException()))
        .compose(hash -> pool.withTransaction(conn -> conn.preparedQuery("UPDATE users SET password_hash = $2, must_change_password = false,"
                + " updated_at = now() WHERE id = $1").execute(Tuple.of(userId, hash))
            .compose(v -> audit(conn, userId, "user.password-change", userId, new JsonObject()))))
        // the calling session's cached identity says "must change": it is read again on its next request
        .onSuccess(v -> sessions.sessionEnded(sessionId.toString()))
        .compose(v -> endSessions(userId, sessionId, "password changed"))
        .map(ended -> new JsonObject().put("endedSessions", ended));
  }

  Future<JsonObject> sessions(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID current = Payloads.optionalUuid(body, "sessionId");
    return pool.preparedQuery("SELECT id, created_at, last_seen_at, expires_at, client_address, user_agent FROM sessions"
            + " WHERE user_id = $1 AND expires_at > now() ORDER BY last_seen_at DESC").execute(Tuple.of(userId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row row : rows) {
            items.add(new JsonObject().put("id", row.getUUID("id").toString())
                .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
                .put("lastSeenAt", row.getOffsetDateTime("last_seen_at").toInstant().toString())
                .put("expiresAt", row.getOffsetDateTime("expires_at").toInstant().toString())
                .put("clientAddress", row.getString("client_address")).put("userAgent", row.getString("user_agent"))
                .put("current", row.getUUID("id").equals(current)));
          }
          return new JsonObject().put("items", items);
        });
  }

  Future<JsonObject> endSession(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID target;
    try {
      target = UUID.fromString(Payloads.requiredString(body, "targetSessionId"));
    } catch (IllegalArgumentException e) {
      throw Failure.notFound("no such session").asException();
    }
    return pool.preparedQuery("DELETE FROM sessions WHERE id = $1 AND user_id = $2 RETURNING id").execute(Tuple.of(target, userId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw Failure.notFound("no such session").asException();
          }
          ended(target, userId, "ended by its user");
          return new JsonObject();
        });
  }

  Future<JsonObject> quota(JsonObject body) {
    UUID userId = Payloads.userId(body);
    return pool.preparedQuery("SELECT quota_bytes, quota_sources, quota_uploads_per_hour FROM users WHERE id = $1").execute(Tuple.of(userId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw Failure.notFound("no such user").asException();
          }
          return new JsonObject().put("quota", effective(rows.iterator().next()));
        });
  }

  // --- shared ---

  /** The user's row, locked for the transaction; 404 when there is none. */
  private static Future<Row> locked(SqlConnection conn, UUID userId) {
    return conn.preparedQuery("SELECT id, email, is_superuser, is_active FROM users WHERE id = $1 FOR UPDATE").execute(Tuple.of(userId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw Failure.notFound("no such user").asException();
          }
          return rows.iterator().next();
        });
  }

  /** Fails 409 when no other active superuser would be left; the others are locked so two demotions cannot cross. */
  private static Future<Void> lastSuperuserGuard(SqlConnection conn, UUID leaving) {
    return conn.preparedQuery("SELECT id FROM users WHERE is_superuser AND is_active AND id <> $1 FOR UPDATE").execute(Tuple.of(leaving))
        .compose(others -> others.size() > 0 ? Future.succeededFuture()
            : Future.failedFuture(new Failure(409, AuthBus.LAST_SUPERUSER,
                "this is the last active superuser: make another one first").asException()));
  }

  /** One audit entry; no actor is the command line ({@code user ...} run by an operator). */
  static Future<Void> audit(SqlConnection conn, UUID actorId, String action, UUID targetId, JsonObject details) {
    return conn.preparedQuery("INSERT INTO audit_log (actor_id, actor_email, action, target_id, target_email, details)"
            + " VALUES ($1, CASE WHEN $1::uuid IS NULL THEN '(command line)' ELSE (SELECT email FROM users WHERE id = $1) END, $2, $3,"
            + " (SELECT email FROM users WHERE id = $3), $4)")
        .execute(Tuple.of(actorId, action, targetId, details)).mapEmpty();
  }

  private Future<JsonObject> one(UUID userId) {
    return pool.preparedQuery("SELECT " + ADMIN_COLUMNS + " FROM users u WHERE u.id = $1").execute(Tuple.of(userId))
        .compose(rows -> usage(List.of(userId)).map(usage -> new JsonObject().put("user",
            adminUser(rows.iterator().next(), usage.getJsonObject(userId.toString())))));
  }

  /** Ends the user's sessions but {@code keep}; returns how many ended. */
  Future<Integer> endSessions(UUID userId, UUID keep, String reason) {
    return pool.preparedQuery("DELETE FROM sessions WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2) RETURNING id")
        .execute(Tuple.of(userId, keep))
        .map(rows -> {
          rows.forEach(row -> ended(row.getUUID("id"), userId, reason));
          return rows.rowCount();
        });
  }

  private void ended(UUID sessionId, UUID userId, String reason) {
    sessions.sessionEnded(sessionId.toString());
    vertx.eventBus().publish(AuthBus.SESSION_ENDED, new JsonObject().put("sessionId", sessionId.toString())
        .put("userId", userId.toString()).put("reason", reason));
  }

  /** 16 characters from an alphabet without look-alikes: about 90 bits. */
  private String temporaryPassword() {
    String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      password.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return password.toString();
  }

  private static Boolean bool(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      failInput(field + " must be true or false");
    }
    return (Boolean) value;
  }

  /** A quota field: absent or null (the default), or a whole number from 0 (0: no limit). */
  private static Long limit(JsonObject quota, String field) {
    Object value = quota.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue()) || n.longValue() < 0
        || !field.equals("bytes") && n.longValue() > Integer.MAX_VALUE) {
      failInput("quota." + field + " must be a whole number of 0 or more (0: no limit), or null for the default");
    }
    return ((Number) value).longValue();
  }

  private static int whole(JsonObject body, String field, int fallback, int min, int max) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer n) || n < min || n > max) {
      throw Failure.invalidInput(field + " must be a whole number from " + min + " to " + max).asException();
    }
    return n;
  }

  private static <T> T failInput(String message) {
    throw Failure.invalidInput(message).asException();
  }

  private static String str(UUID id) {
    return id == null ? null : id.toString();
  }
}
