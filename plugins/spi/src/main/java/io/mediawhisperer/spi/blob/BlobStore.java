package io.mediawhisperer.spi.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Files the server keeps (original uploads, extracted images, uploads in flight), by key, in a
 * store that every node of a cluster can reach or only this node, depending on the
 * implementation. Every method blocks: callers run them on worker threads, never on an event loop.
 *
 * <p>Keys are {@code /}-separated paths of segments made of {@code [A-Za-z0-9._-]} (never {@code .}
 * or {@code ..}), at most {@value BlobKeys#MAX_LENGTH} characters: see {@link BlobKeys}. Every method
 * refuses a malformed key or prefix with {@link IllegalArgumentException} before touching anything.
 *
 * <p>Rules every implementation keeps (the contract kit checks them): a {@link #put} (and a
 * {@link #moveIn}) is atomic (a reader sees the old blob, or none, or the whole new one, never a
 * part, and a failed put leaves what was there); a blob is read as a stream, never loaded whole into
 * memory; {@link #list} pages through keys in ascending order of their UTF-16 code units (which,
 * for the ASCII keys allowed, is byte order); deletes of missing keys are not errors. The server
 * never stores a key that is another key's "directory" ({@code a} beside {@code a/b}), so a store on
 * a file system need not support that.
 *
 * <p>Changes of this interface: SPI 0.3 (issue 12) added {@link #moveIn} and {@link #localPath},
 * with defaults (a copy; no local file), so a store built against an earlier SPI compiles and loads
 * unchanged; a store whose blobs are local files overrides both, so that an upload is written once.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Stores everything {@code in} yields under {@code key}, replacing any blob there; returns the
   * number of bytes stored. Does not close {@code in}.
   */
  long put(String key, InputStream in) throws IOException;

  /** {@link #put(String, InputStream)} from a file. */
  default long put(String key, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in);
    }
  }

  /**
   * {@link #put(String, Path)} that takes the file over: once it returns, {@code file} is gone. A store
   * whose blobs are files on the same file system renames it into place, so no byte is copied; the
   * default puts a copy and deletes the file. When it throws, {@code file} may still be there (the
   * caller removes it) and what was stored under {@code key} is left as it was.
   */
  default long moveIn(String key, Path file) throws IOException {
    long size = put(key, file);
    Files.deleteIfExists(file);
    return size;
  }

  /**
   * A file on this machine holding the blob's bytes, for a reader that needs a file (a parser) and
   * would otherwise copy the blob out; empty when there is no blob under {@code key}, or when the
   * store keeps its blobs elsewhere (the default). The caller only reads the file; it holds the
   * blob's bytes until the blob is replaced or deleted.
   */
  default Optional<Path> localPath(String key) throws IOException {
    BlobKeys.check(key);
    return Optional.empty();
  }

  /**
   * Opens the blob for reading. The caller closes the returned content.
   *
   * @throws NoSuchFileException when there is no blob under {@code key}
   */
  BlobContent open(String key) throws IOException;

  /**
   * Opens {@code length} bytes of a blob from {@code offset} (an HTTP Range request), which the
   * caller has checked against the blob's size. The default skips to the offset in
   * {@link #open(String)}'s stream (a seek for a file); a store that can ask for a range (S3)
   * overrides it. Since SPI 0.5.
   */
  default BlobContent open(String key, long offset, long length) throws IOException {
    BlobContent whole = open(key);
    try {
      whole.stream().skipNBytes(offset);
    } catch (IOException | RuntimeException e) {
      whole.close();
      throw e;
    }
    InputStream bounded = new java.io.FilterInputStream(whole.stream()) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
    return new BlobContent() {
      @Override
      public long size() {
        return length;
      }

      @Override
      public InputStream stream() {
        return bounded;
      }
    };
  }

  /** Whether a blob is stored under {@code key}. */
  boolean exists(String key) throws IOException;

  /** Removes the blob under {@code key}; returns whether there was one. */
  boolean delete(String key) throws IOException;

  /**
   * Removes every blob whose key starts with {@code prefix} (a non-empty prefix; to remove a
   * "directory", end it with {@code /}); returns how many went.
   */
  long deletePrefix(String prefix) throws IOException;

  /**
   * Moves the blob under {@code from} to {@code to} (replacing any blob there), keeping its bytes
   * and creation time. Atomic like {@link #put}.
   *
   * @throws NoSuchFileException when there is no blob under {@code from}
   */
  void rename(String from, String to) throws IOException;

  /**
   * Up to {@code limit} blobs whose keys start with {@code prefix} (empty: every key) and sort after
   * {@code after} (null: from the first), in ascending key order. A caller pages by passing the
   * last key of one page as {@code after} of the next; an empty list is the end.
   */
  List<BlobInfo> list(String prefix, String after, int limit) throws IOException;

  /** Releases what the store holds (connections, threads). Blocking; idempotent. */
  @Override
  void close() throws Exception;
}
