package io.mediawhisperer.plugin.blob.s3;

import io.mediawhisperer.spi.blob.BlobContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * An object being read straight from the GetObject response. Closing it before the end aborts the
 * connection instead of draining it: a reader that stops early (a client that went away, a range
 * served from a longer stream) must not pull the rest of a large object over the network.
 */
final class S3BlobContent implements BlobContent {

  private final long size;
  private final InputStream stream;

  S3BlobContent(long size, ResponseInputStream<?> response) {
    this.size = size;
    this.stream = new FilterInputStream(response) {
      private long read;
      private boolean ended;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          ended = true;
        } else {
          read++;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
          ended = true;
        } else {
          read += n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        // every byte read: the connection goes back to the pool; otherwise it is cut
        if (!ended && read < size) {
          response.abort();
        }
        super.close();
      }
    };
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public InputStream stream() {
    return stream;
  }
}
