package io.mediawhisperer.auth;

import io.mediawhisperer.bus.Failure;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email validation and normalisation: trimmed, lower-cased, one @, a dotted domain. */
final class Emails {

  private static final Pattern SHAPE = Pattern.compile(
      "[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

  private Emails() {
  }

  static String normalize(String email) {
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    if (normalized.length() > 254 || !SHAPE.matcher(normalized).matches()) {
      throw Failure.invalidInput("email is not a valid address").asException();
    }
    return normalized;
  }
}
