package io.mediawhisperer.http;

import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /health}: whether this node can serve a request now. It checks, at once and each within
 * {@value #CHECK_TIMEOUT_MS} ms, every dependency a request needs: the database (a query on this
 * verticle's own connection), the vector backend (asked of the retrieval role over the bus, which
 * runs the backend's own check), the embedding model (its role answers over the bus; the model is
 * not run) and the blob store. All up: 200 {@code UP}; any down: 503 {@code DOWN}, the check named.
 *
 * <p>Anyone may ask, so by default the answer holds only the status and each check's name and
 * status: an error text could name a host, a port or a path. A superuser (a session token or JWT
 * of one, as for every route) also gets each check's latency and, for a check that is down, why.
 */
final class HealthRoute {

  static final long CHECK_TIMEOUT_MS = 3_000;
  /** A key no blob has: asking whether it exists is the cheapest question the store must answer. */
  static final String BLOB_PROBE_KEY = "health/probe";

  private final Edge edge;
  private final Pool database;
  private final Supplier<Future<Blobs>> blobs;

  HealthRoute(Edge edge, Pool database, Supplier<Future<Blobs>> blobs) {
    this.edge = edge;
    this.database = database;
    this.blobs = blobs;
  }

  void handle(RoutingContext ctx) {
    String requestId = Edge.requestId(ctx);
    Future<Boolean> superuser = isSuperuser(ctx, requestId);
    List<Future<JsonObject>> checks = List.of(
        check("database", () -> database.query("SELECT 1").execute()),
        check("vector-backend", () -> edge.request(requestId, RetrievalBus.HEALTH, new JsonObject(), CHECK_TIMEOUT_MS)),
        check("embedding", () -> edge.request(requestId, EmbeddingBus.INFO, new JsonObject(), CHECK_TIMEOUT_MS)),
        check("blob-store", () -> blobs.get().compose(store -> store.exists(BLOB_PROBE_KEY))));
    Future.join(checks).transform(done -> superuser).onComplete(details -> {
      boolean up = checks.stream().allMatch(c -> "UP".equals(c.result().getString("status")));
      JsonArray out = new JsonArray();
      for (Future<JsonObject> check : checks) {
        JsonObject result = check.result();
        out.add(details.succeeded() && details.result()
            ? result
            : new JsonObject().put("name", result.getString("name")).put("status", result.getString("status")));
      }
      Edge.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", out));
    });
  }

  /** Never fails: a check that fails or takes too long is DOWN, with its latency and reason. */
  private static Future<JsonObject> check(String name, Supplier<Future<?>> probe) {
    long started = System.nanoTime();
    Future<?> answer;
    try {
      answer = probe.get();
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(ok -> new JsonObject().put("name", name).put("status", "UP").put("latencyMs", millisSince(started)))
        .otherwise(error -> new JsonObject().put("name", name).put("status", "DOWN").put("latencyMs", millisSince(started))
            .put("error", reason(error)));
  }

  /** A bus failure's own message (the role says what is wrong), else the exception and its root cause. */
  private static String reason(Throwable error) {
    return error instanceof ReplyException || error instanceof Failure.FailureException
        ? Failure.from(error).message()
        : Failure.describe(error);
  }

  /**
   * Whether the caller is a superuser; false without a token, with a bad one, or when auth does not
   * answer in time (the database being down is exactly when health is asked, and must not wait).
   */
  private Future<Boolean> isSuperuser(RoutingContext ctx, String requestId) {
    String token = Edge.token(ctx);
    if (token == null) {
      return Future.succeededFuture(false);
    }
    return edge.request(requestId, AuthBus.AUTHENTICATE, new JsonObject().put("token", token), CHECK_TIMEOUT_MS)
        .map(identity -> identity.getJsonObject("user").getBoolean("isSuperuser", false))
        .otherwise(false);
  }

  private static long millisSince(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }
}
