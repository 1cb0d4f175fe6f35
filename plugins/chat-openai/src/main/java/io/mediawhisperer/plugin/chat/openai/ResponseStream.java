package io.mediawhisperer.plugin.chat.openai;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One response as a queue of events that the calling thread takes with a timeout: the status
 * and headers, each piece of the body as it arrives, then the end or a failure. The JDK's
 * blocking body streams cannot be read with a timeout, and a streamed answer needs one between
 * pieces (a server that stalls mid-answer must not hold a thread for ever); here the wait is a
 * {@link BlockingQueue#poll}, and giving up cancels the exchange. One instance serves one request.
 */
final class ResponseStream implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<List<ByteBuffer>> {

  /** What happened next. */
  sealed interface Event {
  }

  record Head(int status, HttpHeaders headers) implements Event {
  }

  record Bytes(byte[] bytes) implements Event {
  }

  record End() implements Event {
  }

  record Failed(Throwable cause) implements Event {
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private volatile CompletableFuture<?> exchange;
  private volatile boolean cancelled;

  /** Watches the exchange, so that a failure before any response (no connection) becomes an event too. */
  void watch(CompletableFuture<?> exchange) {
    this.exchange = exchange;
    exchange.whenComplete((response, failure) -> {
      if (failure != null) {
        events.add(new Failed(failure));
      }
    });
  }

  /** The next event, or null when none came within {@code timeout}. */
  Event next(Duration timeout) throws InterruptedException {
    return events.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  /** Stops the exchange: the connection is closed and nothing more arrives. */
  void cancel() {
    cancelled = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    CompletableFuture<?> e = exchange;
    if (e != null) {
      e.cancel(true);
    }
  }

  @Override
  public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
    events.add(new Head(info.statusCode(), info.headers()));
    return HttpResponse.BodySubscribers.fromSubscriber(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    int size = 0;
    for (ByteBuffer b : buffers) {
      size += b.remaining();
    }
    byte[] bytes = new byte[size];
    int at = 0;
    for (ByteBuffer b : buffers) {
      int n = b.remaining();
      b.get(bytes, at, n);
      at += n;
    }
    events.add(new Bytes(bytes));
  }

  @Override
  public void onError(Throwable failure) {
    events.add(new Failed(failure));
  }

  @Override
  public void onComplete() {
    events.add(new End());
  }
}
