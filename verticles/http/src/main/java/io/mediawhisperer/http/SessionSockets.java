package io.mediawhisperer.http;

import io.mediawhisperer.bus.AuthBus;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends a WebSocket with the session it was opened with: when the session is logged out (auth
 * publishes {@link AuthBus#SESSION_ENDED} to every node) and when it expires (a timer to its
 * expiry). A socket then closes with 4401, like one that never authenticated, and the client must
 * log in again. Each socket is looked at again at least every {@value #RECHECK_MILLIS} ms, so one
 * closed by its client is forgotten without a close handler of its own.
 */
final class SessionSockets {

  static final long RECHECK_MILLIS = 30_000;

  private final Vertx vertx;
  private final Map<String, Set<ServerWebSocket>> bySession = new ConcurrentHashMap<>();

  SessionSockets(Vertx vertx) {
    this.vertx = vertx;
    vertx.eventBus().<JsonObject>consumer(AuthBus.SESSION_ENDED, event -> ended(event.body().getString("sessionId")));
  }

  /** Watches a socket authenticated as {@code identity} ({@link AuthBus#AUTHENTICATE}'s reply). */
  void watch(ServerWebSocket socket, JsonObject identity) {
    String sessionId = identity.getString("sessionId");
    if (sessionId == null) {
      return;
    }
    bySession.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(socket);
    String expiresAt = identity.getString("expiresAt");
    check(socket, sessionId, expiresAt == null ? Long.MAX_VALUE : Instant.parse(expiresAt).toEpochMilli());
  }

  private void check(ServerWebSocket socket, String sessionId, long expiresAtMillis) {
    if (socket.isClosed()) {
      forget(sessionId, socket);
      return;
    }
    long left = expiresAtMillis - System.currentTimeMillis();
    if (left <= 0) {
      forget(sessionId, socket);
      socket.close(EventSocket.UNAUTHORIZED, "the session has expired");
      return;
    }
    vertx.setTimer(Math.min(left, RECHECK_MILLIS), id -> check(socket, sessionId, expiresAtMillis));
  }

  private void ended(String sessionId) {
    Set<ServerWebSocket> sockets = sessionId == null ? null : bySession.remove(sessionId);
    if (sockets != null) {
      sockets.stream().filter(socket -> !socket.isClosed())
          .forEach(socket -> socket.close(EventSocket.UNAUTHORIZED, "the session has ended"));
    }
  }

  private void forget(String sessionId, ServerWebSocket socket) {
    bySession.computeIfPresent(sessionId, (id, sockets) -> {
      sockets.remove(socket);
      return sockets.isEmpty() ? null : sockets;
    });
  }
}
