package io.mediawhisperer.auth;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Identities of recently checked tokens, so that a client's stream of requests costs one session
 * read every few seconds instead of one (and a write) per request. An entry lives until the
 * earliest of its time to live, its session's expiry and its JWT's; a session that ends on any
 * node ({@code auth.session.ended}) is forgotten at once. Least recently used entries go first.
 * Used on the verticle's context only.
 */
final class SessionCache {

  static final int CAPACITY = 10_000;

  private record Trusted(JsonObject identity, String sessionId, long validUntilMillis) {
  }

  private final long ttlMillis;
  private final Map<String, Trusted> byToken = new LinkedHashMap<>(1_024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Trusted> eldest) {
      return size() > CAPACITY;
    }
  };

  SessionCache(long ttlSeconds) {
    this.ttlMillis = ttlSeconds * 1_000;
  }

  /** The identity {@code authenticate} answered for this token, while still trusted; null otherwise. */
  JsonObject identity(String token, long nowMillis) {
    Trusted entry = byToken.get(token);
    if (entry == null) {
      return null;
    }
    if (nowMillis >= entry.validUntilMillis()) {
      byToken.remove(token);
      return null;
    }
    return entry.identity();
  }

  /**
   * Remembers a checked token's identity ({@code {"user", "sessionId", "expiresAt"}}) until
   * {@code notAfterMillis} at the latest (the JWT's expiry; the session's is in the identity).
   */
  void remember(String token, JsonObject identity, long notAfterMillis, long nowMillis) {
    if (ttlMillis <= 0) {
      return;
    }
    long sessionExpiry = java.time.Instant.parse(identity.getString("expiresAt")).toEpochMilli();
    long validUntil = Math.min(nowMillis + ttlMillis, Math.min(sessionExpiry, notAfterMillis));
    byToken.put(token, new Trusted(identity, identity.getString("sessionId"), validUntil));
  }

  /** Forgets every token of a session that ended (logout here or on another node). */
  void sessionEnded(String sessionId) {
    byToken.values().removeIf(entry -> entry.sessionId().equals(sessionId));
  }

  int size() {
    return byToken.size();
  }
}
