package io.mediawhisperer.plugin.chatlog.selfhosted;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * An id for a conversation the export names none for, derived from its first message's time and
 * text, so that reading next month's export gives the same id again.
 */
final class StableId {

  private StableId() {
  }

  static String of(String platform, Instant firstTime, String firstText) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((firstTime == null ? "" : firstTime.toString()).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(firstText.getBytes(StandardCharsets.UTF_8));
      return platform + "-sha256-" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
