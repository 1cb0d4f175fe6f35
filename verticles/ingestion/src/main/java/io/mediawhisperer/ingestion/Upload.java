package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.parser.SourceParser;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What ingestion needs to know about an upload before it parses it, from one pass over its bytes
 * as the blob store streams them.
 */
record Upload(String key, long size, String sha256, byte[] head) {

  /** Blocking. Does not close {@code bytes}. */
  static Upload inspect(String key, InputStream bytes) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] head = new byte[SourceParser.HEAD_BYTES];
    int headLength = 0;
    long size = 0;
    InputStream in = new DigestInputStream(bytes, sha);
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      if (headLength < head.length) {
        int take = Math.min(n, head.length - headLength);
        System.arraycopy(buffer, 0, head, headLength, take);
        headLength += take;
      }
      size += n;
    }
    return new Upload(key, size, HexFormat.of().formatHex(sha.digest()), Arrays.copyOf(head, headLength));
  }
}
