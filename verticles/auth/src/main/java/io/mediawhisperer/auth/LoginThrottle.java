package io.mediawhisperer.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;

/**
 * Counts failed logins per email and per client address in a shared map (cluster-wide when
 * clustered), each count living {@code windowSeconds} after its latest failure. An address may
 * fail four times as often as one email, so one office behind a NAT is not locked out by one
 * forgetful user.
 */
final class LoginThrottle {

  private static final String MAP = "mw.auth.login-failures";
  private static final int ADDRESS_FACTOR = 4;

  private final Vertx vertx;
  private final int maxFailures;
  private final long windowMillis;

  LoginThrottle(Vertx vertx, int maxFailures, long windowSeconds) {
    this.vertx = vertx;
    this.maxFailures = maxFailures;
    this.windowMillis = windowSeconds * 1000;
  }

  Future<Boolean> isLocked(String email, String address) {
    return map().compose(m -> Future.all(m.get(emailKey(email)), m.get(addressKey(address)))
        .map(counts -> count(counts.resultAt(0)) >= maxFailures
            || count(counts.resultAt(1)) >= maxFailures * ADDRESS_FACTOR));
  }

  Future<Void> recordFailure(String email, String address) {
    return map().compose(m -> Future.all(List.of(emailKey(email), addressKey(address)).stream()
        .map(key -> m.get(key).compose(n -> m.put(key, count(n) + 1, windowMillis)))
        .toList())).mapEmpty();
  }

  Future<Void> recordSuccess(String email) {
    return map().compose(m -> m.remove(emailKey(email))).mapEmpty();
  }

  private Future<AsyncMap<String, Integer>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }

  private static int count(Object value) {
    return value == null ? 0 : (Integer) value;
  }

  private static String emailKey(String email) {
    return "email:" + email;
  }

  private static String addressKey(String address) {
    return "address:" + (address == null ? "unknown" : address);
  }
}
