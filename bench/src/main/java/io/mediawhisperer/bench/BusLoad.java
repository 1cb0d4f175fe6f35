package io.mediawhisperer.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop load on an event bus address, the bus twin of a wrk run: a fixed number of
 * requests in flight, each answer sending the next request, for a fixed time. All of it
 * runs on one event-loop context of the given Vert.x (as a verticle calling the address would),
 * so the bench's own thread never waits on the loop. Counts the answers that arrived within the
 * time; any failed request fails the run.
 */
final class BusLoad {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(30_000);

  private final Vertx vertx;
  private final String address;
  private final IntFunction<JsonObject> bodies;
  private final int inFlight;
  private final long durationNanos;

  // touched on the context's thread only
  private long[] latencies = new long[4096];
  private int count;
  private int outstanding;
  private int next;
  private long started;
  private long deadline;
  private Throwable failure;
  private final Promise<Load> done = Promise.promise();

  private BusLoad(Vertx vertx, String address, IntFunction<JsonObject> bodies, int inFlight, Duration duration) {
    this.vertx = vertx;
    this.address = address;
    this.bodies = bodies;
    this.inFlight = inFlight;
    this.durationNanos = duration.toNanos();
  }

  /**
   * Blocks the calling (non-Vert.x) thread until the run is over.
   *
   * @param bodies the body of the run's n-th request (from 0)
   */
  static Load run(Vertx vertx, String address, IntFunction<JsonObject> bodies, int inFlight, Duration duration) throws Exception {
    if (inFlight < 1) {
      throw new IllegalArgumentException("a bus load needs at least one request in flight");
    }
    BusLoad load = new BusLoad(vertx, address, bodies, inFlight, duration);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> load.start());
    return load.done.future().toCompletionStage().toCompletableFuture()
        .get(duration.toMillis() + OPTIONS.getSendTimeout() + 10_000, TimeUnit.MILLISECONDS);
  }

  private void start() {
    started = System.nanoTime();
    deadline = started + durationNanos;
    for (int i = 0; i < inFlight; i++) {
      send();
    }
  }

  private void send() {
    JsonObject body = bodies.apply(next++);
    outstanding++;
    long sent = System.nanoTime();
    Future<?> answer = vertx.eventBus().request(address, body, OPTIONS);
    answer.onComplete(result -> {
      long now = System.nanoTime();
      outstanding--;
      if (result.failed() && failure == null) {
        failure = result.cause();
      } else if (result.succeeded() && now <= deadline) {
        record(now - sent);
      }
      if (now < deadline && failure == null) {
        send();
      } else if (outstanding == 0) {
        finish();
      }
    });
  }

  private void record(long nanos) {
    if (count == latencies.length) {
      latencies = Arrays.copyOf(latencies, count * 2);
    }
    latencies[count++] = nanos;
  }

  private void finish() {
    if (failure != null) {
      done.fail(new IllegalStateException("a request to " + address + " failed: " + failure, failure));
      return;
    }
    if (count == 0) {
      done.fail(new IllegalStateException("no answer from " + address + " within the run"));
      return;
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    double seconds = durationNanos / 1e9;
    done.complete(new Load(count, seconds, count / seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6));
  }

  /** Nearest rank. */
  static long percentile(long[] sorted, double percent) {
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
