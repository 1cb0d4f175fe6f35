package io.mediawhisperer.http;

import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.node.NodeIdentity;
import io.mediawhisperer.node.Plugins;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge. It authenticates, validates and maps each request to one bus request, and
 * holds no business logic; any number of nodes can run it. It also serves the web app's pages
 * ({@link WebApp}).
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  /** The class-path directory of the web app's pages in the jar. */
  public static final String WEBROOT = "webroot";

  private final String webroot;
  private Pool healthPool;
  private Future<Blobs> blobs;
  private HttpServer server;
  private Buffer openApi;

  /** The edge with the web app's pages from {@link #WEBROOT}, as a node runs it. */
  public HttpVerticle() {
    this(WEBROOT);
  }

  /** The edge with the web app's pages from another class-path directory (a test's own pages). */
  public HttpVerticle(String webroot) {
    this.webroot = webroot;
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    // one connection is enough to tell whether the database answers
    healthPool = Database.pool(vertx, "health", config.getString(ConfigKeys.DB_URL.name()), 1);
    Edge edge = new Edge(vertx);
    HttpLimits limits = HttpLimits.from(config);
    ConnectionGuard connections = new ConnectionGuard(vertx, limits);
    Origins origins = new Origins(config.getString(ConfigKeys.HTTP_ALLOWED_ORIGINS.name()));

    Router router = Router.router(vertx);
    router.route().handler(new RequestGuard(vertx, limits, origins, connections)::handle);
    router.get("/health").handler(new HealthRoute(edge, healthPool, () -> blobs)::handle);
    router.get("/metrics").handler(this::metrics);
    router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/json; charset=utf-8").end(openApi));
    AnswerStream answers = new AnswerStream(vertx, edge);
    EventSocket sockets = new EventSocket(vertx, edge, answers, origins, limits.idleTimeoutSeconds() * 1000L / 2);
    router.get("/api/v1/ws").handler(HttpVerticle::requireUpgrade).handler(sockets::handle);
    blobs = Blobs.acquire(vertx, config);
    SourceRoutes sources = new SourceRoutes(edge, Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data")).resolve("uploads"),
        limits, blobs);
    sources.mountUploadBody(router);
    BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(limits.maxJsonBodyBytes());
    router.route("/api/*").handler(ctx -> {
      if (UploadReceiver.tookBody(ctx)) {
        ctx.next();
      } else {
        jsonBody.handle(ctx);
      }
    });
    router.route("/api/*").handler(RequestGuard::bodyRead);
    new AuthRoutes(edge, config.getBoolean(ConfigKeys.COOKIE_SECURE.name(), false),
        config.getBoolean(ConfigKeys.REGISTRATION_ENABLED.name(), true) ? config.getString(ConfigKeys.REGISTRATION_MODE.name(), "open")
            : "closed").mount(router);
    // before the sources' routes: /api/v1/sources/merge is no source id
    new LibraryRoutes(edge).mount(router);
    sources.mount(router);
    new ConversationRoutes(edge, answers).mount(router);
    new GenerationRoutes(edge).mount(router);
    new AudiobookRoutes(edge, blobs).mount(router);
    new AdminRoutes(edge, Plugins.catalog(vertx).describe(config).put("node", NodeIdentity.of(config).name())).mount(router);
    // after the API: its paths are never the web app's, whatever is (or is not) mounted there
    new WebApp(webroot).mount(router);

    router.route().failureHandler(ctx -> HttpErrors.send(ctx, HttpErrors.of(ctx)));
    router.errorHandler(404, ctx -> HttpErrors.send(ctx,
        Failure.notFound("no route for " + ctx.request().method() + " " + ctx.request().path())));
    router.errorHandler(405, ctx -> HttpErrors.send(ctx, HttpErrors.of(ctx)));
    router.errorHandler(500, ctx -> HttpErrors.send(ctx, HttpErrors.of(ctx)));

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.getString(ConfigKeys.HTTP_HOST.name(), "127.0.0.1"))
        .setPort(config.getInteger(ConfigKeys.HTTP_PORT.name(), 8080))
        // without cleartext HTTP/2 a connection is set up as HTTP/1.1 when accepted, not when its first
        // bytes arrive, so ConnectionGuard sees (and times out) connections that never send anything
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(limits.maxInitialLineLength())
        .setMaxHeaderSize(limits.maxHeaderBytes())
        .setMaxFormFields(limits.maxFormFields())
        .setMaxFormAttributeSize(limits.maxFormAttributeBytes())
        .setMaxFormBufferedBytes(limits.maxFormAttributeBytes());
    return blobs.compose(opened -> vertx.fileSystem().readFile("openapi.json"))
        .onSuccess(doc -> openApi = doc)
        .compose(doc -> vertx.createHttpServer(options)
            .connectionHandler(connections::onConnection)
            .invalidRequestHandler(HttpErrors::invalidRequest)
            .requestHandler(connections.guard(router))
            .listen())
        .onSuccess(s -> {
          server = s;
          LOG.info("HTTP on http://{}:{} (at most {} connections)", options.getHost(), s.actualPort(), limits.maxConnections());
        });
  }

  @Override
  public Future<?> stop() {
    return Future.all(server == null ? Future.succeededFuture() : server.close(),
        healthPool == null ? Future.succeededFuture() : healthPool.close(),
        blobs == null ? Future.succeededFuture() : blobs.compose(Blobs::close).otherwiseEmpty());
  }

  /** {@code /api/v1/ws} without a WebSocket upgrade is a client mistake, answered in the error shape. */
  private static void requireUpgrade(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      HttpErrors.send(ctx, new Failure(400, "websocket_upgrade_required",
          "GET /api/v1/ws opens a WebSocket: send Connection: Upgrade and Upgrade: websocket"));
      return;
    }
    ctx.next();
  }

  private void metrics(RoutingContext ctx) {
    if (BackendRegistries.getDefaultNow() == null) {
      HttpErrors.send(ctx, new Failure(503, Failure.UNAVAILABLE, "metrics are not enabled on this node"));
      return;
    }
    PrometheusScrapingHandler.create().handle(ctx);
  }
}
