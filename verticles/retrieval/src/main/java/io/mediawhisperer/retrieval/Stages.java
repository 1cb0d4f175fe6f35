package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The vector backend answers with completion stages; here they become futures on the caller's context. */
final class Stages {

  private Stages() {
  }

  /** The stage as a future; a backend's IllegalArgumentException (a request it refuses) is the caller's 400. */
  static <T> Future<T> of(Vertx vertx, CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(error -> Future.failedFuture(unwrap(error) instanceof IllegalArgumentException e
            ? Failure.invalidInput(e.getMessage()).asException()
            : unwrap(error)));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
