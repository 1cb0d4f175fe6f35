package io.mediawhisperer.auth;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first superuser of an empty server: besides {@code user add --superuser} on the command line,
 * a one-time setup token printed in the log when an auth verticle starts on a server without a
 * superuser. Each such start replaces the token (only its hash is kept), so the latest log line is
 * the one that works; it is spent by {@link AuthBus#SETUP}, and dead as soon as any superuser exists.
 */
final class SetupToken {

  private static final Logger LOG = LoggerFactory.getLogger(SetupToken.class);

  private SetupToken() {
  }

  /** At start: a new token when there is no superuser (printed), none otherwise. */
  static Future<Void> issueIfNeeded(Pool pool) {
    return pool.withTransaction(conn -> conn.query(AuthSql.SUPERUSER_EXISTS).execute()
        .compose(rows -> {
          if (rows.iterator().next().getBoolean(0)) {
            return conn.query("DELETE FROM setup_tokens").execute().mapEmpty();
          }
          String token = Tokens.newSessionToken();
          return conn.query("DELETE FROM setup_tokens").execute()
              .compose(v -> conn.preparedQuery("INSERT INTO setup_tokens (token_hash) VALUES ($1)").execute(Tuple.of(Tokens.sha256Hex(token))))
              .onSuccess(v -> LOG.warn("this server has no superuser yet. Make one in the web app at /#/setup?token={}"
                  + " (or POST /api/v1/auth/setup with that token, an email and a password), or with 'user add --superuser'", token))
              .mapEmpty();
        }));
  }

  /** Spends the token within the transaction that makes the superuser; 403 when it is wrong or a superuser exists. */
  static Future<Void> spend(SqlConnection conn, String token) {
    Failure closed = new Failure(403, AuthBus.SETUP_CLOSED, "the setup token is wrong, or this server has a superuser already");
    return conn.query("LOCK TABLE setup_tokens IN EXCLUSIVE MODE").execute()
        .compose(v -> conn.query(AuthSql.SUPERUSER_EXISTS).execute())
        .compose(rows -> rows.iterator().next().getBoolean(0) ? Future.failedFuture(closed.asException())
            : conn.preparedQuery("DELETE FROM setup_tokens WHERE token_hash = $1").execute(Tuple.of(Tokens.sha256Hex(token))))
        .compose(deleted -> deleted.rowCount() == 1 ? Future.succeededFuture() : Future.failedFuture(closed.asException()));
  }
}
