package io.mediawhisperer.plugin.chatlog.assistants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An id for a conversation whose export names none, derived from its content (the first
 * message's time and text), so that reading next month's export gives the same id and the server
 * updates the conversation instead of adding a copy.
 */
final class StableId {

  private StableId() {
  }

  static String of(Object... parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (Object part : parts) {
        sha256.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
