package io.mediawhisperer.http;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RequestIds;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every routed request: it tags the request with an id, logs the status that
 * was really sent, adds the headers every response carries, refuses hostile query strings and
 * cross-site writes with the session cookie, and answers 408 to a body that stops arriving.
 */
final class RequestGuard {

  private static final Logger ACCESS = LoggerFactory.getLogger("io.mediawhisperer.http.access");
  private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  /** The headers no response goes without: the API's JSON is private, never sniffed, framed or cached. */
  private static final Map<String, String> ALWAYS = Map.of(
      "x-content-type-options", "nosniff",
      "referrer-policy", "no-referrer",
      "x-frame-options", "DENY",
      "content-security-policy", "default-src 'none'; frame-ancestors 'none'",
      "cache-control", "no-store");

  /** Put by {@link #bodyRead} once the body handlers are done with a request. */
  private static final String BODY_READ = "mw.bodyRead";

  private final Vertx vertx;
  private final HttpLimits limits;
  private final Origins origins;
  private final ConnectionGuard connections;

  RequestGuard(Vertx vertx, HttpLimits limits, Origins origins, ConnectionGuard connections) {
    this.vertx = vertx;
    this.limits = limits;
    this.origins = origins;
    this.connections = connections;
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String id = RequestIds.acceptOrCreate(request.getHeader(RequestIds.HEADER));
    ctx.put(Edge.REQUEST_ID, id);
    ALWAYS.forEach(ctx.response()::putHeader);
    ctx.response().putHeader(RequestIds.HEADER, id);
    long bodyTimer = watchBody(ctx);
    logOutcome(ctx, id);
    ctx.addEndHandler(done -> {
      vertx.cancelTimer(bodyTimer);
      connections.responseEnded(request);
    });
    Failure refused = refuse(ctx);
    if (refused != null) {
      HttpErrors.send(ctx, refused);
      return;
    }
    ctx.next();
  }

  /**
   * One access-log line per request, with the status that was really sent. The router's end
   * handlers run before the failure response when the request itself failed (a form the decoder
   * refused), so the line is written when both the context has ended and the headers are out; a
   * response whose headers never go out is logged as aborted.
   */
  private void logOutcome(RoutingContext ctx, String id) {
    HttpServerRequest request = ctx.request();
    long started = System.nanoTime();
    boolean[] logged = {false};
    Runnable log = () -> {
      if (!logged[0]) {
        logged[0] = true;
        String status = ctx.response().headWritten() ? Integer.toString(ctx.response().getStatusCode()) : "aborted";
        ACCESS.info("[{}] {} {} {} {}ms", id, request.method(), request.path(), status,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
    };
    boolean[] ended = {false};
    ctx.addHeadersEndHandler(v -> vertx.runOnContext(x -> {
      if (ended[0]) {
        log.run();
      }
    }));
    ctx.addEndHandler(done -> {
      ended[0] = true;
      if (ctx.response().headWritten()) {
        log.run();
      } else {
        vertx.setTimer(1_000, t -> log.run());
      }
    });
  }

  /** Mounted after the body handlers: from here on the request's body is no longer awaited. */
  static void bodyRead(RoutingContext ctx) {
    ctx.put(BODY_READ, Boolean.TRUE);
    ctx.next();
  }

  private Failure refuse(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (ctx.normalizedPath().indexOf('\0') >= 0) {
      return Failure.invalidInput("the path contains a NUL character");
    }
    for (Map.Entry<String, String> parameter : ctx.queryParams()) {
      String problem = TextChecks.problem(parameter.getValue(), limits.maxQueryParameterLength());
      if (problem != null) {
        return Failure.invalidInput("query parameter '" + TextChecks.printable(parameter.getKey()) + "' " + problem);
      }
    }
    if (UNSAFE.contains(request.method()) && cookieAuthenticated(request)) {
      if (!origins.sameOrAllowed(request)) {
        return new Failure(403, "csrf_rejected",
            "a request authenticated by the session cookie must come from this server's own pages (Origin or Referer)");
      }
      String type = request.getHeader("content-type");
      if (type != null && !isJson(type) && !isMultipartUpload(request, type)) {
        return new Failure(415, "unsupported_media_type", "send application/json (or multipart/form-data to upload a file)");
      }
    }
    return null;
  }

  /** The session cookie without an Authorization header: what a browser sends, and a cross-site page can make it send. */
  private static boolean cookieAuthenticated(HttpServerRequest request) {
    return request.getHeader("authorization") == null && request.getCookie(Edge.SESSION_COOKIE) != null;
  }

  private static boolean isJson(String type) {
    return type.toLowerCase().startsWith("application/json");
  }

  /** Where a file is uploaded: a source, or a personal export brought in. */
  private static final java.util.Set<String> UPLOAD_PATHS = java.util.Set.of("/api/v1/sources", "/api/v1/import");

  private static boolean isMultipartUpload(HttpServerRequest request, String type) {
    return type.toLowerCase().startsWith("multipart/form-data") && UPLOAD_PATHS.contains(request.path());
  }

  /**
   * A body that makes no progress for the body timeout (less than its Content-Length, or a multipart
   * body without its closing boundary) before a body handler has it whole gets 408 and the connection is closed; a slow but moving
   * upload is not cut off. Returns the timer to cancel, or -1 when the request has no body to wait for.
   */
  private long watchBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // only a request that announced a body has one to wait for; a WebSocket upgrade, which never
    // reaches a body handler, must not be cut off by this timer
    boolean announcesBody = request.getHeader("transfer-encoding") != null
        || request.getHeader("content-length") != null && !request.getHeader("content-length").trim().equals("0");
    if (request.isEnded() || !announcesBody) {
      return -1;
    }
    long timeoutNanos = TimeUnit.SECONDS.toNanos(limits.bodyTimeoutSeconds());
    long[] progress = {request.bytesRead(), System.nanoTime()};
    long period = Math.max(200, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 5);
    return vertx.setPeriodic(period, timer -> {
      // done once a body handler has the whole body; a request that ended is not enough: a multipart
      // body without its closing boundary ends, yet its upload never does
      if (ctx.get(BODY_READ) != null || ctx.response().ended()) {
        vertx.cancelTimer(timer);
      } else if (request.bytesRead() != progress[0]) {
        progress[0] = request.bytesRead();
        progress[1] = System.nanoTime();
      } else if (System.nanoTime() - progress[1] > timeoutNanos) {
        vertx.cancelTimer(timer);
        ctx.response().putHeader("connection", "close");
        HttpErrors.send(ctx, new Failure(408, "request_timeout",
                "the request body stopped arriving for " + limits.bodyTimeoutSeconds() + " s (http-body-timeout-seconds)"))
            .onComplete(sent -> request.connection().close());
      }
    });
  }
}
