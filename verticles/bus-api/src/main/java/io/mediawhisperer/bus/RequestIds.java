package io.mediawhisperer.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id follows a request from the HTTP edge through every bus hop, in the
 * {@value #HEADER} header, so one id finds all log lines of one request on every node.
 */
public final class RequestIds {

  public static final String HEADER = "x-request-id";
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestIds() {
  }

  /** The client's id when it is short and harmless in a log line; otherwise a new one. */
  public static String acceptOrCreate(String fromClient) {
    return fromClient != null && ACCEPTABLE.matcher(fromClient).matches() ? fromClient : UUID.randomUUID().toString();
  }

  public static DeliveryOptions deliveryOptions(String requestId) {
    return new DeliveryOptions().addHeader(HEADER, requestId);
  }

  public static String of(Message<?> message) {
    String id = message.headers().get(HEADER);
    return id == null ? "-" : id;
  }
}
