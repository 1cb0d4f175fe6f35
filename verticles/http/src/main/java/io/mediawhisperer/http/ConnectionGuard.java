package io.mediawhisperer.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that hold a socket without using it, and refuses connections past the cap.
 * A connection must send its first request's headers within the header timeout, and each later
 * request within the idle timeout after the previous response ended; so a client that sends
 * nothing, or half its headers, or keeps dribbling them, loses the socket. A body that stops
 * arriving is {@link RequestGuard}'s. There is deliberately no timeout while a response is being
 * computed (a slow chat model may take minutes before its first byte; the bus timeouts bound that),
 * and none on an open WebSocket, which must authenticate within seconds and is counted against the
 * cap. The cap counts the connections of every HTTP verticle instance of this Vert.x.
 */
final class ConnectionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final HttpLimits limits;
  private final AtomicInteger open;
  /** Each connection's pending "a request must arrive by now" timer; touched on this verticle's event loop only. */
  private final Map<HttpConnection, Long> waitingForRequest = new WeakHashMap<>();
  private long refused;

  ConnectionGuard(Vertx vertx, HttpLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
    this.open = ((OpenConnections) vertx.sharedData().getLocalMap("mw.http")
        .computeIfAbsent("open-connections", k -> new OpenConnections())).count;
  }

  /** Open connections on this node, across HTTP verticle instances (for tests and metrics). */
  static int openConnections(Vertx vertx) {
    Object count = vertx.sharedData().getLocalMap("mw.http").get("open-connections");
    return count == null ? 0 : ((OpenConnections) count).count.get();
  }

  void onConnection(HttpConnection connection) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      if (refused++ % 1000 == 0) {
        LOG.warn("refusing connections: {} are open (http-max-connections); {} refused so far", limits.maxConnections(), refused);
      }
      connection.close();
      return;
    }
    connection.closeHandler(v -> {
      open.decrementAndGet();
      cancelWait(connection);
    });
    expectRequest(connection, limits.headerTimeoutSeconds());
  }

  /** Wraps the request handler: a request has arrived, so the connection is no longer waiting for one. */
  Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    return request -> {
      cancelWait(request.connection());
      next.handle(request);
    };
  }

  /** A response has ended: the connection's next request must arrive within the idle timeout. */
  void responseEnded(HttpServerRequest request) {
    boolean upgraded = "websocket".equalsIgnoreCase(request.getHeader("upgrade"));
    if (!upgraded && !request.response().closed()) {
      expectRequest(request.connection(), limits.idleTimeoutSeconds());
    }
  }

  private void expectRequest(HttpConnection connection, int seconds) {
    cancelWait(connection);
    long timer = vertx.setTimer(seconds * 1000L, id -> {
      waitingForRequest.remove(connection);
      connection.close();
    });
    waitingForRequest.put(connection, timer);
  }

  private void cancelWait(HttpConnection connection) {
    Long timer = waitingForRequest.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** Shared by the HTTP verticle instances of one Vert.x through its local map. */
  private static final class OpenConnections implements Shareable {
    final AtomicInteger count = new AtomicInteger();
  }
}
