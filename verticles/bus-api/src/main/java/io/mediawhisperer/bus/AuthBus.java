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

  public static final String EMAIL_TAKEN = "email_taken";
  public static final String INVALID_CREDENTIALS = "invalid_credentials";
  public static final String REGISTRATION_CLOSED = "registration_closed";
  public static final int MIN_PASSWORD_LENGTH = 8;

  private AuthBus() {
  }
}
