package io.mediawhisperer.http;

import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.NodeBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/admin/*}: superusers only. Everyone else, signed in or not, gets the same 404 as a
 * route that does not exist, so the administration API does not reveal itself.
 */
final class AdminRoutes {

  private final Edge edge;
  private final JsonObject plugins;

  /**
   * @param plugins what {@code GET /api/v1/admin/plugins} answers: the plugins of this node (each
   *     node loads its own plugins directory), fixed at start-up
   */
  AdminRoutes(Edge edge, JsonObject plugins) {
    this.edge = edge;
    this.plugins = plugins;
  }

  void mount(Router router) {
    router.get("/api/v1/admin/cluster").handler(ctx -> Edge.respond(ctx, 200,
        superuser(ctx).compose(user -> edge.request(ctx, NodeBus.CLUSTER, new JsonObject()))));
    router.get("/api/v1/admin/plugins").handler(ctx -> Edge.respond(ctx, 200, superuser(ctx).map(user -> plugins)));
    router.get("/api/v1/admin/config").handler(ctx -> Edge.respond(ctx, 200,
        superuser(ctx).compose(user -> edge.request(ctx, ConfigBus.LIST, new JsonObject()))));
    router.put("/api/v1/admin/config/:key").handler(ctx -> Edge.respond(ctx, 200,
        superuser(ctx).compose(user -> edge.request(ctx, ConfigBus.UPDATE, update(ctx, user)))));
    router.post("/api/v1/admin/reindex").handler(ctx -> Edge.respond(ctx, 202,
        superuser(ctx).compose(user -> edge.request(ctx, RetrievalBus.REINDEX_START, reindex(ctx, user)))
            .map(reply -> reply.getJsonObject("job"))));
    router.get("/api/v1/admin/reindex").handler(ctx -> Edge.respond(ctx, 200,
        superuser(ctx).compose(user -> edge.request(ctx, RetrievalBus.REINDEX_STATUS, new JsonObject()))));
    router.delete("/api/v1/admin/reindex/:id").handler(ctx -> Edge.noContent(ctx,
        superuser(ctx).compose(user -> edge.request(ctx, RetrievalBus.REINDEX_CANCEL, new JsonObject().put("jobId", ctx.pathParam("id"))))));
  }

  /** {@code {"embeddingModel"?, "chunkSize"?}} from a superuser; anything else in the body is ignored. */
  private static JsonObject reindex(RoutingContext ctx, JsonObject user) {
    boolean empty = ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
    JsonObject body = empty ? new JsonObject() : Edge.jsonBody(ctx);
    JsonObject request = new JsonObject().put("userId", user.getString("id"));
    Object model = body.getValue("embeddingModel");
    if (model != null && !(model instanceof String)) {
      throw Failure.invalidInput("embeddingModel must be the name of an embedding provider").asException();
    }
    if (model != null) {
      request.put("embeddingModel", model);
    }
    if (body.containsKey("chunkSize")) {
      request.put("chunkSize", body.getValue("chunkSize"));
    }
    return request;
  }

  /** The body is read only once the caller is known to be a superuser: anyone else learns nothing from a 400. */
  private static JsonObject update(RoutingContext ctx, JsonObject user) {
    JsonObject body = Edge.jsonBody(ctx);
    JsonObject update = new JsonObject().put("key", ctx.pathParam("key")).put("userId", user.getString("id"));
    if (body.containsKey("value")) {
      update.put("value", body.getValue("value"));
    }
    return update;
  }

  /** The authenticated superuser, or the 404 of an unknown route (for a missing or bad token too). */
  private Future<JsonObject> superuser(RoutingContext ctx) {
    Failure hidden = Failure.notFound("no route for " + ctx.request().method() + " " + ctx.request().path());
    if (Edge.token(ctx) == null) {
      return Future.failedFuture(hidden.asException());
    }
    return edge.authenticate(ctx)
        .recover(error -> Future.failedFuture(Failure.from(error).status() == 401 ? hidden.asException() : error))
        .compose(identity -> identity.getJsonObject("user").getBoolean("isSuperuser", false)
            ? Future.succeededFuture(identity.getJsonObject("user"))
            : Future.failedFuture(hidden.asException()));
  }
}
