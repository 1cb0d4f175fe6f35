package io.mediawhisperer.http;

import io.mediawhisperer.bus.Failure;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 section 14): {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffixLength}. A header this server does not serve as a range
 * (another unit, several ranges, bad syntax) is ignored and the whole file sent, as the RFC allows;
 * a range that starts past the end is 416.
 */
record ByteRange(long first, long last) {

  static final String UNSATISFIABLE = "range_not_satisfiable";

  long length() {
    return last - first + 1;
  }

  /** The range to send of a file of {@code size} bytes, or null for the whole file. */
  static ByteRange of(String header, long size) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.indexOf(',') >= 0) {
      return null;
    }
    String spec = value.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String from = spec.substring(0, dash).trim();
      String to = spec.substring(dash + 1).trim();
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        if (suffix <= 0 || size == 0) {
          throw unsatisfiable(size);
        }
        return new ByteRange(Math.max(0, size - suffix), size - 1);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
      if (first < 0 || last < first) {
        return null;
      }
      if (first >= size) {
        throw unsatisfiable(size);
      }
      return new ByteRange(first, Math.min(last, size - 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Failure.FailureException unsatisfiable(long size) {
    return new Failure(416, UNSATISFIABLE, "the range starts past the end of the file (" + size + " bytes)").asException();
  }
}
