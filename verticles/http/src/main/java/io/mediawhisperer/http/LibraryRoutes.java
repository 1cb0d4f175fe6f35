package io.mediawhisperer.http;

import io.mediawhisperer.bus.IngestionBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The chat-log library: tags, annotations, a chat log's versions, merges and the search of
 * messages. Each call is one ingestion bus request on behalf of the authenticated user (contract:
 * {@link IngestionBus}, "the chat-log library").
 */
final class LibraryRoutes {

  private final Edge edge;

  LibraryRoutes(Edge edge) {
    this.edge = edge;
  }

  void mount(Router router) {
    router.post("/api/v1/tags").handler(ctx -> Edge.respond(ctx, 201,
        edge.asUser(ctx, IngestionBus.TAG_CREATE, Edge.fields(Edge.jsonBody(ctx), "name")).map(reply -> reply.getJsonObject("tag"))));
    router.get("/api/v1/tags").handler(ctx -> Edge.respond(ctx, 200, edge.asUser(ctx, IngestionBus.TAG_LIST, Edge.listQuery(ctx))));
    router.delete("/api/v1/tags/:id").handler(ctx -> Edge.noContent(ctx,
        edge.asUser(ctx, IngestionBus.TAG_DELETE, new JsonObject().put("tagId", ctx.pathParam("id")))));
    router.put("/api/v1/sources/:id/tags").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.SOURCE_TAGS, Edge.fields(Edge.jsonBody(ctx), "tagIds").put("sourceId", ctx.pathParam("id")))));

    router.post("/api/v1/sources/:id/annotations").handler(ctx -> Edge.respond(ctx, 201,
        edge.asUser(ctx, IngestionBus.ANNOTATION_CREATE, Edge.fields(Edge.jsonBody(ctx), "content", "position").put("sourceId", ctx.pathParam("id")))
            .map(reply -> reply.getJsonObject("annotation"))));
    router.get("/api/v1/sources/:id/annotations").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.ANNOTATION_LIST, Edge.listQuery(ctx).put("sourceId", ctx.pathParam("id")))));
    router.delete("/api/v1/annotations/:id").handler(ctx -> Edge.noContent(ctx,
        edge.asUser(ctx, IngestionBus.ANNOTATION_DELETE, new JsonObject().put("annotationId", ctx.pathParam("id")))));

    router.put("/api/v1/sources/:id/messages").handler(ctx -> Edge.respond(ctx, 202,
        edge.asUser(ctx, IngestionBus.MESSAGES_EDIT, Edge.fields(Edge.jsonBody(ctx), "messages").put("sourceId", ctx.pathParam("id")))));
    router.get("/api/v1/sources/:id/versions").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.VERSIONS, Edge.listQuery(ctx).put("sourceId", ctx.pathParam("id")))));
    router.get("/api/v1/sources/:id/versions/:n").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.VERSION, version(ctx))));
    router.post("/api/v1/sources/:id/versions/:n/restore").handler(ctx -> Edge.respond(ctx, 202,
        edge.asUser(ctx, IngestionBus.VERSION_RESTORE, version(ctx))));
    router.post("/api/v1/sources/merge").handler(ctx -> Edge.respond(ctx, 202,
        edge.asUser(ctx, IngestionBus.MERGE, Edge.fields(Edge.jsonBody(ctx), "sourceIds", "title"))));

    router.get("/api/v1/chat-logs/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    JsonObject query = Edge.listQuery(ctx);
    for (String name : new String[] {"q", "platform", "tag", "from", "to"}) {
      String value = ctx.queryParams().get(name);
      if (value != null && !value.isBlank()) {
        query.put(name, value);
      }
    }
    Edge.respond(ctx, 200, edge.asUser(ctx, IngestionBus.SEARCH_MESSAGES, query));
  }

  /** A version number in the path: one that is no whole number names no version, 404 like any other. */
  private static JsonObject version(RoutingContext ctx) {
    JsonObject request = new JsonObject().put("sourceId", ctx.pathParam("id"));
    try {
      return request.put("version", Integer.parseInt(ctx.pathParam("n")));
    } catch (NumberFormatException e) {
      return request.put("version", 0);
    }
  }
}
