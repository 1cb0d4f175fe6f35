package io.mediawhisperer.auth;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * At most {@code perHour} accounts registered from one client address in an hour (a fixed window
 * from the first one). A registration reserves its place before the account is written and gives
 * it back when it fails, so only created accounts count and concurrent requests cannot exceed the
 * limit. Like {@link LoginThrottle}, counts live in memory on this node: in a cluster each node
 * allows its own {@code perHour}. Registrations without an address (not through the HTTP edge)
 * are not limited.
 */
final class RegistrationLimit {

  private static final String MAP = "mw.auth.registrations";
  private static final long HOUR_MILLIS = 3_600_000;

  private final LocalMap<String, Window> windows;
  private final int perHour;

  record Window(int count, long endsMillis) implements Shareable {
  }

  RegistrationLimit(Vertx vertx, int perHour) {
    this.windows = vertx.sharedData().getLocalMap(MAP);
    this.perHour = perHour;
  }

  /** Takes a place for {@code address}: 0 when taken, else the milliseconds until one frees up. */
  long reserve(String address, long now) {
    if (address == null || perHour <= 0) {
      return 0;
    }
    long[] wait = {0};
    windows.compute(address, (k, window) -> {
      if (window == null || window.endsMillis() <= now) {
        return new Window(1, now + HOUR_MILLIS);
      }
      if (window.count() >= perHour) {
        wait[0] = window.endsMillis() - now;
        return window;
      }
      return new Window(window.count() + 1, window.endsMillis());
    });
    return wait[0];
  }

  /** Gives back the place a failed registration took. */
  void release(String address) {
    if (address != null && perHour > 0) {
      windows.computeIfPresent(address, (k, window) -> new Window(Math.max(0, window.count() - 1), window.endsMillis()));
    }
  }

  void forgetExpired(long now) {
    for (String key : windows.keySet()) {
      windows.computeIfPresent(key, (k, window) -> window.endsMillis() <= now ? null : window);
    }
  }
}
