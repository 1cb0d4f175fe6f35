package io.mediawhisperer.http;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;

/**
 * {@code /api/v1/sources}, {@code /api/v1/jobs} and {@code /api/v1/collections}: each call is
 * one ingestion bus request on behalf of the authenticated user (contract: {@link IngestionBus}).
 * Uploads stream to {@code <data-dir>/uploads} under names Vert.x makes; ingestion takes the
 * file over.
 */
final class SourceRoutes {

  private final Edge edge;
  private final Path uploads;
  private final long maxUploadBytes;

  SourceRoutes(Edge edge, Path uploads, long maxUploadBytes) {
    this.edge = edge;
    this.uploads = uploads;
    this.maxUploadBytes = maxUploadBytes;
  }

  /** Mounted before the generic JSON body handler, which then sees the body handled and steps aside. */
  void mountUploadBody(Router router) {
    router.post("/api/v1/sources").handler(BodyHandler.create(uploads.toString())
        .setBodyLimit(maxUploadBytes)
        .setDeleteUploadedFilesOnEnd(true)
        .setMergeFormAttributes(false));
  }

  void mount(Router router) {
    router.post("/api/v1/sources").handler(this::create);
    router.get("/api/v1/sources").handler(this::list);
    router.get("/api/v1/sources/:id").handler(ctx -> forSource(ctx, IngestionBus.GET, new JsonObject(), 200));
    router.delete("/api/v1/sources/:id").handler(this::delete);
    router.get("/api/v1/sources/:id/pages/:n").handler(this::page);
    router.get("/api/v1/sources/:id/images").handler(this::images);
    router.get("/api/v1/sources/:id/images/:index").handler(this::image);
    router.get("/api/v1/sources/:id/segments").handler(ctx -> forSource(ctx, IngestionBus.SEGMENTS, new JsonObject(), 200));
    router.get("/api/v1/sources/:id/file").handler(this::file);
    router.get("/api/v1/jobs/:id").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.JOB, new JsonObject().put("jobId", ctx.pathParam("id")))
            .map(reply -> reply.getJsonObject("job"))));
    router.post("/api/v1/search").handler(this::search);
    router.post("/api/v1/collections").handler(this::createCollection);
    router.get("/api/v1/collections").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.COLLECTION_LIST, listQuery(ctx))));
    router.get("/api/v1/collections/:id").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.COLLECTION_GET, new JsonObject().put("collectionId", ctx.pathParam("id")))
            .map(reply -> reply.getJsonObject("collection"))));
    router.delete("/api/v1/collections/:id").handler(ctx -> Edge.noContent(ctx,
        edge.asUser(ctx, IngestionBus.COLLECTION_DELETE, new JsonObject().put("collectionId", ctx.pathParam("id")))));
  }

  private void create(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    boolean multipart = type != null && type.toLowerCase().startsWith("multipart/form-data");
    Future<JsonObject> created;
    if (multipart) {
      FileUpload file = ctx.fileUploads().stream().filter(f -> f.name().equals("file")).findFirst()
          .orElseThrow(() -> Failure.invalidInput("a multipart part named 'file' is required").asException());
      created = edge.asUser(ctx, IngestionBus.CREATE_FROM_UPLOAD, new JsonObject()
          .put("uploadPath", file.uploadedFileName())
          .put("fileName", file.fileName())
          .put("title", ctx.request().getFormAttribute("title"))
          .put("collectionId", blankToNull(ctx.request().getFormAttribute("collectionId"))));
    } else {
      JsonObject body = Edge.jsonBody(ctx);
      body.remove("userId");
      created = edge.asUser(ctx, IngestionBus.CREATE_FROM_JSON, body);
    }
    created.onSuccess(reply -> {
      boolean isNew = reply.getBoolean("created", false);
      reply.remove("created");
      Edge.json(ctx, isNew ? 202 : 200, reply);
    }).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    JsonObject query = listQuery(ctx);
    for (String filter : new String[] {"kind", "status", "collectionId", "tag"}) {
      query.put(filter, blankToNull(ctx.queryParams().get(filter)));
    }
    Edge.respond(ctx, 200, edge.asUser(ctx, IngestionBus.LIST, query));
  }

  private void delete(RoutingContext ctx) {
    Edge.noContent(ctx, edge.asUser(ctx, IngestionBus.DELETE, new JsonObject().put("sourceId", ctx.pathParam("id"))));
  }

  private void page(RoutingContext ctx) {
    forSource(ctx, IngestionBus.PAGE, new JsonObject().put("pageNumber", wholeNumber(ctx.pathParam("n"), "page number")), 200);
  }

  private void images(RoutingContext ctx) {
    String sourceId = ctx.pathParam("id");
    Edge.respond(ctx, 200, edge.asUser(ctx, IngestionBus.IMAGES, new JsonObject().put("sourceId", sourceId)).map(reply -> {
      JsonArray items = reply.getJsonArray("items");
      items.forEach(item -> ((JsonObject) item).put("url", "/api/v1/sources/" + sourceId + "/images/" + ((JsonObject) item).getInteger("index")));
      return reply;
    }));
  }

  private void image(RoutingContext ctx) {
    Edge.sendFile(ctx, edge.asUser(ctx, IngestionBus.IMAGE_FILE, new JsonObject()
        .put("sourceId", ctx.pathParam("id")).put("index", wholeNumber(ctx.pathParam("index"), "image index"))), null);
  }

  private void file(RoutingContext ctx) {
    Edge.sendFile(ctx, edge.asUser(ctx, IngestionBus.FILE, new JsonObject().put("sourceId", ctx.pathParam("id"))), "fileName");
  }

  private void search(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    body.remove("userId");
    Edge.respond(ctx, 200, edge.asUser(ctx, io.mediawhisperer.bus.RetrievalBus.SEARCH, body));
  }

  private void createCollection(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    JsonObject request = new JsonObject().put("name", body.getValue("name")).put("kind", body.getValue("kind")).put("url", body.getValue("url"));
    Edge.respond(ctx, 201, edge.asUser(ctx, IngestionBus.COLLECTION_CREATE, request).map(reply -> reply.getJsonObject("collection")));
  }

  private void forSource(RoutingContext ctx, String address, JsonObject request, int status) {
    Edge.respond(ctx, status, edge.asUser(ctx, address, request.put("sourceId", ctx.pathParam("id")))
        .map(reply -> IngestionBus.GET.equals(address) ? reply.getJsonObject("source") : reply));
  }

  private static JsonObject listQuery(RoutingContext ctx) {
    JsonObject query = new JsonObject().put("cursor", blankToNull(ctx.queryParams().get("cursor")));
    String limit = ctx.queryParams().get("limit");
    if (limit != null) {
      query.put("limit", wholeNumber(limit, "limit"));
    }
    return query;
  }

  private static int wholeNumber(String value, String what) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw Failure.invalidInput(what + " must be a whole number").asException();
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
