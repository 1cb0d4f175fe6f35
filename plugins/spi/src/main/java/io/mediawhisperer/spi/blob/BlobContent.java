package io.mediawhisperer.spi.blob;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An open blob: its size, known before the first byte is read (an HTTP response sets its length
 * from it), and its bytes as a stream read in pieces. Closing it closes the stream.
 */
public interface BlobContent extends Closeable {

  long size();

  /** The bytes, from the first; the same stream on every call. */
  InputStream stream();

  @Override
  default void close() throws IOException {
    stream().close();
  }
}
