package io.mediawhisperer.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OS lock on {@code owner.lock} in an embedded database's directory, held by the process that
 * runs the database there. The kernel releases it when that process ends, however it ends (a
 * {@code kill -9} included), which is what lets the next start tell a dead owner from a live one.
 * The file holds the owner's pid, for the message a refused start gives.
 */
final class OwnerLock implements AutoCloseable {

  static final String FILE_NAME = "owner.lock";
  /**
   * The lock files this JVM holds. Checked before a channel is opened: closing any channel on a
   * locked file may release the JVM's lock on it (POSIX record locks belong to the process), so a
   * refused second start in this JVM must never open, and then close, one.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OwnerLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Blocking: takes the lock without waiting.
   *
   * @throws EmbeddedDatabase.DirectoryInUseException naming the directory (and the owner's pid) when another process,
   *     or another start in this one, holds it
   */
  static OwnerLock acquire(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME).toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      throw inUse(dir, String.valueOf(ProcessHandle.current().pid()));
    }
    try {
      // no TRUNCATE_EXISTING: the owner's pid must stay readable when the lock is refused
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
        if (lock == null) {
          throw inUse(dir, owner(channel));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      } catch (IOException | RuntimeException e) {
        channel.close(); // releases the lock too, if it was taken
        throw e;
      }
      return new OwnerLock(file, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(file);
      throw e;
    }
  }

  private static EmbeddedDatabase.DirectoryInUseException inUse(Path dir, String owner) {
    return new EmbeddedDatabase.DirectoryInUseException("the embedded PostgreSQL in " + dir.toAbsolutePath() + " is in use by another MediaWhisperer"
        + (owner.isEmpty() ? "" : " (process " + owner + ")")
        + "; stop it first, or give this one another --data-dir (or a --db-url)");
  }

  private static String owner(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
      HELD.remove(file);
    }
  }
}
