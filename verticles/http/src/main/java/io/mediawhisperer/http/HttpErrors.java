package io.mediawhisperer.http;

import io.mediawhisperer.bus.Failure;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The HTTP contract's one error shape, {@code {"error": {"code", "message"}}}, for every failure. */
final class HttpErrors {

  private HttpErrors() {
  }

  static Future<Void> send(RoutingContext ctx, Failure failure) {
    return send(ctx.response(), failure);
  }

  static Future<Void> send(HttpServerResponse response, Failure failure) {
    if (response.headWritten()) {
      response.reset();
      return Future.succeededFuture();
    }
    if (failure.retryAfterSeconds() != null) {
      response.putHeader("retry-after", String.valueOf(failure.retryAfterSeconds()));
    }
    return response
        .setStatusCode(failure.status())
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", new JsonObject()
            .put("code", failure.code())
            .put("message", failure.message())).encode());
  }

  /** What a failed route means for the client: a bus failure keeps its status; web failures map by status. */
  static Failure of(RoutingContext ctx) {
    Throwable error = ctx.failure();
    Failure form = formFailure(error);
    if (form != null) {
      return form;
    }
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

  /** A form the multipart decoder refused: too many fields, a field too long, or not a form at all. */
  private static Failure formFailure(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
        return new Failure(413, "too_many_form_fields", "the form has more fields than this server accepts (http-max-form-fields)");
      }
      // Netty reports an attribute past maxFormAttributeSize only as a plain IOException with this text
      if (e instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || e instanceof java.io.IOException && "Size exceed allowed maximum capacity".equals(e.getMessage())) {
        return new Failure(413, "form_field_too_large", "a form field is larger than this server accepts (http-max-form-attribute-bytes)");
      }
      if (e instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
        return Failure.invalidInput("the multipart body is malformed");
      }
    }
    return null;
  }

  /**
   * Requests the HTTP decoder itself refused (a request line or headers too long, a malformed
   * request) get the error shape too, and the connection is closed as the decoder requires.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    Failure failure;
    if (cause instanceof TooLongHttpLineException) {
      failure = new Failure(414, "uri_too_long", "the request line is longer than this server accepts");
    } else if (cause instanceof TooLongHttpHeaderException) {
      failure = new Failure(431, "headers_too_large", "the request headers are larger than this server accepts");
    } else {
      failure = Failure.invalidInput("the HTTP request is malformed");
    }
    request.response().putHeader("connection", "close");
    send(request.response(), failure).onComplete(done -> request.connection().close());
  }
}
