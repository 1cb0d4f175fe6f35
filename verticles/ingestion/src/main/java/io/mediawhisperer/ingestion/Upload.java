package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.parser.SourceParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** What ingestion needs to know about an uploaded file before it parses it: one pass over its bytes. */
record Upload(Path path, long size, String sha256, byte[] head) {

  /** Blocking. */
  static Upload inspect(Path path) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] head = new byte[SourceParser.HEAD_BYTES];
    int headLength = 0;
    long size = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (headLength < head.length) {
          int take = Math.min(n, head.length - headLength);
          System.arraycopy(buffer, 0, head, headLength, take);
          headLength += take;
        }
        size += n;
      }
    }
    return new Upload(path, size, HexFormat.of().formatHex(sha.digest()), Arrays.copyOf(head, headLength));
  }
}
