package io.mediawhisperer.auth;

import io.mediawhisperer.bus.AudiobookBus;
import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuthBus#DELETE_ACCOUNT}: the password checked, the sessions ended, each owner's purge of
 * what it keeps apart from the account's rows (in order: ingestion first, so no new work starts for
 * the account; retrieval, whose index a running job may still be feeding until its source is gone;
 * audiobooks), then the {@code users} row, whose foreign keys take every other row of the account.
 * A purge that fails leaves the account: deleting again finishes, since each purge is idempotent.
 */
final class AccountDeletion {

  private static final Logger LOG = LoggerFactory.getLogger(AccountDeletion.class);
  /** A purge deletes files and vectors of a whole library. */
  private static final long PURGE_TIMEOUT_MS = 300_000;
  private static final List<String> PURGES = List.of(IngestionBus.PURGE_USER, RetrievalBus.PURGE_USER, AudiobookBus.PURGE_USER);

  private final Vertx vertx;
  private final Pool pool;
  private final SessionCache sessions;
  private final String decoyHash;

  AccountDeletion(Vertx vertx, Pool pool, SessionCache sessions, String decoyHash) {
    this.vertx = vertx;
    this.pool = pool;
    this.sessions = sessions;
    this.decoyHash = decoyHash;
  }

  Future<JsonObject> delete(JsonObject body) {
    UUID userId = Payloads.userId(body);
    String password = Payloads.requiredString(body, "password");
    return pool.preparedQuery(AuthSql.PASSWORD_HASH).execute(Tuple.of(userId))
        .compose(rows -> {
          String hash = rows.size() == 0 || password.length() > Passwords.MAX_LENGTH ? decoyHash : rows.iterator().next().getString(0);
          boolean exists = rows.size() > 0;
          return vertx.executeBlocking(() -> hash != null && Passwords.matches(password, hash) && exists, false);
        })
        .compose(matches -> matches ? deleteWithoutPassword(userId)
            : Future.failedFuture(new Failure(401, AuthBus.INVALID_CREDENTIALS, "the password is wrong; nothing was deleted").asException()));
  }

  /** The deletion itself, once the password is checked (or a superuser deletes the account: {@link Accounts}). */
  Future<JsonObject> deleteWithoutPassword(UUID userId) {
    JsonObject done = new JsonObject();
    return endSessions(userId).map(ended -> done.put("sessions", ended))
        .compose(v -> purge(userId, 0, done))
        // the audit keeps what was done and when, not who the deleted account was
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(AuthSql.FORGET_IN_AUDIT_AS_ACTOR).execute(Tuple.of(userId))
            .compose(x -> conn.preparedQuery(AuthSql.FORGET_IN_AUDIT_AS_TARGET).execute(Tuple.of(userId)))
            .compose(x -> conn.preparedQuery(AuthSql.DELETE_USER).execute(Tuple.of(userId)))))
        .map(v -> {
          LOG.info("account {} deleted: {}", userId, done.encode());
          return done;
        });
  }

  private Future<Integer> endSessions(UUID userId) {
    return pool.preparedQuery(AuthSql.DELETE_USER_SESSIONS).execute(Tuple.of(userId)).map(rows -> {
      for (Row row : rows) {
        String sessionId = row.getUUID("id").toString();
        sessions.sessionEnded(sessionId);
        vertx.eventBus().publish(AuthBus.SESSION_ENDED, new JsonObject().put("sessionId", sessionId).put("userId", userId.toString())
            .put("reason", "account deleted"));
      }
      return rows.rowCount();
    });
  }

  private Future<Void> purge(UUID userId, int index, JsonObject done) {
    if (index == PURGES.size()) {
      return Future.succeededFuture();
    }
    String address = PURGES.get(index);
    return vertx.eventBus().<JsonObject>request(address, new JsonObject().put("userId", userId.toString()),
            new DeliveryOptions().setSendTimeout(PURGE_TIMEOUT_MS))
        .map(Message::body)
        .recover(error -> Future.failedFuture(new Failure(503, Failure.UNAVAILABLE, "the account is only partly deleted ("
            + address + " failed: " + Failure.from(error).message() + "); sign in and delete it again to finish").asException()))
        .compose(reply -> {
          done.put(address.substring(0, address.indexOf('.')), reply);
          return purge(userId, index + 1, done);
        });
  }
}
