package io.mediawhisperer.auth;

/** Every statement the auth verticle runs, in one place. */
final class AuthSql {

  static final String USER_COLUMNS = "u.id, u.email, u.name, u.is_superuser, u.created_at, u.must_change_password";

  static final String INSERT_USER = """
      INSERT INTO users (email, name, password_hash, is_superuser) VALUES ($1, $2, $3, $4)
      RETURNING id, email, name, is_superuser, created_at, must_change_password""";

  /** Active or not: a deactivated account is told so, once its password is right. */
  static final String USER_FOR_LOGIN = "SELECT " + USER_COLUMNS + ", u.password_hash, u.is_active FROM users u WHERE u.email = $1";

  static final String INSERT_SESSION = """
      INSERT INTO sessions (user_id, token_hash, expires_at, user_agent, client_address)
      VALUES ($1, $2, now() + make_interval(days => $3), $4, $5) RETURNING id, expires_at""";

  static final String TOUCH_USER = "UPDATE users SET last_seen_at = now() WHERE id = $1"
      + " AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')";

  static final String FORGET_IN_AUDIT_AS_ACTOR = "UPDATE audit_log SET actor_id = NULL, actor_email = '(deleted account)' WHERE actor_id = $1";
  static final String FORGET_IN_AUDIT_AS_TARGET = "UPDATE audit_log SET target_id = NULL, target_email = '(deleted account)' WHERE target_id = $1";

  static final String SUPERUSER_EXISTS = "SELECT EXISTS (SELECT 1 FROM users WHERE is_superuser)";

  static final String SESSION_BY_HASH = "SELECT s.id AS session_id, s.expires_at AS session_expires_at, " + USER_COLUMNS
      + " FROM sessions s JOIN users u ON u.id = s.user_id"
      + " WHERE s.token_hash = $1 AND s.expires_at > now() AND u.is_active";

  static final String SESSION_BY_ID = "SELECT s.id AS session_id, s.expires_at AS session_expires_at, " + USER_COLUMNS
      + " FROM sessions s JOIN users u ON u.id = s.user_id"
      + " WHERE s.id = $1 AND u.id = $2 AND s.expires_at > now() AND u.is_active";

  /** Written at most once a minute per session, so a busy client does not turn reads into writes. */
  static final String TOUCH_SESSION = "UPDATE sessions SET last_seen_at = now()"
      + " WHERE id = $1 AND last_seen_at < now() - interval '1 minute'";

  static final String DELETE_SESSION = "DELETE FROM sessions WHERE id = $1";

  static final String PASSWORD_HASH = "SELECT password_hash FROM users WHERE id = $1";
  static final String DELETE_USER_SESSIONS = "DELETE FROM sessions WHERE user_id = $1 RETURNING id";
  /** Every row that names the user by a foreign key goes with it (ON DELETE CASCADE). */
  static final String DELETE_USER = "DELETE FROM users WHERE id = $1";

  static final String DELETE_EXPIRED_SESSIONS = "DELETE FROM sessions WHERE expires_at <= now()";

  private AuthSql() {
  }
}
