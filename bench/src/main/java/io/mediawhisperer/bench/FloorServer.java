package io.mediawhisperer.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * The floor under every HTTP number: a bare Vert.x (no metrics, no router, no node) whose HTTP
 * server answers every request with the same small JSON object, one verticle instance per core
 * like the node's HTTP role. Runs in the bench's JVM, beside the node.
 */
final class FloorServer implements AutoCloseable {

  static final String BODY = new JsonObject().put("ok", true).put("results", new io.vertx.core.json.JsonArray()).encode();

  private final Vertx vertx;
  final int port;

  private FloorServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  static FloorServer start() throws Exception {
    Vertx vertx = Vertx.vertx();
    int port = BenchNode.freePort();
    try {
      vertx.deployVerticle(() -> new Endpoint(port),
              new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors())))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    return new FloorServer(vertx, port);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static final class Endpoint extends VerticleBase {

    /** One per instance: each instance answers on its own event loop. */
    private final Buffer reply = Buffer.buffer(BODY);
    private final int port;

    Endpoint(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer()
          .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(reply))
          .listen(port, "127.0.0.1");
    }
  }
}
