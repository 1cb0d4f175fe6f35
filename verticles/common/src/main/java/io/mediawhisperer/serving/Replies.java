package io.mediawhisperer.serving;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a bus address to a function returning a future: the result is the reply, a
 * {@link Failure} is sent as such, a service that cannot be reached (the database down) is a 503
 * logged in one line, as is a 503 a verticle chose to send; anything else is logged with the
 * request id and its stack and sent as a 500 whose message leaks nothing.
 */
public final class Replies {

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private Replies() {
  }

  public static io.vertx.core.Handler<Message<JsonObject>> handler(
      Function<Message<JsonObject>, Future<JsonObject>> action) {
    return message -> {
      Future<JsonObject> result;
      try {
        if (message.body() == null) {
          throw Failure.invalidInput("a JSON object is required").asException();
        }
        result = action.apply(message);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(done -> {
        if (done.succeeded()) {
          message.reply(done.result());
        } else {
          fail(message, done.cause());
        }
      });
    };
  }

  private static void fail(Message<?> message, Throwable error) {
    Failure failure = Failure.from(error);
    if (Failure.isUnreachable(error)) {
      // the database (or another service) is away: one line per request, not a stack trace each
      LOG.warn("[{}] {} failed, a service is unreachable: {}", RequestIds.of(message), message.address(), Failure.describe(error));
    } else if (failure.status() == 503 && error instanceof Failure.FailureException) {
      // a verticle saying "not now" on purpose (its queue is full, it is stopping): expected under load
      LOG.warn("[{}] {} answered 503: {}", RequestIds.of(message), message.address(), failure.message());
    } else if (failure.status() >= 500) {
      LOG.error("[{}] {} failed", RequestIds.of(message), message.address(), error);
    }
    failure.replyTo(message);
  }
}
