package io.mediawhisperer.http;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What every route needs at the edge: the request's JSON body, the caller's identity, bus
 * requests that carry the request id, and JSON replies.
 */
final class Edge {

  static final String SESSION_COOKIE = "mw_session";
  static final String REQUEST_ID = "requestId";
  static final String USER = "user";
  private static final long BUS_TIMEOUT_MS = 30_000;

  private final Vertx vertx;

  Edge(Vertx vertx) {
    this.vertx = vertx;
  }

  static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID);
  }

  /** The body as a JSON object, or a 400 that says what is wrong with it. */
  static JsonObject jsonBody(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.buffer() == null || body.buffer().length() == 0) {
      throw Failure.invalidInput("a JSON object body is required").asException();
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(body.buffer());
      if (parsed instanceof JsonObject object) {
        TextChecks.checkJson(object);
        return object;
      }
    } catch (DecodeException | IllegalStateException e) {
      throw new Failure(400, "invalid_json", "the body is not valid JSON").asException();
    }
    throw new Failure(400, "invalid_json", "the body must be a JSON object").asException();
  }

  Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return request(requestId(ctx), address, body, BUS_TIMEOUT_MS);
  }

  Future<JsonObject> request(String requestId, String address, JsonObject body, long timeoutMs) {
    DeliveryOptions options = RequestIds.deliveryOptions(requestId).setSendTimeout(timeoutMs);
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }

  /** The session token or JWT the client sent: the Authorization header first, then the cookie. */
  static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
      return header.substring(7).trim();
    }
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  /** The authenticated user ({@code {"user", "sessionId"}}), or a 401. */
  Future<JsonObject> authenticate(RoutingContext ctx) {
    String token = token(ctx);
    if (token == null) {
      return Future.failedFuture(Failure.unauthorized("authentication required").asException());
    }
    return request(ctx, AuthBus.AUTHENTICATE, new JsonObject().put("token", token))
        .compose(identity -> identity.getJsonObject("user").getBoolean("mustChangePassword", false)
            && !PASSWORD_CHANGE_ALLOWS.contains(ctx.request().method().name() + " " + ctx.request().path())
            ? Future.failedFuture(new Failure(403, AuthBus.PASSWORD_CHANGE_REQUIRED, "your password was reset: change it first"
                + " (POST /api/v1/auth/password)").asException())
            : Future.succeededFuture(identity))
        .onSuccess(identity -> ctx.put(USER, identity.getJsonObject("user")));
  }

  /** What a session whose password a superuser reset may do: see who it is, change the password, leave. */
  private static final java.util.Set<String> PASSWORD_CHANGE_ALLOWS = java.util.Set.of("GET /api/v1/auth/me", "POST /api/v1/auth/password",
      "POST /api/v1/auth/logout");

  /** A bus request on behalf of the authenticated user: {@code userId} comes from the session, never the client. */
  Future<JsonObject> asUser(RoutingContext ctx, String address, JsonObject request) {
    return asUser(ctx, address, request, BUS_TIMEOUT_MS);
  }

  /** {@link #asUser(RoutingContext, String, JsonObject)} with a longer wait, for a request that fetches from the network. */
  Future<JsonObject> asUser(RoutingContext ctx, String address, JsonObject request, long timeoutMs) {
    return authenticate(ctx).compose(identity ->
        request(requestId(ctx), address, request.put("userId", identity.getJsonObject("user").getString("id")), timeoutMs));
  }

  /**
   * How long a request that fetches a video or playlist through the transcript provider may wait:
   * the provider's timeout and retries take up to about 45 s with the defaults; past this the
   * connection's idle timeout (60 s) would end it anyway.
   */
  static final long FETCH_TIMEOUT_MS = 55_000;

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  static void noContent(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(done -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /** Runs a route's future and answers with its JSON, or fails the route (the failure handler answers). */
  static void respond(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(done -> {
      if (done.succeeded()) {
        json(ctx, status, done.result());
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  /** The HTTP contract's list parameters from the query string: {@code limit} and {@code cursor}. */
  /** Only the named fields of a client's body travel on: never a userId of its choosing. */
  static JsonObject fields(JsonObject body, String... names) {
    JsonObject picked = new JsonObject();
    for (String name : names) {
      if (body.containsKey(name)) {
        picked.put(name, body.getValue(name));
      }
    }
    return picked;
  }

  static JsonObject listQuery(RoutingContext ctx) {
    JsonObject query = new JsonObject().put("cursor", blank(ctx.queryParams().get("cursor")));
    String limit = ctx.queryParams().get("limit");
    if (limit != null) {
      query.put("limit", wholeNumber(limit, "limit"));
    }
    return query;
  }

  static int wholeNumber(String value, String what) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw Failure.invalidInput(what + " must be a whole number").asException();
    }
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
