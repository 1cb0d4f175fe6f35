package io.mediawhisperer.http;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/ws}: a user's live events (job progress, source status) from whichever node
 * produced them, and chat: {@code ask} frames answered with {@code delta} frames and a
 * {@code done} frame (or an {@code error} frame), each carrying the ask's {@code requestId}. Authenticated by the {@code mw_session} cookie or Authorization header on the
 * upgrade, or by a first frame {@code {"type": "auth", "token"}} within {@value #AUTH_TIMEOUT_MS} ms.
 * A cookie-authenticated upgrade from another site's page is refused (403, see {@link Origins}),
 * and a socket closes with 4401 when its session ends or expires ({@link SessionSockets}).
 */
final class EventSocket {

  private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
  static final long AUTH_TIMEOUT_MS = 10_000;
  /** WebSocket close codes in the application range: 4401 mirrors HTTP 401. */
  static final short UNAUTHORIZED = 4401;

  /** Answers one socket may wait for at once; more are refused rather than queued. */
  static final int MAX_OPEN_ASKS = 4;

  private final Vertx vertx;
  private final Edge edge;
  private final AnswerStream answers;
  private final SessionSockets sessions;
  private final Origins origins;
  private final long pingIntervalMs;

  /** {@code pingIntervalMs}: pings keep a quiet socket open through proxies that cut idle connections. */
  EventSocket(Vertx vertx, Edge edge, AnswerStream answers, Origins origins, long pingIntervalMs) {
    this.vertx = vertx;
    this.edge = edge;
    this.answers = answers;
    this.sessions = new SessionSockets(vertx);
    this.origins = origins;
    this.pingIntervalMs = pingIntervalMs;
  }

  void handle(RoutingContext ctx) {
    String token = Edge.token(ctx);
    Cookie cookie = ctx.request().getCookie(Edge.SESSION_COOKIE);
    if (token != null && cookie != null && token.equals(cookie.getValue()) && !origins.allowsHandshake(ctx.request())) {
      HttpErrors.send(ctx, new Failure(403, "origin_not_allowed", "a page of this origin may not open a WebSocket with your session"
          + " cookie (allowed: this server's own origin and " + ConfigKeys.HTTP_ALLOWED_ORIGINS.name() + ")"));
      return;
    }
    ctx.request().toWebSocket().onSuccess(socket -> {
      vertx.setPeriodic(pingIntervalMs, ping -> {
        if (socket.isClosed()) {
          vertx.cancelTimer(ping);
        } else {
          socket.writePing(Buffer.buffer());
        }
      });
      if (token != null) {
        authenticate(ctx, socket, token);
        return;
      }
      long timer = vertx.setTimer(AUTH_TIMEOUT_MS, id -> socket.close(UNAUTHORIZED, "authenticate first"));
      socket.textMessageHandler(text -> {
        vertx.cancelTimer(timer);
        socket.textMessageHandler(null);
        String given = null;
        try {
          JsonObject frame = new JsonObject(text);
          given = "auth".equals(frame.getString("type")) ? frame.getString("token") : null;
        } catch (DecodeException | ClassCastException ignored) {
          // an unreadable first frame is treated as no token
        }
        if (given == null) {
          socket.close(UNAUTHORIZED, "the first frame must be {\"type\": \"auth\", \"token\"}");
        } else {
          authenticate(ctx, socket, given);
        }
      });
    }).onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.getMessage()));
  }

  private void authenticate(RoutingContext ctx, ServerWebSocket socket, String token) {
    edge.request(ctx, AuthBus.AUTHENTICATE, new JsonObject().put("token", token))
        .onFailure(e -> socket.close(UNAUTHORIZED, "invalid or expired token"))
        .onSuccess(identity -> {
          sessions.watch(socket, identity);
          subscribe(ctx, socket, identity.getJsonObject("user"));
        });
  }

  private void subscribe(RoutingContext ctx, ServerWebSocket socket, JsonObject user) {
    AtomicReference<MessageConsumer<JsonObject>> consumer = new AtomicReference<>();
    consumer.set(vertx.eventBus().<JsonObject>consumer(UserEvents.address(user.getString("id")), event -> {
      if (!socket.isClosed()) {
        socket.writeTextMessage(event.body().encode());
      }
    }));
    socket.closeHandler(v -> consumer.get().unregister());
    // "ready" once the subscription has reached the whole cluster, so no event after it is missed
    consumer.get().completion().onSuccess(v -> socket.writeTextMessage(
        new JsonObject().put("type", "ready").put("user", user).encode()));
    int[] openAsks = {0};
    socket.textMessageHandler(text -> {
      JsonObject frame;
      try {
        frame = new JsonObject(text);
      } catch (DecodeException e) {
        send(socket, error(null, Failure.invalidInput("frames are JSON objects")));
        return;
      }
      String requestId = frame.getValue("requestId") instanceof String id ? id : null;
      if (!"ask".equals(frame.getValue("type"))) {
        send(socket, error(requestId, new Failure(400, "unsupported_frame", "the server accepts frames of type ask")));
      } else if (openAsks[0] >= MAX_OPEN_ASKS) {
        send(socket, error(requestId, new Failure(429, Failure.TOO_MANY_REQUESTS,
            "at most " + MAX_OPEN_ASKS + " questions may wait for an answer at once")));
      } else {
        openAsks[0]++;
        ask(ctx, socket, user, frame, requestId).onComplete(done -> openAsks[0]--);
      }
    });
  }

  /** Chat over the socket: {@code delta} frames as the answer is written, then {@code done} with the stored message. */
  private Future<JsonObject> ask(RoutingContext ctx, ServerWebSocket socket, JsonObject user, JsonObject frame, String requestId) {
    JsonObject ask = new JsonObject()
        .put("userId", user.getString("id"))
        .put("conversationId", frame.getValue("conversationId"))
        .put("content", frame.getValue("content"));
    return answers.ask(Edge.requestId(ctx), ask,
            piece -> send(socket, new JsonObject().put("type", "delta").put("requestId", requestId).put("text", piece)))
        .onSuccess(reply -> send(socket, new JsonObject().put("type", "done").put("requestId", requestId)
            .put("userMessage", reply.getJsonObject("userMessage")).put("message", reply.getJsonObject("message"))))
        .onFailure(e -> send(socket, error(requestId, Failure.from(e))));
  }

  private static JsonObject error(String requestId, Failure failure) {
    return new JsonObject().put("type", "error").put("requestId", requestId)
        .put("error", new JsonObject().put("code", failure.code()).put("message", failure.message()));
  }

  private static void send(ServerWebSocket socket, JsonObject frame) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(frame.encode());
    }
  }
}
