package io.mediawhisperer.http;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AudiobookBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;

/**
 * {@code /api/v1/sources}, {@code /api/v1/jobs} and {@code /api/v1/collections}: each call is
 * one ingestion bus request on behalf of the authenticated user (contract: {@link IngestionBus}).
 * An upload is written once, to {@code <data-dir>/uploads}, and hashed as it is written
 * ({@link UploadReceiver}); that file is moved into the blob store as {@code uploads/<id>} (a
 * rename when the store is local, a copy otherwise), and ingestion, on whichever node, takes that
 * blob over, with the hash. Files and images are streamed from the blob store.
 */
final class SourceRoutes {

  private final Edge edge;
  private final UploadReceiver uploads;
  private final HttpLimits limits;
  private final Future<Blobs> blobs;

  SourceRoutes(Edge edge, Path uploads, HttpLimits limits, Future<Blobs> blobs) {
    this.edge = edge;
    this.uploads = new UploadReceiver(uploads, limits.maxUploadBytes());
    this.limits = limits;
    this.blobs = blobs;
  }

  /**
   * Mounted before the generic JSON body handler, which then sees the body handled and steps aside
   * (see {@link UploadReceiver#tookBody}): a multipart upload may be as large as
   * {@code upload-max-bytes}, a JSON source (a transcript with its segments, a text) as
   * {@code http-max-source-json-bytes}.
   */
  void mountUploadBody(Router router) {
    BodyHandler json = BodyHandler.create(false).setBodyLimit(limits.maxSourceJsonBytes());
    router.post("/api/v1/sources").handler(ctx -> {
      if (isMultipart(ctx)) {
        uploads.handle(ctx);
      } else {
        json.handle(ctx);
      }
    });
    router.post("/api/v1/import").handler(ctx -> {
      if (isMultipart(ctx)) {
        uploads.handle(ctx);
      } else {
        ctx.fail(new Failure(415, "unsupported_media_type", "send the export as multipart/form-data, part \"file\"").asException());
      }
    });
  }

  private static boolean isMultipart(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    return type != null && type.toLowerCase().startsWith("multipart/form-data");
  }

  void mount(Router router) {
    router.post("/api/v1/sources").handler(this::create);
    router.get("/api/v1/sources").handler(this::list);
    router.get("/api/v1/sources/:id").handler(ctx -> forSource(ctx, IngestionBus.GET, new JsonObject(), 200));
    router.delete("/api/v1/sources/:id").handler(this::delete);
    router.get("/api/v1/sources/:id/pages/:n").handler(this::page);
    router.get("/api/v1/sources/:id/images").handler(this::images);
    router.get("/api/v1/sources/:id/images/:index").handler(this::image);
    router.get("/api/v1/sources/:id/segments").handler(ctx -> forSource(ctx, IngestionBus.SEGMENTS, Edge.listQuery(ctx), 200));
    router.get("/api/v1/sources/:id/messages").handler(ctx -> forSource(ctx, IngestionBus.MESSAGES, messagesQuery(ctx), 200));
    router.get("/api/v1/sources/:id/file").handler(this::file);
    router.post("/api/v1/import").handler(this::importExport);
    router.post("/api/v1/export").handler(ctx -> Edge.respond(ctx, 202, edge.asUser(ctx, IngestionBus.EXPORT, new JsonObject())));
    // "download" is API.md's name; "file" the name this server answered first, kept for the clients that use it
    for (String name : new String[] {"download", "file"}) {
      router.get("/api/v1/export/:id/" + name).handler(ctx -> sendBlob(ctx,
          edge.asUser(ctx, IngestionBus.EXPORT_FILE, new JsonObject().put("jobId", ctx.pathParam("id"))), "fileName"));
    }
    router.get("/api/v1/jobs/:id").handler(this::job);
    router.post("/api/v1/search").handler(this::search);
    router.post("/api/v1/collections").handler(this::createCollection);
    router.get("/api/v1/collections").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.COLLECTION_LIST, Edge.listQuery(ctx))));
    router.get("/api/v1/collections/:id").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, IngestionBus.COLLECTION_GET, new JsonObject().put("collectionId", ctx.pathParam("id")))
            .map(reply -> reply.getJsonObject("collection"))));
    router.post("/api/v1/collections/:id/summary").handler(ctx -> Edge.respond(ctx, 202,
        edge.asUser(ctx, IngestionBus.COLLECTION_SUMMARY, new JsonObject().put("collectionId", ctx.pathParam("id")))
            .map(reply -> reply.getJsonObject("job"))));
    router.delete("/api/v1/collections/:id").handler(ctx -> Edge.noContent(ctx,
        edge.asUser(ctx, IngestionBus.COLLECTION_DELETE, new JsonObject().put("collectionId", ctx.pathParam("id")))));
  }

  private void create(RoutingContext ctx) {
    Future<JsonObject> created;
    if (isMultipart(ctx)) {
      UploadReceiver.Received file = UploadReceiver.received(ctx);
      if (file == null) {
        throw Failure.invalidInput("a multipart part named '" + UploadReceiver.FILE_PART + "' is required").asException();
      }
      JsonObject request = new JsonObject()
          .put("fileName", checked("fileName", file.fileName(), limits.maxFileNameLength()))
          .put("title", checked("title", ctx.request().getFormAttribute("title"), limits.maxFormAttributeBytes()))
          .put("collectionId", blankToNull(checked("collectionId", ctx.request().getFormAttribute("collectionId"),
              limits.maxFormAttributeBytes())));
      created = edge.authenticate(ctx).compose(identity -> handOver(ctx, IngestionBus.CREATE_FROM_UPLOAD, file,
          request.put("userId", identity.getJsonObject("user").getString("id"))));
    } else {
      JsonObject body = Edge.jsonBody(ctx);
      body.remove("userId");
      created = edge.asUser(ctx, IngestionBus.CREATE_FROM_JSON, body,
          "video".equals(body.getValue("kind")) ? Edge.FETCH_TIMEOUT_MS : 30_000);
    }
    created.onSuccess(reply -> {
      boolean isNew = reply.getBoolean("created", false);
      reply.remove("created");
      Edge.json(ctx, isNew ? 202 : 200, reply);
    }).onFailure(ctx::fail);
  }

  /**
   * Moves the upload into the blob store and hands its key and hash to ingestion (IngestionBus
   * documents who owns the blob when). When no ingestion node received the request, nobody took the
   * blob over, so it is deleted here; after a timeout ingestion may still take it, so the uploads
   * sweep decides.
   */
  private Future<JsonObject> handOver(RoutingContext ctx, String address, UploadReceiver.Received received, JsonObject request) {
    String key = BlobLayout.newUpload();
    return blobs.compose(store -> store.moveIn(key, received.file())
        .compose(size -> edge.request(ctx, address,
            request.put("uploadKey", key).put("sha256", received.sha256())))
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            store.delete(key);
          }
        }));
  }

  /**
   * Streams the blob an ingestion reply names ({@code {"key", "contentType", fileNameField?}}) from
   * the blob store, a piece at a time; with a file name, as an attachment whose name is reduced to
   * safe characters.
   */
  private void sendBlob(RoutingContext ctx, Future<JsonObject> result, String fileNameField) {
    result.compose(file -> blobs.compose(store -> store.open(file.getString("key")).compose(content -> {
          HttpServerResponse response = ctx.response()
              .putHeader("content-type", file.getString("contentType"))
              .putHeader("content-length", Long.toString(content.size()));
          String name = fileNameField == null ? null : file.getString(fileNameField);
          if (name != null) {
            response.putHeader("content-disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._ -]", "_") + "\"");
          }
          return store.pipe(content, response).compose(v -> response.end());
        })))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    JsonObject query = Edge.listQuery(ctx);
    for (String filter : new String[] {"kind", "status", "collectionId", "tag"}) {
      query.put(filter, blankToNull(ctx.queryParams().get(filter)));
    }
    Edge.respond(ctx, 200, edge.asUser(ctx, IngestionBus.LIST, query));
  }

  private void delete(RoutingContext ctx) {
    Edge.noContent(ctx, edge.asUser(ctx, IngestionBus.DELETE, new JsonObject().put("sourceId", ctx.pathParam("id"))));
  }

  private void page(RoutingContext ctx) {
    forSource(ctx, IngestionBus.PAGE, new JsonObject().put("pageNumber", Edge.wholeNumber(ctx.pathParam("n"), "page number")), 200);
  }

  private void images(RoutingContext ctx) {
    String sourceId = ctx.pathParam("id");
    Edge.respond(ctx, 200, edge.asUser(ctx, IngestionBus.IMAGES, Edge.listQuery(ctx).put("sourceId", sourceId)).map(reply -> {
      JsonArray items = reply.getJsonArray("items");
      items.forEach(item -> ((JsonObject) item).put("url", "/api/v1/sources/" + sourceId + "/images/" + ((JsonObject) item).getInteger("index")));
      return reply;
    }));
  }

  private void image(RoutingContext ctx) {
    sendBlob(ctx, edge.asUser(ctx, IngestionBus.IMAGE_FILE, new JsonObject()
        .put("sourceId", ctx.pathParam("id")).put("index", Edge.wholeNumber(ctx.pathParam("index"), "image index"))), null);
  }

  /** A personal export's zip, received like an upload, handed to ingestion, which queues the import job. */
  private void importExport(RoutingContext ctx) {
    UploadReceiver.Received file = UploadReceiver.received(ctx);
    if (file == null) {
      ctx.fail(Failure.invalidInput("the form needs a file part named \"file\" holding the export's zip").asException());
      return;
    }
    Edge.respond(ctx, 202, edge.authenticate(ctx).compose(identity -> handOver(ctx, IngestionBus.IMPORT, file,
        new JsonObject().put("userId", identity.getJsonObject("user").getString("id")))));
  }

  private void file(RoutingContext ctx) {
    sendBlob(ctx, edge.asUser(ctx, IngestionBus.FILE, new JsonObject().put("sourceId", ctx.pathParam("id"))), "fileName");
  }

  /** Ingestion's jobs, else an audiobook's (a book is its own job); a job neither has is ingestion's 404. */
  private void job(RoutingContext ctx) {
    JsonObject request = new JsonObject().put("jobId", ctx.pathParam("id"));
    // ingestion's jobs, else an audiobook's, else a re-index the caller (a superuser) started
    Edge.respond(ctx, 200, edge.asUser(ctx, IngestionBus.JOB, request.copy())
        .recover(notIngestions -> Failure.from(notIngestions).status() != 404 ? Future.failedFuture(notIngestions)
            : edge.asUser(ctx, AudiobookBus.JOB, request.copy())
                .recover(none -> edge.asUser(ctx, RetrievalBus.REINDEX_JOB, request))
                .recover(none -> Future.failedFuture(notIngestions)))
        .map(reply -> reply.getJsonObject("job")));
  }

  private void search(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    body.remove("userId");
    Edge.respond(ctx, 200, edge.asUser(ctx, RetrievalBus.SEARCH, body));
  }

  private void createCollection(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    JsonObject request = new JsonObject().put("name", body.getValue("name")).put("kind", body.getValue("kind")).put("url", body.getValue("url"))
        .put("language", body.getValue("language"));
    // a playlist fetched from its link comes with the job that makes its sources
    Edge.respond(ctx, 201, edge.asUser(ctx, IngestionBus.COLLECTION_CREATE, request, Edge.FETCH_TIMEOUT_MS).map(reply -> reply.getValue("job") == null
        ? reply.getJsonObject("collection") : reply.getJsonObject("collection").copy().put("job", reply.getJsonObject("job"))));
  }

  private void forSource(RoutingContext ctx, String address, JsonObject request, int status) {
    Edge.respond(ctx, status, edge.asUser(ctx, address, request.put("sourceId", ctx.pathParam("id")))
        .map(reply -> IngestionBus.GET.equals(address) ? reply.getJsonObject("source") : reply));
  }

  private static String checked(String what, String value, int maxLength) {
    String problem = TextChecks.problem(value, maxLength);
    if (problem != null) {
      throw Failure.invalidInput(what + " " + problem).asException();
    }
    return value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** The list query plus {@code branch}: a whole number, else 400. */
  private static JsonObject messagesQuery(io.vertx.ext.web.RoutingContext ctx) {
    JsonObject query = Edge.listQuery(ctx);
    String branch = ctx.queryParams().get("branch");
    return branch == null ? query : query.put("branch", Edge.wholeNumber(branch, "branch"));
  }
}
