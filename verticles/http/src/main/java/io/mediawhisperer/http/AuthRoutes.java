package io.mediawhisperer.http;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/** {@code /api/v1/auth/*}: maps each call to one auth bus request (contract: {@link AuthBus}). */
final class AuthRoutes {

  private final Edge edge;
  private final String registrationMode;
  private final boolean secureCookie;

  /** @param registrationMode open, invite or closed, as this node's configuration says (every node of a cluster has the same) */
  AuthRoutes(Edge edge, boolean secureCookie, String registrationMode) {
    this.edge = edge;
    this.secureCookie = secureCookie;
    this.registrationMode = registrationMode;
  }

  void mount(Router router) {
    router.post("/api/v1/auth/register").handler(this::register);
    router.post("/api/v1/auth/login").handler(this::login);
    router.post("/api/v1/auth/logout").handler(this::logout);
    router.get("/api/v1/auth/me").handler(this::me);
    router.delete("/api/v1/auth/me").handler(this::deleteAccount);
    router.post("/api/v1/auth/password").handler(this::changePassword);
    router.get("/api/v1/auth/sessions").handler(ctx -> Edge.respond(ctx, 200, edge.authenticate(ctx).compose(identity ->
        edge.request(ctx, AuthBus.SESSIONS, new JsonObject().put("userId", userId(identity)).put("sessionId", identity.getString("sessionId"))))));
    router.delete("/api/v1/auth/sessions/:id").handler(ctx -> Edge.noContent(ctx, edge.asUser(ctx, AuthBus.SESSION_END,
        new JsonObject().put("targetSessionId", ctx.pathParam("id")))));
    router.get("/api/v1/auth/usage").handler(this::usage);
    router.post("/api/v1/auth/setup").handler(this::setup);
    router.get("/api/v1/auth/registration").handler(ctx -> Edge.json(ctx, 200, new JsonObject().put("mode", registrationMode)));
  }

  private static String userId(JsonObject identity) {
    return identity.getJsonObject("user").getString("id");
  }

  /** {@code {"currentPassword", "newPassword"}}: every other session ends, this one stays. */
  private void changePassword(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    Edge.respond(ctx, 200, edge.authenticate(ctx).compose(identity -> edge.request(ctx, AuthBus.CHANGE_PASSWORD, new JsonObject()
        .put("userId", userId(identity)).put("sessionId", identity.getString("sessionId"))
        .put("currentPassword", body.getValue("currentPassword")).put("newPassword", body.getValue("newPassword")))));
  }

  /** What the caller keeps and may keep: {@code {"usage": {"bytes", "sources", "uploadsLastHour"}, "quota": {...}}} (0: no limit). */
  private void usage(RoutingContext ctx) {
    Edge.respond(ctx, 200, edge.authenticate(ctx).compose(identity -> {
      String id = userId(identity);
      return Future.all(edge.request(ctx, IngestionBus.USAGE, new JsonObject().put("userIds", new JsonArray().add(id))),
              edge.request(ctx, AuthBus.QUOTA, new JsonObject().put("userId", id)))
          .map(both -> new JsonObject().put("usage", both.<JsonObject>resultAt(0).getJsonObject("usage").getJsonObject(id))
              .put("quota", both.<JsonObject>resultAt(1).getJsonObject("quota")));
    }));
  }

  /** The first superuser of a server that has none, with the setup token its log printed. */
  private void setup(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    Edge.respond(ctx, 201, edge.request(ctx, AuthBus.SETUP, new JsonObject().put("token", body.getValue("token"))
        .put("email", body.getValue("email")).put("password", body.getValue("password")).put("name", body.getValue("name"))));
  }

  /** The account and everything it owns, once its password is given again; 204, and the session cookie goes. */
  private void deleteAccount(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    Object password = body.getValue("password");
    if (!(password instanceof String given) || given.isEmpty()) {
      ctx.fail(Failure.invalidInput("give your password again as {\"password\"} to delete your account").asException());
      return;
    }
    edge.authenticate(ctx)
        .compose(identity -> edge.request(Edge.requestId(ctx), AuthBus.DELETE_ACCOUNT, new JsonObject()
            .put("userId", identity.getJsonObject("user").getString("id")).put("password", given), 310_000))
        .onSuccess(done -> {
          ctx.response().addCookie(sessionCookie("").setMaxAge(0));
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private void register(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    JsonObject request = new JsonObject()
        .put("email", body.getValue("email"))
        .put("password", body.getValue("password"))
        .put("name", body.getValue("name"))
        .put("invitation", body.getValue("invitation"))
        .put("clientAddress", clientAddress(ctx));
    Edge.respond(ctx, 201, edge.request(ctx, AuthBus.REGISTER, request));
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Edge.jsonBody(ctx);
    JsonObject request = new JsonObject()
        .put("email", body.getValue("email"))
        .put("password", body.getValue("password"))
        .put("userAgent", ctx.request().getHeader("user-agent"))
        .put("clientAddress", clientAddress(ctx));
    Edge.respond(ctx, 200, edge.request(ctx, AuthBus.LOGIN, request).onSuccess(session -> {
      long maxAge = Duration.between(Instant.now(), Instant.parse(session.getString("expiresAt"))).toSeconds();
      ctx.response().addCookie(sessionCookie(session.getString("token")).setMaxAge(Math.max(0, maxAge)));
    }));
  }

  /**
   * The address auth throttles logins and registrations by: the peer of the connection (behind a
   * reverse proxy, the proxy's; forwarded headers are not trusted, since any client can send them).
   */
  private static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  private void logout(RoutingContext ctx) {
    String token = Edge.token(ctx);
    Future<JsonObject> done = token == null
        ? Future.failedFuture(Failure.unauthorized("authentication required").asException())
        : edge.request(ctx, AuthBus.LOGOUT, new JsonObject().put("token", token));
    done.onSuccess(ok -> {
      ctx.response().addCookie(sessionCookie("").setMaxAge(0));
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Edge.respond(ctx, 200, edge.authenticate(ctx).map(identity -> new JsonObject().put("user", identity.getJsonObject("user"))));
  }

  private Cookie sessionCookie(String value) {
    return Cookie.cookie(Edge.SESSION_COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(secureCookie);
  }
}
