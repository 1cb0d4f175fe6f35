package io.mediawhisperer.bus;

import java.util.UUID;

/**
 * Events for one user's WebSocket connections, published cluster-wide so they reach the user on
 * whichever node the socket is open. Payloads are the WebSocket frames of the HTTP contract:
 * {@code {"type": "job", "job"}} and {@code {"type": "source", "source"}}.
 */
public final class UserEvents {

  private static final String PREFIX = "events.user.";

  private UserEvents() {
  }

  public static String address(UUID userId) {
    return PREFIX + userId;
  }

  public static String address(String userId) {
    return PREFIX + UUID.fromString(userId);
  }
}
