package io.mediawhisperer.http;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** API.md's one error shape, {@code {"error": {"code", "message"}}}, for every failure. */
final class HttpErrors {

  private HttpErrors() {
  }

  static void send(RoutingContext ctx, Failure failure) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (failure.retryAfterSeconds() != null) {
      ctx.response().putHeader("retry-after", String.valueOf(failure.retryAfterSeconds()));
    }
    ctx.response()
        .setStatusCode(failure.status())
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", new JsonObject()
            .put("code", failure.code())
            .put("message", failure.message())).encode());
  }

  /** What a failed route means for the client: a bus failure keeps its status; web failures map by status. */
  static Failure of(RoutingContext ctx) {
    Throwable error = ctx.failure();
    if (error != null && !(error instanceof io.vertx.ext.web.handler.HttpException)) {
      return Failure.from(error);
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    return switch (status) {
      case 400 -> Failure.invalidInput("the request is malformed");
      case 401 -> Failure.unauthorized("authentication required");
      case 404 -> Failure.notFound("no such resource");
      case 405 -> new Failure(405, "method_not_allowed", ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413 -> new Failure(413, "payload_too_large", "the request body is larger than this server accepts");
      case 415 -> new Failure(415, "unsupported_media_type", "this content type is not supported here");
      default -> new Failure(status >= 400 && status < 600 ? status : 500, status == 503 ? Failure.UNAVAILABLE : Failure.INTERNAL,
          "the server could not handle this request");
    };
  }
}
