package io.mediawhisperer.http;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.NodeBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.settings.RuntimeSetting;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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
    router.get("/api/v1/admin/users").handler(ctx -> Edge.respond(ctx, 200, superuser(ctx).compose(user ->
        edge.request(ctx, AuthBus.ADMIN_USERS, query(ctx, "query", "offset", "limit")))));
    router.patch("/api/v1/admin/users/:id").handler(ctx -> Edge.respond(ctx, 200, superuser(ctx).compose(user -> {
      JsonObject body = Edge.jsonBody(ctx);
      JsonObject update = new JsonObject().put("actorId", user.getString("id")).put("userId", ctx.pathParam("id"));
      for (String field : new String[] {"isActive", "isSuperuser", "quota"}) {
        if (body.containsKey(field)) {
          update.put(field, body.getValue(field));
        }
      }
      return edge.request(ctx, AuthBus.ADMIN_USER_UPDATE, update).map(reply -> reply.getJsonObject("user"));
    })));
    router.delete("/api/v1/admin/users/:id").handler(ctx -> Edge.noContent(ctx, superuser(ctx).compose(user ->
        edge.request(Edge.requestId(ctx), AuthBus.ADMIN_USER_DELETE, new JsonObject().put("actorId", user.getString("id"))
            .put("userId", ctx.pathParam("id")), 310_000))));
    router.post("/api/v1/admin/users/:id/password-reset").handler(ctx -> Edge.respond(ctx, 200, superuser(ctx).compose(user ->
        edge.request(ctx, AuthBus.ADMIN_PASSWORD_RESET, new JsonObject().put("actorId", user.getString("id")).put("userId", ctx.pathParam("id"))))));
    router.get("/api/v1/admin/audit").handler(ctx -> Edge.respond(ctx, 200, superuser(ctx).compose(user ->
        edge.request(ctx, AuthBus.ADMIN_AUDIT, query(ctx, "limit", "before")))));
    router.post("/api/v1/admin/invitations").handler(ctx -> Edge.respond(ctx, 201, superuser(ctx).compose(user -> {
      boolean empty = ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
      JsonObject body = empty ? new JsonObject() : Edge.jsonBody(ctx);
      JsonObject request = new JsonObject().put("actorId", user.getString("id"));
      for (String field : new String[] {"email", "expiresInHours"}) {
        if (body.containsKey(field)) {
          request.put(field, body.getValue(field));
        }
      }
      return edge.request(ctx, AuthBus.INVITATION_CREATE, request).map(reply -> reply.getJsonObject("invitation"));
    })));
    router.get("/api/v1/admin/invitations").handler(ctx -> Edge.respond(ctx, 200, superuser(ctx).compose(user ->
        edge.request(ctx, AuthBus.INVITATIONS, new JsonObject()))));
    router.delete("/api/v1/admin/invitations/:id").handler(ctx -> Edge.noContent(ctx, superuser(ctx).compose(user ->
        edge.request(ctx, AuthBus.INVITATION_DELETE, new JsonObject().put("actorId", user.getString("id")).put("invitationId", ctx.pathParam("id"))))));
    router.post("/api/v1/admin/reindex").handler(ctx -> Edge.respond(ctx, 202,
        superuser(ctx).compose(user -> startReindex(ctx, reindex(ctx, user))).map(reply -> reply.getJsonObject("job"))));
    router.get("/api/v1/admin/reindex").handler(ctx -> Edge.respond(ctx, 200, superuser(ctx).compose(user ->
        edge.request(ctx, RetrievalBus.REINDEX_STATUS, new JsonObject()).compose(status -> chunking(ctx).map(c -> status.put("chunking", c))))));
    router.delete("/api/v1/admin/reindex/:id").handler(ctx -> Edge.noContent(ctx,
        superuser(ctx).compose(user -> edge.request(ctx, RetrievalBus.REINDEX_CANCEL, new JsonObject().put("jobId", ctx.pathParam("id"))))));
  }

  /**
   * Another embedding model goes to retrieval (a new index beside the live one), another chunk size
   * to ingestion (every source chunked again): one of them per request. The chunk size becomes the
   * runtime setting first, so sources added while the re-chunk runs are chunked alike.
   */
  private Future<JsonObject> startReindex(RoutingContext ctx, JsonObject request) {
    if (!request.containsKey("chunkSize")) {
      return edge.request(ctx, RetrievalBus.REINDEX_START, request);
    }
    if (request.containsKey("embeddingModel")) {
      return Future.failedFuture(Failure.invalidInput("embeddingModel and chunkSize: change one at a time (re-index to the model,"
          + " then re-chunk, or the other way round)").asException());
    }
    return edge.request(ctx, ConfigBus.UPDATE, new JsonObject().put("key", RuntimeSetting.CHUNK_SIZE.key())
            .put("userId", request.getString("userId")).put("value", request.getValue("chunkSize")))
        .compose(updated -> edge.request(ctx, IngestionBus.RECHUNK_START, request));
  }

  /** The chunk size setting and how many sources are chunked otherwise, with the re-chunk running if any. */
  private Future<JsonObject> chunking(RoutingContext ctx) {
    return edge.request(ctx, ConfigBus.LIST, new JsonObject())
        .compose(config -> edge.request(ctx, IngestionBus.RECHUNK_STATUS, new JsonObject().put("chunkSize", chunkSizeOf(config))));
  }

  private static int chunkSizeOf(JsonObject config) {
    return config.getJsonArray("items", new JsonArray()).stream()
        .filter(o -> o instanceof JsonObject setting && RuntimeSetting.CHUNK_SIZE.key().equals(setting.getString("key")))
        .map(o -> ((JsonObject) o).getInteger("value"))
        .findFirst().orElse(RuntimeSetting.CHUNK_SIZE.fallback());
  }

  /** Query parameters as a request: whole numbers where they parse as one (the owner checks ranges), text otherwise. */
  private static JsonObject query(RoutingContext ctx, String... names) {
    JsonObject request = new JsonObject();
    for (String name : names) {
      String value = ctx.request().getParam(name);
      if (value == null || value.isEmpty()) {
        continue;
      }
      if (name.equals("query")) {
        request.put(name, value);
      } else {
        try {
          request.put(name, Integer.parseInt(value));
        } catch (NumberFormatException e) {
          throw Failure.invalidInput(name + " must be a whole number").asException();
        }
      }
    }
    return request;
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
