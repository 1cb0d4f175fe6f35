package io.mediawhisperer.http;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.UserEvents;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/ws}: a user's live events (job progress, source status) from whichever node
 * produced them. Authenticated by the {@code mw_session} cookie or Authorization header on the
 * upgrade, or by a first frame {@code {"type": "auth", "token"}} within {@value #AUTH_TIMEOUT_MS} ms.
 */
final class EventSocket {

  private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
  static final long AUTH_TIMEOUT_MS = 10_000;
  /** WebSocket close codes in the application range: 4401 mirrors HTTP 401. */
  static final short UNAUTHORIZED = 4401;

  private final Vertx vertx;
  private final Edge edge;

  EventSocket(Vertx vertx, Edge edge) {
    this.vertx = vertx;
    this.edge = edge;
  }

  void handle(RoutingContext ctx) {
    String token = Edge.token(ctx);
    ctx.request().toWebSocket().onSuccess(socket -> {
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
        .onSuccess(identity -> subscribe(socket, identity.getJsonObject("user")));
  }

  private void subscribe(ServerWebSocket socket, JsonObject user) {
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
    socket.textMessageHandler(text -> {
      // chat frames ("ask") arrive with the conversation work; until then they are answered plainly
      socket.writeTextMessage(new JsonObject().put("type", "error")
          .put("error", new JsonObject().put("code", "unsupported_frame").put("message", "this server accepts no frames yet")).encode());
    });
  }
}
