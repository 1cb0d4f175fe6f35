package io.mediawhisperer.plugin.blob.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One part of an upload held in memory: filled from a stream up to the part size, then sent as a
 * request body that the SDK can read again on a retry. It starts small and grows as bytes arrive, so
 * a put of a few bytes does not take the whole part size, and is reused from part to part.
 */
final class PartBuffer {

  private static final int INITIAL = 64 * 1024;

  private final int capacity;
  private byte[] bytes;
  private int count;

  PartBuffer(int capacity) {
    this.capacity = capacity;
    this.bytes = new byte[Math.min(INITIAL, capacity)];
  }

  /** Replaces the content with the next bytes of {@code in}, up to the part size; returns how many (0: at the end). */
  int fill(InputStream in) throws IOException {
    count = 0;
    while (count < capacity) {
      if (count == bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min((long) bytes.length * 2, capacity));
      }
      int n = in.read(bytes, count, bytes.length - count);
      if (n < 0) {
        break;
      }
      count += n;
    }
    return count;
  }

  /** Whether the last fill reached the end of the stream (it came back short of a whole part). */
  boolean atEnd() {
    return count < capacity;
  }

  int size() {
    return count;
  }

  /** The content as a request body; each read of it (a retry reads again) starts from the first byte. */
  RequestBody body() {
    byte[] content = bytes;
    int length = count;
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, 0, length), length,
        "application/octet-stream");
  }
}
