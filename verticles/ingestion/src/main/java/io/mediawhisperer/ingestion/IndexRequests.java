package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Index requests to retrieval as every ingestion path sends them: a chunk's fields, and a full embedding queue waited out. */
final class IndexRequests {

  static final int MAX_SENDS = 60;

  private IndexRequests() {
  }

  /** A chunk as {@code retrieval.index.chunks} takes it. */
  static JsonObject chunk(Chunker.Chunk c) {
    return new JsonObject()
        .put("seq", c.seq()).put("text", c.text()).put("tokenCount", c.tokenCount())
        .put("pageStart", c.pageStart()).put("pageEnd", c.pageEnd()).put("start", c.start()).put("end", c.end())
        .put("messageIndex", c.messageIndex());
  }

  /**
   * The request, sent again after the wait a 503 with a retry-after asks for (the embedding node's
   * queue is full: many jobs on many nodes share it), up to {@value #MAX_SENDS} sends, unless the
   * run was stopped meanwhile. A 503 without one (no embedding node at all) fails at once.
   */
  static Future<JsonObject> whenAccepted(Vertx vertx, Function<JsonObject, Future<JsonObject>> send, JsonObject request,
      BooleanSupplier stopped) {
    return attempt(vertx, send, request, stopped, 1);
  }

  private static Future<JsonObject> attempt(Vertx vertx, Function<JsonObject, Future<JsonObject>> send, JsonObject request,
      BooleanSupplier stopped, int sent) {
    return send.apply(request).recover(error -> {
      Failure failure = Failure.from(error);
      if (failure.status() != 503 || failure.retryAfterSeconds() == null || sent >= MAX_SENDS || stopped.getAsBoolean()) {
        return Future.failedFuture(error);
      }
      return vertx.timer(Math.max(1, failure.retryAfterSeconds()), TimeUnit.SECONDS)
          .compose(v -> attempt(vertx, send, request, stopped, sent + 1));
    });
  }
}
