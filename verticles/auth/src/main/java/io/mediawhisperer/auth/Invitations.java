package io.mediawhisperer.auth;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Single-use invitations for {@code registration-mode = invite}: a superuser makes one (bound to an
 * email or not) with an expiry; registering spends it in the same transaction that makes the account,
 * so two registrations cannot share one. Only the token's SHA-256 is stored.
 */
final class Invitations {

  static final int DEFAULT_HOURS = 168;
  static final int MAX_HOURS = 2160;

  private final Pool pool;

  Invitations(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> create(JsonObject body) {
    UUID actorId = Payloads.optionalUuid(body, "actorId");
    String email = Payloads.optionalString(body, "email") == null ? null : Emails.normalize(Payloads.optionalString(body, "email"));
    Object hours = body.getValue("expiresInHours", DEFAULT_HOURS);
    if (!(hours instanceof Integer h) || h < 1 || h > MAX_HOURS) {
      throw Failure.invalidInput("expiresInHours must be a whole number from 1 to " + MAX_HOURS).asException();
    }
    String token = Tokens.newSessionToken();
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO invitations (token_hash, email, created_by, expires_at)"
                + " VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING id, email, created_at, expires_at, used_at, used_by")
            .execute(Tuple.of(Tokens.sha256Hex(token), email, actorId, hours))
            .compose(rows -> {
              Row row = rows.iterator().next();
              return Accounts.audit(conn, actorId, "invitation.create", null, new JsonObject().put("invitationId", row.getUUID("id").toString())
                      .put("email", email).put("expiresInHours", hours))
                  .map(v -> new JsonObject().put("invitation", json(row).put("token", token)));
            }));
  }

  Future<JsonObject> list(JsonObject body) {
    return pool.query("SELECT id, email, created_at, expires_at, used_at, used_by FROM invitations ORDER BY created_at DESC LIMIT 500")
        .execute().map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(json(row)));
          return new JsonObject().put("items", items);
        });
  }

  Future<JsonObject> delete(JsonObject body) {
    UUID actorId = Payloads.optionalUuid(body, "actorId");
    UUID id;
    try {
      id = UUID.fromString(Payloads.requiredString(body, "invitationId"));
    } catch (IllegalArgumentException e) {
      throw Failure.notFound("no such invitation").asException();
    }
    return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM invitations WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(Failure.notFound("no such invitation").asException())
            : Accounts.audit(conn, actorId, "invitation.delete", null, new JsonObject().put("invitationId", id.toString()))))
        .map(v -> new JsonObject());
  }

  /**
   * Spends the invitation for {@code email} within the registration's transaction, or fails 403
   * {@value AuthBus#INVITATION_INVALID}: unknown, used, expired, or bound to another email.
   */
  static Future<UUID> spend(SqlConnection conn, String token, String email) {
    Failure invalid = new Failure(403, AuthBus.INVITATION_INVALID, "this invitation is unknown, used, expired or for another email");
    return conn.preparedQuery("UPDATE invitations SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()"
            + " AND (email IS NULL OR email = $2) RETURNING id").execute(Tuple.of(Tokens.sha256Hex(token), email))
        .map(rows -> {
          if (rows.size() == 0) {
            throw invalid.asException();
          }
          return rows.iterator().next().getUUID("id");
        });
  }

  static Future<Void> usedBy(SqlConnection conn, UUID invitationId, UUID userId) {
    return conn.preparedQuery("UPDATE invitations SET used_by = $2 WHERE id = $1").execute(Tuple.of(invitationId, userId)).mapEmpty();
  }

  private static JsonObject json(Row row) {
    OffsetDateTime used = row.getOffsetDateTime("used_at");
    OffsetDateTime expires = row.getOffsetDateTime("expires_at");
    JsonObject invitation = new JsonObject().put("id", row.getUUID("id").toString()).put("email", row.getString("email"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString()).put("expiresAt", expires.toInstant().toString())
        .put("status", used != null ? "used" : expires.isBefore(OffsetDateTime.now()) ? "expired" : "open");
    if (used != null) {
      invitation.put("usedAt", used.toInstant().toString());
    }
    if (row.getUUID("used_by") != null) {
      invitation.put("usedBy", row.getUUID("used_by").toString());
    }
    return invitation;
  }
}
