package io.mediawhisperer.spi.blob;

import java.util.regex.Pattern;

/**
 * What a blob key may be, checked in one place so every store refuses the same keys with the same
 * message. The rules keep a key safe as a relative file path (no {@code ..}, no absolute path, no
 * separator but {@code /}), as an S3 object key and as a SQL string compared bytewise.
 */
public final class BlobKeys {

  public static final int MAX_LENGTH = 512;
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  private BlobKeys() {
  }

  /** Returns {@code key} when it is a valid key; otherwise throws {@link IllegalArgumentException}. */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a blob key is required");
    }
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a blob key has at most " + MAX_LENGTH + " characters, not " + key.length());
    }
    for (String segment : key.split("/", -1)) {
      checkSegment(key, segment, false);
    }
    return key;
  }

  /**
   * Returns {@code prefix} when it can start valid keys: empty, or segments as in a key where the
   * last one may be partial or empty (a trailing {@code /}).
   */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("a blob key prefix is required (empty for every key)");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    if (prefix.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a blob key prefix has at most " + MAX_LENGTH + " characters");
    }
    String[] segments = prefix.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      checkSegment(prefix, segments[i], i == segments.length - 1);
    }
    return prefix;
  }

  /** As {@link #checkPrefix}, and not empty: no single call removes every blob. */
  public static String checkDeletePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("a non-empty blob key prefix is required to delete by prefix");
    }
    return checkPrefix(prefix);
  }

  private static void checkSegment(String whole, String segment, boolean lastOfPrefix) {
    if (segment.isEmpty() && lastOfPrefix) {
      return;
    }
    if (segment.isEmpty() || !SEGMENT.matcher(segment).matches()
        || (!lastOfPrefix && (segment.equals(".") || segment.equals("..")))
        || (lastOfPrefix && segment.equals(".."))) {
      throw new IllegalArgumentException("not a valid blob key: '" + printable(whole)
          + "' (segments of A-Z a-z 0-9 . _ - joined by '/', never '.' or '..')");
    }
  }

  private static String printable(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return shown.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
