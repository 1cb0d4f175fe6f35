package io.mediawhisperer.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure that crosses the bus. The reply's failure code is the HTTP status the http verticle
 * answers with; the failure message is {@code "snake_case_code: human text"}, so it reads well
 * in logs and still carries the machine code of the HTTP contract's error shape. A failure may carry a
 * retry hint ({@code retryAfterSeconds}, e.g. for a 429), encoded as
 * {@code "code[retry-after=N]: human text"}; the http verticle sends it as {@code Retry-After}.
 */
public record Failure(int status, String code, String message, Integer retryAfterSeconds) {

  public Failure(int status, String code, String message) {
    this(status, code, message, null);
  }

  public static final String INVALID_INPUT = "invalid_input";
  public static final String NOT_FOUND = "not_found";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String TOO_MANY_REQUESTS = "too_many_requests";
  public static final String UNAVAILABLE = "service_unavailable";
  public static final String INTERNAL = "internal_error";

  /** What the client libraries on the classpath say about lost connections (see {@link ConnectionLoss}). */
  private static final List<ConnectionLoss> CONNECTION_LOSSES = ServiceLoader.load(ConnectionLoss.class, Failure.class.getClassLoader())
      .stream().map(ServiceLoader.Provider::get).toList();

  private static final Pattern ENCODED = Pattern.compile("([a-z][a-z0-9_]*)(?:\\[retry-after=(\\d{1,9})])?: (.*)", Pattern.DOTALL);

  public static Failure invalidInput(String message) {
    return new Failure(400, INVALID_INPUT, message);
  }

  public static Failure unauthorized(String message) {
    return new Failure(401, UNAUTHORIZED, message);
  }

  public static Failure notFound(String message) {
    return new Failure(404, NOT_FOUND, message);
  }

  /** The same failure, telling the client to retry after {@code seconds} (at least 1). */
  public Failure retryAfter(long seconds) {
    return new Failure(status, code, message, (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds)));
  }

  /** Fails {@code message} with this failure. */
  public void replyTo(Message<?> message) {
    message.fail(status, encoded());
  }

  public ReplyException toException() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, status, encoded());
  }

  private String encoded() {
    return code + (retryAfterSeconds == null ? "" : "[retry-after=" + retryAfterSeconds + "]") + ": " + message;
  }

  /**
   * What a bus request's failure means for a caller: a {@link Failure} sent by a verticle keeps
   * its status and code; no handler or a timeout is 503; a service the request needs that cannot
   * be reached (see {@link #isUnreachable}) is 503; anything else is a 500.
   */
  public static Failure from(Throwable error) {
    if (error instanceof FailureException fe) {
      return fe.failure();
    }
    if (isUnreachable(error)) {
      // no host, port or driver text: the client learns only that it is temporary
      return new Failure(503, UNAVAILABLE, "a service this request needs cannot be reached right now; try again shortly");
    }
    if (error instanceof ReplyException re) {
      return switch (re.failureType()) {
        case NO_HANDLERS -> new Failure(503, UNAVAILABLE, "no node of the cluster serves this right now");
        case TIMEOUT -> new Failure(503, UNAVAILABLE, "the service did not answer in time");
        case RECIPIENT_FAILURE, ERROR -> decode(re.failureCode(), re.getMessage());
      };
    }
    return new Failure(500, INTERNAL, "internal error");
  }

  /**
   * Whether {@code error}, or one of its causes, says a connection to the database (or another
   * service behind the node) failed or was lost, rather than that the request was wrong: refused
   * or reset connections and unknown hosts here, and whatever a registered {@link ConnectionLoss}
   * recognises (for the database: a connection closed under a query, SQLSTATE class 08, 57P01-57P03,
   * 53300, a pool that found no connection in time). These end when the service is back, so they
   * are 503, and worth one log line rather than a stack trace.
   */
  public static boolean isUnreachable(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof SocketException || e instanceof UnknownHostException || e instanceof ClosedChannelException) {
        return true;
      }
      for (ConnectionLoss loss : CONNECTION_LOSSES) {
        if (loss.signals(e)) {
          return true;
        }
      }
    }
    return false;
  }

  /** One line for a log: the failure's class and message and those of its root cause, never a stack. */
  public static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outer = error.getClass().getSimpleName() + ": " + error.getMessage();
    return root == error ? outer : outer + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  private static Failure decode(int status, String text) {
    Matcher m = text == null ? null : ENCODED.matcher(text);
    if (m != null && m.matches() && status >= 400 && status < 600) {
      return new Failure(status, m.group(1), m.group(3), m.group(2) == null ? null : Integer.valueOf(m.group(2)));
    }
    return new Failure(500, INTERNAL, "internal error");
  }

  /** Lets code that runs before the reply (validation, a store) fail a future with a Failure. */
  public FailureException asException() {
    return new FailureException(this);
  }

  public static final class FailureException extends RuntimeException {
    private final Failure failure;

    FailureException(Failure failure) {
      super(failure.encoded(), null, false, false);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }
}
