package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.parser.SourceParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What ingestion needs to know about an upload before it parses it: its size, the SHA-256 by which
 * a user's duplicates are found, and its first bytes, by which a parser recognises it.
 */
record Upload(String key, long size, String sha256, byte[] head) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /**
   * Blocking. Reads the head of the stored blob; the hash is {@code sha256} when the bytes were
   * hashed as they were received, else computed in one pass over the blob. Does not close {@code content}.
   */
  static Upload inspect(String key, BlobContent content, String sha256) throws IOException {
    if (sha256 != null) {
      return new Upload(key, content.size(), sha256, content.stream().readNBytes(SourceParser.HEAD_BYTES));
    }
    MessageDigest digest = newDigest();
    InputStream in = new DigestInputStream(content.stream(), digest);
    byte[] head = in.readNBytes(SourceParser.HEAD_BYTES);
    in.transferTo(OutputStream.nullOutputStream());
    return new Upload(key, content.size(), HexFormat.of().formatHex(digest.digest()), head);
  }

  /** The SHA-256 of bytes held in memory (a JSON source), as {@link #inspect} gives it. */
  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** The SHA-256 of a text's UTF-8 bytes. */
  static String sha256(String text) {
    return sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code given} when it is null or a SHA-256 in lower-case hex; otherwise a 400. */
  static String checkedSha256(String given) {
    if (given != null && !SHA256_HEX.matcher(given).matches()) {
      throw Failure.invalidInput("sha256 must be 64 lower-case hex digits").asException();
    }
    return given;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
