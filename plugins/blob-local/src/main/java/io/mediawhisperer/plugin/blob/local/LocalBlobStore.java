package io.mediawhisperer.plugin.blob.local;

import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.mediawhisperer.spi.blob.BlobKeys;
import io.mediawhisperer.spi.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link BlobStore} of plain files: the blob {@code a/b/c} is the file {@code objects/a/b/c} under
 * the store's directory, so an operator can look at it and back it up with the data dir.
 *
 * <p>A put writes {@code incoming/<random>.part}, forces it to disk, then moves it over the target
 * in one atomic rename: a reader (or a crash) sees the old file or the whole new one. A
 * {@link #moveIn} forces the given file to disk and renames it into place the same way, so a file on
 * the same file system (an upload received into the data dir) is stored without copying a byte; and
 * {@link #localPath} hands a reader the stored file itself. Keys are
 * checked by {@link BlobKeys}, so a resolved path never leaves {@code objects/}. Empty directories
 * left by deletes are removed; a put racing with that removal retries. A blob's creation time is
 * its file's modification time, which a rename keeps.
 */
public final class LocalBlobStore implements BlobStore {

  /** Leftovers of puts interrupted by a crash are removed at open once they are this old. */
  static final Duration STALE_INCOMING = Duration.ofHours(1);
  private static final int MOVE_ATTEMPTS = 20;

  private final Path objects;
  private final Path incoming;
  private volatile boolean closed;

  private LocalBlobStore(Path objects, Path incoming) {
    this.objects = objects;
    this.incoming = incoming;
  }

  /** Opens (creating) the store in {@code directory}. Blocking. */
  public static LocalBlobStore open(Path directory) throws IOException {
    Path root = directory.toAbsolutePath().normalize();
    Path objects = Files.createDirectories(root.resolve("objects"));
    Path incoming = Files.createDirectories(root.resolve("incoming"));
    removeStaleIncoming(incoming);
    return new LocalBlobStore(objects, incoming);
  }

  /**
   * Only old leftovers: another store on the same directory (another node on a shared file system)
   * may be writing the young ones right now.
   */
  private static void removeStaleIncoming(Path incoming) throws IOException {
    Instant cutoff = Instant.now().minus(STALE_INCOMING);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming, "*.part")) {
      for (Path f : files) {
        try {
          if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(f);
          }
        } catch (NoSuchFileException ignored) {
          // gone already
        }
      }
    }
  }

  private Path path(String key) {
    return objects.resolve(BlobKeys.check(key));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the local blob store in " + objects.getParent() + " is closed");
    }
  }

  @Override
  public long put(String key, InputStream in) throws IOException {
    Path target = path(key);
    checkOpen();
    Path part = incoming.resolve(UUID.randomUUID() + ".part");
    long size = 0;
    try {
      try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          size += n;
        }
        // on disk before it becomes visible under its key: a crash never leaves a short blob
        channel.force(true);
      }
      moveIntoPlace(part, target);
      return size;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  @Override
  public long moveIn(String key, Path file) throws IOException {
    Path target = path(key);
    checkOpen();
    long size;
    // on disk before it becomes visible under its key, as a put's part file
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      size = channel.size();
      channel.force(true);
    }
    try {
      moveIntoPlace(file, target);
    } catch (AtomicMoveNotSupportedException elsewhere) {
      // another file system: no rename reaches the store, so the bytes are copied
      return BlobStore.super.moveIn(key, file);
    }
    return size;
  }

  @Override
  public Optional<Path> localPath(String key) throws IOException {
    Path file = path(key);
    checkOpen();
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Creates the parents and renames atomically; retries when a delete of another key pruned a
   * parent meanwhile: between creating it and the rename (the rename finds no directory), or
   * between another put's creating it and this one's check of it (createDirectories then reports
   * the path as existing but no directory).
   */
  private void moveIntoPlace(Path from, Path to) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(to.getParent());
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return;
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        if (!Files.exists(from) || attempt == MOVE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  @Override
  public BlobContent open(String key) throws IOException {
    Path file = path(key);
    checkOpen();
    if (Files.isDirectory(file)) {
      throw new NoSuchFileException(key);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size;
    try {
      size = channel.size();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    // the open channel keeps reading the version it opened, even if a put replaces the file
    InputStream stream = Channels.newInputStream(channel);
    return new BlobContent() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream stream() {
        return stream;
      }
    };
  }

  @Override
  public boolean exists(String key) throws IOException {
    Path file = path(key);
    checkOpen();
    return Files.isRegularFile(file);
  }

  @Override
  public boolean delete(String key) throws IOException {
    Path file = path(key);
    checkOpen();
    if (Files.isDirectory(file)) {
      return false;
    }
    boolean deleted = Files.deleteIfExists(file);
    removeEmptyParents(file.getParent());
    return deleted;
  }

  @Override
  public long deletePrefix(String prefix) throws IOException {
    BlobKeys.checkDeletePrefix(prefix);
    checkOpen();
    long deleted = 0;
    String after = null;
    for (List<BlobInfo> page = list(prefix, null, 1000); !page.isEmpty(); page = list(prefix, after, 1000)) {
      for (BlobInfo info : page) {
        if (Files.deleteIfExists(objects.resolve(info.key()))) {
          deleted++;
        }
        after = info.key();
      }
    }
    Path start = objects.resolve(prefix.substring(0, prefix.lastIndexOf('/') + 1));
    removeEmptyDirectories(start, prefix);
    removeEmptyParents(start);
    return deleted;
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Path source = path(from);
    Path target = path(to);
    checkOpen();
    if (!Files.isRegularFile(source)) {
      throw new NoSuchFileException(from);
    }
    moveIntoPlace(source, target);
    removeEmptyParents(source.getParent());
  }

  @Override
  public List<BlobInfo> list(String prefix, String after, int limit) throws IOException {
    BlobKeys.checkPrefix(prefix);
    checkOpen();
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    String directory = prefix.substring(0, prefix.lastIndexOf('/') + 1);
    List<BlobInfo> out = new ArrayList<>(Math.min(limit, 1024));
    Path start = objects.resolve(directory);
    if (Files.isDirectory(start)) {
      walk(start, directory, prefix, after, limit, out);
    }
    return out;
  }

  /**
   * Depth first in key order: a directory {@code d} holds the keys {@code d/...}, which sort where
   * the name {@code d/} does among its siblings ({@code d-x} < {@code d.x} < {@code d/...} < {@code d0}),
   * so siblings are visited sorted by name, with {@code /} appended to directories. Directories
   * whose keys all sort before {@code after}, or outside the prefix, are skipped unread.
   */
  private boolean walk(Path dir, String dirKey, String prefix, String after, int limit, List<BlobInfo> out)
      throws IOException {
    List<String[]> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        boolean isDirectory = Files.isDirectory(child);
        entries.add(new String[] {dirKey + name + (isDirectory ? "/" : ""), name});
      }
    } catch (NoSuchFileException e) {
      return false; // removed by a concurrent delete
    }
    entries.sort(Comparator.comparing(e -> e[0]));
    for (String[] entry : entries) {
      String key = entry[0];
      if (key.endsWith("/")) {
        boolean inPrefix = key.startsWith(prefix) || prefix.startsWith(key);
        boolean allBeforeAfter = after != null && !after.startsWith(key) && after.compareTo(key) > 0;
        if (inPrefix && !allBeforeAfter && walk(dir.resolve(entry[1]), key, prefix, after, limit, out)) {
          return true;
        }
        continue;
      }
      if (!key.startsWith(prefix) || (after != null && key.compareTo(after) <= 0)) {
        continue;
      }
      try {
        BasicFileAttributes attributes = Files.readAttributes(dir.resolve(entry[1]), BasicFileAttributes.class);
        out.add(new BlobInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
      } catch (NoSuchFileException e) {
        continue; // deleted meanwhile
      }
      if (out.size() >= limit) {
        return true;
      }
    }
    return false;
  }

  /** Removes the empty directories under {@code dir} whose keys start with the prefix. */
  private void removeEmptyDirectories(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    } catch (NoSuchFileException e) {
      return;
    }
    for (Path child : children) {
      String key = objects.relativize(child).toString().replace('\\', '/') + "/";
      if (Files.isDirectory(child) && (key.startsWith(prefix) || prefix.startsWith(key))) {
        removeEmptyDirectories(child, prefix);
        if (key.startsWith(prefix)) {
          deleteIfEmpty(child);
        }
      }
    }
  }

  /** Removes {@code dir} and its parents while they are empty, never {@code objects/} itself. */
  private void removeEmptyParents(Path dir) {
    for (Path d = dir; d != null && d.startsWith(objects) && !d.equals(objects); d = d.getParent()) {
      if (!deleteIfEmpty(d)) {
        return;
      }
    }
  }

  private static boolean deleteIfEmpty(Path dir) {
    try {
      return Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      return false;
    } catch (IOException e) {
      return false; // tidiness only: an empty directory left behind is harmless
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
