package io.mediawhisperer.http;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/conversations}: each call is one chat bus request on behalf of the
 * authenticated user (contract: {@link ChatBus}). Asking with {@code Accept: text/event-stream}
 * streams the answer as server-sent events {@code delta} ({@code {"text"}}) then {@code done}
 * (the same body as the JSON reply); a failure before the first event is an ordinary JSON error,
 * one after it an {@code error} event.
 */
final class ConversationRoutes {

  private final Edge edge;
  private final AnswerStream answers;

  ConversationRoutes(Edge edge, AnswerStream answers) {
    this.edge = edge;
    this.answers = answers;
  }

  void mount(Router router) {
    router.post("/api/v1/conversations").handler(this::create);
    router.get("/api/v1/conversations").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, ChatBus.LIST, Edge.listQuery(ctx))));
    router.get("/api/v1/conversations/:id").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, ChatBus.GET, idOf(ctx)).map(reply -> reply.getJsonObject("conversation"))));
    router.delete("/api/v1/conversations/:id").handler(ctx -> Edge.noContent(ctx, edge.asUser(ctx, ChatBus.DELETE, idOf(ctx))));
    router.get("/api/v1/conversations/:id/messages").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, ChatBus.MESSAGES, Edge.listQuery(ctx).put("conversationId", ctx.pathParam("id")))));
    router.post("/api/v1/conversations/:id/messages").handler(this::ask);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    JsonObject request = new JsonObject().put("title", body.getValue("title")).put("sourceIds", body.getValue("sourceIds"))
        .put("collectionId", body.getValue("collectionId"));
    Edge.respond(ctx, 201, edge.asUser(ctx, ChatBus.CREATE, request).map(reply -> reply.getJsonObject("conversation")));
  }

  private void ask(RoutingContext ctx) {
    JsonObject request = idOf(ctx).put("content", Edge.jsonBody(ctx).getValue("content"));
    String accept = ctx.request().getHeader("accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      Edge.respond(ctx, 200, edge.authenticate(ctx).compose(identity -> edge.request(Edge.requestId(ctx), ChatBus.ASK,
          request.put("userId", identity.getJsonObject("user").getString("id")), ChatBus.ANSWER_TIMEOUT_MS)));
      return;
    }
    HttpServerResponse response = ctx.response();
    edge.authenticate(ctx)
        .compose(identity -> answers.ask(Edge.requestId(ctx), request.put("userId", identity.getJsonObject("user").getString("id")),
            piece -> event(response, "delta", new JsonObject().put("text", piece))))
        .onSuccess(reply -> {
          event(response, "done", reply);
          if (!response.closed()) {
            response.end();
          }
        })
        .onFailure(error -> {
          if (!response.headWritten()) {
            ctx.fail(error);
            return;
          }
          Failure failure = Failure.from(error);
          event(response, "error", new JsonObject().put("error",
              new JsonObject().put("code", failure.code()).put("message", failure.message())));
          if (!response.closed()) {
            response.end();
          }
        });
  }

  /** One server-sent event; the stream's headers go out with the first. A client that left is skipped. */
  private static void event(HttpServerResponse response, String name, JsonObject data) {
    if (response.closed() || response.ended()) {
      return;
    }
    if (!response.headWritten()) {
      response.setChunked(true)
          .putHeader("content-type", "text/event-stream; charset=utf-8")
          .putHeader("cache-control", "no-cache")
          // proxies such as nginx would otherwise hold the stream back
          .putHeader("x-accel-buffering", "no");
    }
    response.write("event: " + name + "\ndata: " + data.encode() + "\n\n");
  }

  private static JsonObject idOf(RoutingContext ctx) {
    return new JsonObject().put("conversationId", ctx.pathParam("id"));
  }
}
