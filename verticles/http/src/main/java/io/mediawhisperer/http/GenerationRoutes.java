package io.mediawhisperer.http;

import io.mediawhisperer.bus.GenerationBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/templates}, {@code /api/v1/content-types} and {@code /api/v1/generate}: each
 * call is one generation bus request on behalf of the authenticated user (contract:
 * {@link GenerationBus}).
 */
final class GenerationRoutes {

  private final Edge edge;

  GenerationRoutes(Edge edge) {
    this.edge = edge;
  }

  void mount(Router router) {
    router.get("/api/v1/content-types").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, GenerationBus.CONTENT_TYPES, new JsonObject())));
    router.get("/api/v1/templates").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, GenerationBus.TEMPLATES, Edge.listQuery(ctx).put("type", ctx.queryParams().get("type")))));
    router.post("/api/v1/templates").handler(ctx -> Edge.respond(ctx, 201,
        edge.asUser(ctx, GenerationBus.TEMPLATE_CREATE, Edge.fields(Edge.jsonBody(ctx), "type", "name", "content", "variables"))
            .map(reply -> reply.getJsonObject("template"))));
    router.put("/api/v1/templates/:id").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, GenerationBus.TEMPLATE_UPDATE, Edge.fields(Edge.jsonBody(ctx), "name", "content", "variables")
                .put("templateId", ctx.pathParam("id")))
            .map(reply -> reply.getJsonObject("template"))));
    router.delete("/api/v1/templates/:id").handler(ctx -> Edge.noContent(ctx,
        edge.asUser(ctx, GenerationBus.TEMPLATE_DELETE, new JsonObject().put("templateId", ctx.pathParam("id")))));
    router.post("/api/v1/generate").handler(this::generate);
  }

  private void generate(RoutingContext ctx) {
    JsonObject request = Edge.fields(Edge.jsonBody(ctx), "type", "topic", "sourceIds", "collectionId", "templateId");
    Edge.respond(ctx, 200, edge.authenticate(ctx).compose(identity -> edge.request(Edge.requestId(ctx), GenerationBus.GENERATE,
        request.put("userId", identity.getJsonObject("user").getString("id")), GENERATE_TIMEOUT_MS)));
  }

  /** A remote model may write for minutes. */
  private static final long GENERATE_TIMEOUT_MS = 300_000;
}
