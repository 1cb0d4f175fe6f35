package io.mediawhisperer.plugin.chatlog.chatgpt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An id for a conversation whose export names none, derived from what does not change when the
 * conversation goes on (when it started and its first message), so next month's export of the
 * same conversation gets the same id and a re-import updates it instead of adding a copy.
 */
final class StableId {

  private StableId() {
  }

  static String of(String... parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha256.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0); // a separator, so ("ab", "c") and ("a", "bc") differ
      }
      return "derived-" + HexFormat.of().formatHex(sha256.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
