package io.mediawhisperer.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A closed-loop load on an event bus address, the bus twin of a wrk run: a fixed number of
 * requests in flight, each answer sending the next request, for a fixed time. The requests go out
 * from as many event-loop contexts of the given Vert.x as it has cores (at most one per request in
 * flight), as the node's HTTP verticle instances send theirs, so the bench's own thread never
 * waits on a loop and no single loop carries all the answers. Counts the answers that arrived
 * within the time; any failed request fails the run.
 */
final class BusLoad {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(30_000);

  private BusLoad() {
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
    int contexts = Math.min(inFlight, Math.max(1, Runtime.getRuntime().availableProcessors()));
    AtomicInteger numbers = new AtomicInteger();
    long deadline = System.nanoTime() + duration.toNanos();
    List<Caller> callers = new ArrayList<>();
    for (int i = 0; i < contexts; i++) {
      // spread like wrk's connections over its threads: the first contexts take one more when it does not divide
      int own = inFlight / contexts + (i < inFlight % contexts ? 1 : 0);
      Caller caller = new Caller(vertx, address, bodies, numbers, own, deadline);
      callers.add(caller);
      // called off Vert.x, getOrCreateContext makes a new context on the next event loop each time
      vertx.getOrCreateContext().runOnContext(v -> caller.start());
    }
    Future.all(callers.stream().map(c -> c.done.future()).toList()).toCompletionStage().toCompletableFuture()
        .get(duration.toMillis() + OPTIONS.getSendTimeout() + 10_000, TimeUnit.MILLISECONDS);
    long[] sorted = callers.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalStateException("no answer from " + address + " within the run");
    }
    double seconds = duration.toNanos() / 1e9;
    return new Load(sorted.length, seconds, sorted.length / seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
  }

  /** Nearest rank. */
  static long percentile(long[] sorted, double percent) {
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** The requests one context keeps in flight; its fields are touched on that context's thread only. */
  private static final class Caller {

    private final Vertx vertx;
    private final String address;
    private final IntFunction<JsonObject> bodies;
    private final AtomicInteger numbers;
    private final int inFlight;
    private final long deadline;
    private final Promise<Void> done = Promise.promise();
    private long[] latencies = new long[1024];
    private int count;
    private int outstanding;
    private Throwable failure;

    Caller(Vertx vertx, String address, IntFunction<JsonObject> bodies, AtomicInteger numbers, int inFlight, long deadline) {
      this.vertx = vertx;
      this.address = address;
      this.bodies = bodies;
      this.numbers = numbers;
      this.inFlight = inFlight;
      this.deadline = deadline;
    }

    void start() {
      for (int i = 0; i < inFlight; i++) {
        send();
      }
    }

    private void send() {
      JsonObject body = bodies.apply(numbers.getAndIncrement());
      outstanding++;
      long sent = System.nanoTime();
      vertx.eventBus().request(address, body, OPTIONS).onComplete(result -> {
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
          if (failure != null) {
            done.fail(new IllegalStateException("a request to " + address + " failed: " + failure, failure));
          } else {
            done.complete();
          }
        }
      });
    }

    private void record(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }
}
