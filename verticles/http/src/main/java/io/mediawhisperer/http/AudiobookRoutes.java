package io.mediawhisperer.http;

import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AudiobookBus;
import io.mediawhisperer.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/voices} and {@code /api/v1/audiobooks}: each call is one audiobook bus request on
 * behalf of the authenticated user (contract: {@link AudiobookBus}); the audio itself streams from
 * the blob store with HTTP Range support, so a player can seek and a podcast app can resume.
 */
final class AudiobookRoutes {

  private final Edge edge;
  private final Future<Blobs> blobs;

  AudiobookRoutes(Edge edge, Future<Blobs> blobs) {
    this.edge = edge;
    this.blobs = blobs;
  }

  void mount(Router router) {
    router.get("/api/v1/voices").handler(ctx -> Edge.respond(ctx, 200, edge.asUser(ctx, AudiobookBus.VOICES, new JsonObject())));
    router.post("/api/v1/audiobooks").handler(ctx -> Edge.respond(ctx, 202,
        edge.asUser(ctx, AudiobookBus.CREATE, Edge.fields(Edge.jsonBody(ctx), "sourceId", "voice", "format", "speed"))));
    router.get("/api/v1/audiobooks").handler(ctx -> Edge.respond(ctx, 200, edge.asUser(ctx, AudiobookBus.LIST, Edge.listQuery(ctx))));
    router.get("/api/v1/audiobooks/:id").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, AudiobookBus.GET, book(ctx)).map(reply -> reply.getJsonObject("audiobook"))));
    router.post("/api/v1/audiobooks/:id/cancel").handler(ctx -> Edge.respond(ctx, 200,
        edge.asUser(ctx, AudiobookBus.CANCEL, book(ctx)).map(reply -> reply.getJsonObject("audiobook"))));
    router.delete("/api/v1/audiobooks/:id").handler(ctx -> Edge.noContent(ctx, edge.asUser(ctx, AudiobookBus.DELETE, book(ctx))));
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      router.route(method, "/api/v1/audiobooks/:id/audio").handler(ctx -> audio(ctx, book(ctx)));
      router.route(method, "/api/v1/audiobooks/:id/chapters/:n/audio").handler(ctx -> audio(ctx,
          book(ctx).put("chapter", Edge.wholeNumber(ctx.pathParam("n"), "chapter number"))));
    }
  }

  private static JsonObject book(RoutingContext ctx) {
    return new JsonObject().put("audiobookId", ctx.pathParam("id"));
  }

  /** The whole file (200) or the one range asked for (206), {@code Accept-Ranges} either way; 416 past the end. */
  private void audio(RoutingContext ctx, JsonObject request) {
    edge.asUser(ctx, AudiobookBus.AUDIO, request).compose(file -> {
      long size = file.getLong("size");
      HttpServerResponse response = ctx.response().putHeader("accept-ranges", "bytes");
      ByteRange range;
      try {
        range = ByteRange.of(ctx.request().getHeader("range"), size);
      } catch (Failure.FailureException unsatisfiable) {
        response.putHeader("content-range", "bytes */" + size);
        return Future.failedFuture(unsatisfiable);
      }
      response.putHeader("content-type", file.getString("contentType"))
          .putHeader("cache-control", "private, no-store")
          .putHeader("content-disposition", "inline; filename=\"" + file.getString("fileName") + "\"");
      if (range != null) {
        response.setStatusCode(206).putHeader("content-range", "bytes " + range.first() + "-" + range.last() + "/" + size);
      }
      long length = range == null ? size : range.length();
      response.putHeader("content-length", Long.toString(length));
      if (ctx.request().method() == HttpMethod.HEAD) {
        return response.end();
      }
      return blobs.compose(store -> (range == null ? store.open(file.getString("key")) : store.open(file.getString("key"), range.first(), length))
          .compose(content -> store.pipe(content, response))
          .compose(v -> response.end()));
    }).onFailure(ctx::fail);
  }
}
