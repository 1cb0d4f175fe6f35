package io.mediawhisperer.bus;

/**
 * The bus contract of the auth verticle. Every request carries the {@link RequestIds#HEADER}
 * header; failures are {@link Failure}s with the codes below. Users are returned in the HTTP contract's
 * shape: {@code {"id", "email", "name", "isSuperuser", "createdAt"}}.
 */
public final class AuthBus {

  /**
   * {@code {"email", "password", "name"?, "clientAddress"?}} -> {@code {"user"}}.
   * Fails 400 {@value Failure#INVALID_INPUT} (malformed email, password under
   * {@link #MIN_PASSWORD_LENGTH} characters), 409 {@value #EMAIL_TAKEN}, 403
   * {@value #REGISTRATION_CLOSED} when {@code registration-enabled} is false, 429
   * {@value Failure#TOO_MANY_REQUESTS} (with a retry hint) past
   * {@code registration-per-hour-per-address} accounts from {@code clientAddress}.
   */
  public static final String REGISTER = "auth.register";

  /**
   * {@code {"email", "password", "userAgent"?, "clientAddress"?}} ->
   * {@code {"token", "accessToken", "expiresAt", "user"}}: {@code token} is the session token
   * (256 random bits, base64url), {@code accessToken} a short-lived JWT bound to the session.
   * Fails 401 {@value #INVALID_CREDENTIALS}, 429 {@value Failure#TOO_MANY_REQUESTS} with a retry
   * hint while this email and address must wait after repeated failures.
   */
  public static final String LOGIN = "auth.login";

  /**
   * {@code {"token"}} (session token or JWT) -> {@code {}}; ends the session the token belongs to
   * and publishes {@link #SESSION_ENDED}.
   */
  public static final String LOGOUT = "auth.logout";

  /**
   * Published (to every node) when a session ends before its expiry: {@code {"sessionId",
   * "userId", "reason"}}. The http verticles close the WebSockets opened with it.
   */
  public static final String SESSION_ENDED = "auth.session.ended";

  /**
   * {@code {"token"}} (session token or JWT) -> {@code {"user", "sessionId", "expiresAt"}}
   * ({@code expiresAt}: when the session expires, ISO-8601).
   * Fails 401 {@value Failure#UNAUTHORIZED} for a missing, unknown, tampered or expired token.
   */
  public static final String AUTHENTICATE = "auth.authenticate";

  /**
   * Administration only, never mapped to HTTP: {@code {"email", "password", "name"?,
   * "superuser"?}} -> {@code {"user"}}; same failures as {@link #REGISTER}.
   */
  public static final String CREATE_USER = "auth.users.create";

  /**
   * Deletes an account and everything it owns: {@code {"userId", "password"}} -> {@code {"sessions": n, "ingestion": {...},
   * "retrieval": {...}, "audiobook": {...}}} (each owner's purge reply). The password is checked first (401 {@value #INVALID_CREDENTIALS}, nothing
   * changed). Then the account's sessions end ({@link #SESSION_ENDED} for each: its WebSockets close), the
   * owners purge what they keep apart from the account's rows ({@code IngestionBus.PURGE_USER},
   * {@code RetrievalBus.PURGE_USER}, {@code AudiobookBus.PURGE_USER}: files, vectors, caches, tables
   * without a key to {@code users}), and last the {@code users} row goes, and with it, by their foreign
   * keys, every row that names it (sources and their pages, jobs, chunks, conversations, messages,
   * templates). A purge that fails leaves the account in place (503, with what was done): logging in
   * and deleting again finishes the job, as each purge removes only what is still there.
   */
  public static final String DELETE_ACCOUNT = "auth.account.delete";

  /** The session sweep, run by the cleanup verticle's schedule: {@code {}} -> {@code {"deleted": n}}, expired sessions removed. */
  public static final String SWEEP_SESSIONS = "auth.sweep.sessions";

  // --- accounts of a shared deployment (issue 21); the http verticle checks that the actor is a superuser; without an
  // "actorId" the change is the command line's (audited as such) ---

  /**
   * {@code {"query"?, "offset"? (0), "limit"? (1-200, 50)}} -> {@code {"items": [AdminUser], "total"}}: users whose email or
   * name contains the query, newest first. AdminUser is the User plus {@code "isActive", "lastSeenAt"?,
   * "mustChangePassword", "usage": {"bytes", "sources"}, "quota": {"bytes", "sources", "uploadsPerHour"}} (the user's own
   * values, null where the default applies) and {@code "effectiveQuota"} (0: no limit).
   */
  public static final String ADMIN_USERS = "auth.admin.users.list";

  /**
   * {@code {"actorId", "userId", "isActive"?, "isSuperuser"?, "quota"?: {"bytes"?, "sources"?, "uploadsPerHour"?}}} (a quota
   * field null: back to the default) -> {@code {"user": AdminUser}}. Deactivating ends the user's sessions at once
   * ({@link #SESSION_ENDED}: their WebSockets close) and their logins are refused with 403 {@value #ACCOUNT_INACTIVE}.
   * Fails 409 {@value #LAST_SUPERUSER} when it would leave no active superuser, 404 for an unknown user. Audited.
   */
  public static final String ADMIN_USER_UPDATE = "auth.admin.users.update";

  /** {@code {"actorId", "userId"}} -> as {@link #DELETE_ACCOUNT} without the password; 409 {@value #LAST_SUPERUSER}. Audited. */
  public static final String ADMIN_USER_DELETE = "auth.admin.users.delete";

  /**
   * {@code {"actorId", "userId"}} -> {@code {"temporaryPassword"}}: the user's sessions end, and the next login with
   * it may only change the password ({@code mustChangePassword}; other requests get 403 {@value #PASSWORD_CHANGE_REQUIRED}). Audited.
   */
  public static final String ADMIN_PASSWORD_RESET = "auth.admin.users.password-reset";

  /** {@code {"limit"? (1-500, 100), "before"? (an id)}} -> {@code {"items": [{"id", "at", "actor"?: {"id", "email"}, "action", "target"?: {...}, "details"}]}}, newest first. */
  public static final String ADMIN_AUDIT = "auth.admin.audit";

  /**
   * {@code {"actorId", "email"?, "expiresInHours"? (1-2160, 168)}} -> {@code {"invitation": {"id", "token", "email"?, "expiresAt",
   * "createdAt"}}}: a single-use invitation; the token is shown only here. Audited.
   */
  public static final String INVITATION_CREATE = "auth.admin.invitations.create";

  /** {@code {}} -> {@code {"items": [{"id", "email"?, "createdAt", "expiresAt", "usedAt"?, "usedBy"?, "status": "open|used|expired"}]}}. */
  public static final String INVITATIONS = "auth.admin.invitations.list";

  /** {@code {"actorId", "invitationId"}} -> {@code {}}; 404 when there is none. Audited. */
  public static final String INVITATION_DELETE = "auth.admin.invitations.delete";

  /**
   * {@code {"userId", "sessionId", "currentPassword", "newPassword"}} -> {@code {"endedSessions": n}}: every other session of
   * the user ends; the calling one stays. 401 {@value #INVALID_CREDENTIALS} for a wrong current password.
   */
  public static final String CHANGE_PASSWORD = "auth.password.change";

  /**
   * {@code {"userId", "sessionId"}} -> {@code {"items": [{"id", "createdAt", "lastSeenAt", "expiresAt", "clientAddress"?,
   * "userAgent"?, "current"}]}}: the user's live sessions, the most recently used first.
   */
  public static final String SESSIONS = "auth.sessions.list";

  /** {@code {"userId", "targetSessionId"}} -> {@code {}}: ends one of the user's own sessions; 404 for any other. */
  public static final String SESSION_END = "auth.sessions.end";

  /**
   * {@code {"userId"}} -> {@code {"quota": {"bytes", "sources", "uploadsPerHour"}}}: the user's effective limits (their own,
   * else the runtime settings' defaults); 0: no limit. Ingestion asks before it stores a source.
   */
  public static final String QUOTA = "auth.users.quota";

  /**
   * {@code {"token", "email", "password", "name"?}} -> {@code {"user"}}: the first superuser of a server that has none,
   * with the one-time setup token its log printed at start. 403 {@value #SETUP_CLOSED} once a superuser exists or for a
   * wrong token.
   */
  public static final String SETUP = "auth.setup";

  public static final String ACCOUNT_INACTIVE = "account_inactive";
  public static final String LAST_SUPERUSER = "last_superuser";
  public static final String PASSWORD_CHANGE_REQUIRED = "password_change_required";
  public static final String INVITATION_REQUIRED = "invitation_required";
  public static final String INVITATION_INVALID = "invitation_invalid";
  public static final String SETUP_CLOSED = "setup_closed";

  public static final String EMAIL_TAKEN = "email_taken";
  public static final String INVALID_CREDENTIALS = "invalid_credentials";
  public static final String REGISTRATION_CLOSED = "registration_closed";
  public static final int MIN_PASSWORD_LENGTH = 8;

  private AuthBus() {
  }
}
