package io.mediawhisperer.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing (password4j), with OWASP's minimum parameters: 19 MiB, 2 passes,
 * 1 lane. Every method here is CPU-bound for tens of milliseconds: call them off the event loop.
 */
final class Passwords {

  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
  /** Longer passwords are refused so that hashing cannot be turned into a denial of service. */
  static final int MAX_LENGTH = 1024;

  private Passwords() {
  }

  static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  static boolean matches(String password, String hash) {
    return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
  }
}
