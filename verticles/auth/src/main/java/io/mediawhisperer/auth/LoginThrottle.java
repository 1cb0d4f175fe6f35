package io.mediawhisperer.auth;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * Slows down password guessing without locking anyone out. Failures are counted per email and
 * client address together: after {@code maxFailures} of them that pair must wait before its next
 * try, 1 s, then 2, 4, 8... up to {@code windowSeconds}; the owner logging in from another
 * address is not held up, nor are the other users behind the attacker's address. A second count
 * per address alone, with a much higher threshold, slows one address guessing across many
 * accounts the same way. A count is forgotten {@code windowSeconds} after its latest failure, and
 * a successful login forgets its pair's.
 *
 * <p>The counts live in memory on this node (a local map shared by its auth instances, updated
 * atomically, so concurrent guesses cannot all slip through between a check and a count). In a
 * cluster each node counts on its own: an attacker whose requests are spread over N auth nodes
 * gets up to N times the attempts, and the delays still grow on each node.
 */
final class LoginThrottle {

  private static final String MAP = "mw.auth.login-failures";
  private static final long FIRST_DELAY_MILLIS = 1_000;

  private final LocalMap<String, Failures> failures;
  private final int maxFailures;
  private final int addressMaxFailures;
  private final long windowMillis;

  /** Failures of one key so far and when the latest was. Immutable, so the local map may share it. */
  record Failures(int count, long latestMillis) implements Shareable {
  }

  LoginThrottle(Vertx vertx, int maxFailures, int addressMaxFailures, long windowSeconds) {
    this.failures = vertx.sharedData().getLocalMap(MAP);
    this.maxFailures = maxFailures;
    this.addressMaxFailures = addressMaxFailures;
    this.windowMillis = windowSeconds * 1000;
  }

  /**
   * Starts a login for {@code email} from {@code address}: the milliseconds it must still wait
   * (nothing is counted then), or 0 when it may go on, in which case it is counted as a failure
   * at once, atomically with the check, so concurrent guesses cannot all pass the check before
   * the first of them is counted. {@link #succeeded} takes the count back; {@link #failed}
   * restarts the wait when the failure is answered.
   */
  long attempt(String email, String address, long now) {
    long wait = Math.max(waitMillis(failures.get(pairKey(email, address)), maxFailures, now),
        waitMillis(failures.get(addressKey(address)), addressMaxFailures, now));
    if (wait > 0) {
      return wait;
    }
    long[] raced = {0};
    count(pairKey(email, address), maxFailures, now, raced);
    count(addressKey(address), addressMaxFailures, now, raced);
    return raced[0];
  }

  private void count(String key, int free, long now, long[] wait) {
    failures.compute(key, (k, known) -> {
      long mustWait = waitMillis(known, free, now);
      if (mustWait > 0) {
        wait[0] = Math.max(wait[0], mustWait);
        return known;
      }
      return new Failures(known == null || expired(known, now) ? 1 : known.count() + 1, now);
    });
  }

  /**
   * The password was wrong: the wait starts now, when the answer goes out, not when the attempt
   * was counted (checking a password takes a while).
   */
  void failed(String email, String address, long now) {
    for (String key : new String[] {pairKey(email, address), addressKey(address)}) {
      failures.computeIfPresent(key, (k, known) -> new Failures(known.count(), Math.max(known.latestMillis(), now)));
    }
  }

  /**
   * The password was right: the pair's failures are forgotten, and the address's count loses
   * this attempt (but keeps its failures, or one valid account would reset an attacker's count).
   */
  void succeeded(String email, String address) {
    failures.remove(pairKey(email, address));
    failures.computeIfPresent(addressKey(address), (k, known) -> known.count() <= 1 ? null
        : new Failures(known.count() - 1, known.latestMillis()));
  }

  /** Drops the counts no one has added to for a whole window. */
  void forgetExpired(long now) {
    for (String key : failures.keySet()) {
      failures.computeIfPresent(key, (k, known) -> expired(known, now) ? null : known);
    }
  }

  private long waitMillis(Failures known, int free, long now) {
    if (known == null || expired(known, now) || known.count() < free) {
      return 0;
    }
    long delay = Math.min(windowMillis, FIRST_DELAY_MILLIS << Math.min(known.count() - free, 30));
    return Math.max(0, known.latestMillis() + delay - now);
  }

  private boolean expired(Failures known, long now) {
    return now - known.latestMillis() > windowMillis;
  }

  private static String pairKey(String email, String address) {
    return "pair:" + addressOrUnknown(address) + " " + email;
  }

  private static String addressKey(String address) {
    return "address:" + addressOrUnknown(address);
  }

  private static String addressOrUnknown(String address) {
    return address == null ? "unknown" : address;
  }
}
