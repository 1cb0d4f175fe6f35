package io.mediawhisperer.spi.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link BlobStore} keeps, as tests. An implementation's test class extends this
 * one and supplies {@link #open(Path)}; every test here then runs against it, unchanged.
 *
 * <p>The hook: {@code open(dir)} opens the store under test on a store identified by {@code dir}.
 * The same {@code dir} must reach the same store (the persistence test closes a store and opens
 * {@code dir} again); a {@code dir} never seen before must be an empty store. A store on the local
 * disk keeps its files in {@code dir}; a database-backed one derives its own namespace from it (a
 * table named after {@code dir.getFileName()}, say). Every test gets a fresh {@code dir}; the kit
 * closes whatever it opened. Contents are generated from fixed seeds; no test asserts a timing.
 * A store whose blobs are files on this machine says so with {@link #storesLocalFiles()}, and the
 * kit then requires {@link BlobStore#localPath} to hand them out.
 */
public abstract class BlobStoreContract {

  /** Larger than any sensible chunk or buffer (1 MiB), so a store that streams in pieces crosses several. */
  protected static final int LARGE = 3 * 1024 * 1024 + 12_345;

  @TempDir
  protected Path dir;

  private final List<BlobStore> opened = new ArrayList<>();

  /** Opens the store under test on the store named by {@code dir} (see the class comment). */
  protected abstract BlobStore open(Path dir) throws Exception;

  @AfterEach
  void closeEverythingOpened() throws Exception {
    Exception failure = null;
    for (BlobStore s : opened) {
      try {
        s.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether the store keeps every blob in a file on this machine, which {@link BlobStore#localPath} must then name. */
  protected boolean storesLocalFiles() {
    return false;
  }

  protected final BlobStore store() throws Exception {
    BlobStore s = open(dir);
    opened.add(s);
    return s;
  }

  // ------------------------------------------------------------------ bytes in, bytes out

  @Test
  void whatIsPutIsReadBackWithItsSize() throws Exception {
    BlobStore s = store();
    byte[] small = bytes(1, 1000);
    byte[] large = bytes(2, LARGE);
    assertThat(s.put("sources/u1/s1/original", new ByteArrayInputStream(small))).isEqualTo(small.length);
    assertThat(s.put("sources/u1/s1/image-0.png", new ByteArrayInputStream(large))).isEqualTo(large.length);
    assertThat(s.put("empty", new ByteArrayInputStream(new byte[0]))).isZero();

    assertThat(read(s, "sources/u1/s1/original")).isEqualTo(small);
    assertThat(sha256(readInPieces(s, "sources/u1/s1/image-0.png", 997))).isEqualTo(sha256(large));
    assertThat(read(s, "empty")).isEmpty();
    try (BlobContent c = s.open("sources/u1/s1/image-0.png")) {
      assertThat(c.size()).isEqualTo(large.length);
    }
    try (BlobContent c = s.open("empty")) {
      assertThat(c.size()).isZero();
      assertThat(c.stream().read()).isEqualTo(-1);
    }
    assertThat(s.exists("sources/u1/s1/original")).isTrue();
    assertThat(s.exists("sources/u1/s1")).as("a key's 'directory' is not a blob").isFalse();
  }

  @Test
  void aFileIsPutWhole() throws Exception {
    BlobStore s = store();
    byte[] content = bytes(3, LARGE);
    Path file = Files.write(Files.createTempFile("blob-contract", ".bin"), content);
    try {
      assertThat(s.put("uploads/from-file", file)).isEqualTo(content.length);
    } finally {
      Files.delete(file);
    }
    assertThat(sha256(read(s, "uploads/from-file"))).isEqualTo(sha256(content));
  }

  @Test
  void aFileMovedInIsStoredWholeAndIsGone() throws Exception {
    BlobStore s = store();
    s.put("uploads/moved", new ByteArrayInputStream(bytes(30, 10)));
    byte[] content = bytes(31, LARGE);
    Path file = Files.write(Files.createTempFile(dir, "received", ".tmp"), content);

    assertThat(s.moveIn("uploads/moved", file)).isEqualTo(content.length);

    assertThat(file).doesNotExist();
    assertThat(sha256(read(s, "uploads/moved"))).as("the moved bytes replace the old blob").isEqualTo(sha256(content));
    assertThat(s.list("uploads/", null, 10)).extracting(BlobInfo::key, BlobInfo::size)
        .containsExactly(tuple("uploads/moved", (long) content.length));
  }

  @Test
  void aFileThatCannotBeMovedInLeavesTheFileAndTheBlob() throws Exception {
    BlobStore s = store();
    byte[] first = bytes(32, 100);
    s.put("k", new ByteArrayInputStream(first));
    Path file = Files.write(Files.createTempFile(dir, "received", ".tmp"), bytes(33, 100));
    Path missing = dir.resolve("never-written.tmp");

    assertThatThrownBy(() -> s.moveIn("k", missing)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> s.moveIn("../k", file)).isInstanceOf(IllegalArgumentException.class);

    assertThat(file).hasBinaryContent(bytes(33, 100));
    assertThat(read(s, "k")).isEqualTo(first);
    assertThat(keys(s.list("", null, 100))).containsExactly("k");
  }

  @Test
  void aLocalPathHoldsTheBlobsBytesWhileTheBlobLasts() throws Exception {
    BlobStore s = store();
    byte[] first = bytes(34, LARGE);
    s.put("sources/u/s/original", new ByteArrayInputStream(first));
    assertThat(s.localPath("sources/u/s/missing")).as("no blob, no file").isEmpty();
    assertThat(s.localPath("sources/u/s")).as("a key's 'directory' is not a blob").isEmpty();

    Optional<Path> local = s.localPath("sources/u/s/original");
    if (storesLocalFiles()) {
      assertThat(local).as("a store of local files names the file").isPresent();
    }
    if (local.isPresent()) {
      assertThat(sha256(Files.readAllBytes(local.get()))).isEqualTo(sha256(first));
      byte[] second = bytes(35, 1000);
      s.put("sources/u/s/original", new ByteArrayInputStream(second));
      assertThat(Files.readAllBytes(s.localPath("sources/u/s/original").orElseThrow())).isEqualTo(second);
      s.delete("sources/u/s/original");
      assertThat(s.localPath("sources/u/s/original")).isEmpty();
    }
  }

  @Test
  void aStreamIsReadByteByByteAndInBlocksAlike() throws Exception {
    BlobStore s = store();
    byte[] content = bytes(4, 70_000);
    s.put("k", new ByteArrayInputStream(content));
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    try (BlobContent c = s.open("k")) {
      InputStream in = c.stream();
      for (int b = in.read(); b >= 0; b = in.read()) {
        single.write(b);
      }
      assertThat(in.read(new byte[10], 0, 10)).as("at the end").isEqualTo(-1);
    }
    assertThat(single.toByteArray()).isEqualTo(content);
  }

  @Test
  void putReplacesTheWholeBlob() throws Exception {
    BlobStore s = store();
    s.put("k", new ByteArrayInputStream(bytes(5, LARGE)));
    byte[] second = bytes(6, 10);
    assertThat(s.put("k", new ByteArrayInputStream(second))).isEqualTo(10);
    assertThat(read(s, "k")).isEqualTo(second);
    assertThat(keys(s.list("", null, 100))).containsExactly("k");
  }

  @Test
  void aFailedPutLeavesWhatWasThereAndNoDebris() throws Exception {
    BlobStore s = store();
    byte[] first = bytes(7, 5000);
    s.put("k", new ByteArrayInputStream(first));
    InputStream failing = new InputStream() {
      private final InputStream data = new ByteArrayInputStream(bytes(8, LARGE));
      private long read;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > 3 * 512 * 1024) {
          throw new IOException("the client went away");
        }
        int n = data.read(b, off, len);
        read += Math.max(0, n);
        return n;
      }
    };
    assertThatThrownBy(() -> s.put("k", failing)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> s.put("other", failingAtOnce())).isInstanceOf(IOException.class);
    assertThat(read(s, "k")).isEqualTo(first);
    assertThat(s.exists("other")).isFalse();
    assertThat(keys(s.list("", null, 100))).containsExactly("k");
  }

  // ------------------------------------------------------------------ missing keys, bad keys

  @Test
  void aMissingKeyIsNoSuchFileAndDeletingItIsNoError() throws Exception {
    BlobStore s = store();
    assertThatThrownBy(() -> s.open("nothing/here")).isInstanceOf(NoSuchFileException.class);
    assertThat(s.exists("nothing/here")).isFalse();
    assertThat(s.delete("nothing/here")).isFalse();
    assertThat(s.deletePrefix("nothing/")).isZero();
    assertThatThrownBy(() -> s.rename("nothing/here", "there")).isInstanceOf(NoSuchFileException.class);
    assertThat(s.exists("there")).isFalse();
    assertThat(s.list("", null, 10)).isEmpty();
  }

  @Test
  void malformedKeysAreRefusedAndChangeNothing() throws Exception {
    BlobStore s = store();
    s.put("ok", new ByteArrayInputStream(bytes(9, 10)));
    List<String> bad = List.of("", "/etc/passwd", "../outside", "a/../../b", "a//b", "a/./b", "a/", "a\\b", "a b",
        "caf\u00e9", "a\u0000b", ".", "..", "x".repeat(BlobKeys.MAX_LENGTH + 1));
    for (String key : bad) {
      assertThatThrownBy(() -> s.put(key, new ByteArrayInputStream(new byte[1]))).as("put %s", key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.open(key)).as("open %s", key).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.exists(key)).as("exists %s", key).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.delete(key)).as("delete %s", key).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.rename("ok", key)).as("rename to %s", key).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.localPath(key)).as("localPath %s", key).isInstanceOf(IllegalArgumentException.class);
    }
    for (String prefix : List.of("../", "/", "a//", "..", "a\\", "a b")) {
      assertThatThrownBy(() -> s.list(prefix, null, 10)).as("list %s", prefix).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.deletePrefix(prefix)).as("deletePrefix %s", prefix)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> s.deletePrefix("")).as("deleting everything at once is never asked for")
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(keys(s.list("", null, 100))).containsExactly("ok");
    assertThat(read(s, "ok")).isEqualTo(bytes(9, 10));
  }

  // ------------------------------------------------------------------ listing, deleting, renaming

  @Test
  void listPagesThroughKeysInOrderWithSizesAndCreationTimes() throws Exception {
    BlobStore s = store();
    Instant before = Instant.now().minus(Duration.ofMinutes(5));
    List<String> written = new ArrayList<>(List.of("x", "x-y", "x.y", "x0", "x/y", "x/y-z", "x/y.z", "x/y/z", "X",
        "a/b/c/d/e", "sources/u/s/original", "sources/u/s/image-10.png", "sources/u/s/image-9.png", "uploads/1", "_"));
    for (int i = 0; i < 12; i++) {
      written.add("many/" + String.format("%03d", i * 7 % 12));
    }
    // "x" is "directory" of "x/y" here only on stores that allow it; a file system store need not,
    // so the kit keeps such pairs out: drop "x" and "x/y" if both would be written
    written.remove("x");
    written.remove("x/y");
    Collections.shuffle(written, new Random(10));
    for (String key : written) {
      s.put(key, new ByteArrayInputStream(bytes(key.hashCode(), key.length())));
    }
    List<String> expected = new ArrayList<>(written);
    Collections.sort(expected);

    for (int pageSize : new int[] {1, 4, 7, 100}) {
      List<BlobInfo> all = new ArrayList<>();
      String after = null;
      for (List<BlobInfo> page = s.list("", null, pageSize); !page.isEmpty(); page = s.list("", after, pageSize)) {
        assertThat(page.size()).isLessThanOrEqualTo(pageSize);
        all.addAll(page);
        after = page.get(page.size() - 1).key();
      }
      assertThat(keys(all)).as("pages of %d", pageSize).containsExactlyElementsOf(expected);
      for (BlobInfo info : all) {
        assertThat(info.size()).as("size of %s", info.key()).isEqualTo(info.key().length());
        assertThat(info.createdAt()).as("creation time of %s", info.key())
            .isAfter(before).isBefore(Instant.now().plus(Duration.ofMinutes(5)));
      }
    }
    assertThat(keys(s.list("x/", null, 100))).containsExactly("x/y-z", "x/y.z", "x/y/z");
    assertThat(keys(s.list("x/y", null, 100))).containsExactly("x/y-z", "x/y.z", "x/y/z");
    assertThat(keys(s.list("x/y/", null, 100))).containsExactly("x/y/z");
    assertThat(keys(s.list("sources/u/s/image-", null, 100)))
        .containsExactly("sources/u/s/image-10.png", "sources/u/s/image-9.png");
    assertThat(keys(s.list("many/", "many/005", 3))).containsExactly("many/006", "many/007", "many/008");
    assertThat(keys(s.list("many/", "many/011", 3))).isEmpty();
    assertThat(keys(s.list("many/", "a", 2))).as("an after before the prefix starts at the prefix")
        .containsExactly("many/000", "many/001");
    assertThat(s.list("nothing/", null, 10)).isEmpty();
  }

  @Test
  void deletePrefixRemovesExactlyThoseKeys() throws Exception {
    BlobStore s = store();
    for (String key : List.of("sources/a/1", "sources/a/2", "sources/a/b/3", "sources/ab/4", "sources/b/5", "sources-a")) {
      s.put(key, new ByteArrayInputStream(bytes(11, 100)));
    }
    assertThat(s.deletePrefix("sources/a/")).isEqualTo(3);
    assertThat(keys(s.list("", null, 100))).containsExactly("sources-a", "sources/ab/4", "sources/b/5");
    assertThat(s.delete("sources/b/5")).isTrue();
    assertThat(s.delete("sources/b/5")).isFalse();
    assertThat(s.deletePrefix("sources/a")).as("a partial segment matches like a string prefix").isEqualTo(1);
    assertThat(keys(s.list("", null, 100))).containsExactly("sources-a");
    // a key can be written again where a prefix was deleted
    s.put("sources/a/1", new ByteArrayInputStream(bytes(12, 5)));
    assertThat(read(s, "sources/a/1")).isEqualTo(bytes(12, 5));
  }

  @Test
  void renameMovesTheBytesAndKeepsTheCreationTime() throws Exception {
    BlobStore s = store();
    byte[] content = bytes(13, LARGE);
    s.put("uploads/abc", new ByteArrayInputStream(content));
    Instant created = s.list("uploads/", null, 1).get(0).createdAt();
    s.put("sources/u/s/original", new ByteArrayInputStream(bytes(14, 10)));

    s.rename("uploads/abc", "sources/u/s/original");

    assertThat(s.exists("uploads/abc")).isFalse();
    assertThat(sha256(read(s, "sources/u/s/original"))).isEqualTo(sha256(content));
    List<BlobInfo> listed = s.list("", null, 10);
    assertThat(keys(listed)).containsExactly("sources/u/s/original");
    assertThat(listed.get(0).size()).isEqualTo(content.length);
    assertThat(listed.get(0).createdAt()).isEqualTo(created);
  }

  @Test
  void everythingSurvivesCloseAndReopen() throws Exception {
    BlobStore first = open(dir);
    byte[] content = bytes(15, LARGE);
    first.put("sources/u/s/original", new ByteArrayInputStream(content));
    first.close();
    first.close(); // idempotent
    BlobStore again = store();
    assertThat(sha256(read(again, "sources/u/s/original"))).isEqualTo(sha256(content));
    assertThat(keys(again.list("", null, 10))).containsExactly("sources/u/s/original");
  }

  @Test
  void concurrentPutsAndReadsSeeWholeBlobsOnly() throws Exception {
    BlobStore s = store();
    byte[] a = bytes(16, LARGE);
    byte[] b = bytes(17, LARGE / 2);
    Set<String> whole = Set.of(sha256(a), sha256(b));
    s.put("contended", new ByteArrayInputStream(a));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int id = t;
        work.add(pool.submit(() -> {
          for (int i = 0; i < 4; i++) {
            s.put("own/" + id + "/" + i, new ByteArrayInputStream(bytes(id * 100 + i, 20_000 + i)));
            s.put("contended", new ByteArrayInputStream((id + i) % 2 == 0 ? a : b));
            try {
              assertThat(whole).as("a reader sees one whole version").contains(sha256(read(s, "contended")));
            } catch (IOException e) {
              // a reader of a version replaced while it reads may fail; it never sees a mixture
              assertThat(e).isNotInstanceOf(NoSuchFileException.class);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(whole).contains(sha256(read(s, "contended")));
    Set<String> own = new HashSet<>(keys(s.list("own/", null, 1000)));
    assertThat(own).hasSize(24);
    for (int t = 0; t < 6; t++) {
      for (int i = 0; i < 4; i++) {
        assertThat(read(s, "own/" + t + "/" + i)).isEqualTo(bytes(t * 100 + i, 20_000 + i));
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  protected static byte[] bytes(int seed, int length) {
    byte[] out = new byte[length];
    new Random(seed).nextBytes(out);
    return out;
  }

  protected static byte[] read(BlobStore s, String key) throws IOException {
    try (BlobContent c = s.open(key)) {
      byte[] all = c.stream().readAllBytes();
      assertThat((long) all.length).as("bytes read from %s match its size", key).isEqualTo(c.size());
      return all;
    }
  }

  private static byte[] readInPieces(BlobStore s, String key, int piece) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[piece];
    try (BlobContent c = s.open(key)) {
      for (int n = c.stream().read(buffer); n >= 0; n = c.stream().read(buffer)) {
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static InputStream failingAtOnce() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("nothing to read");
      }
    };
  }

  protected static List<String> keys(List<BlobInfo> infos) {
    return infos.stream().map(BlobInfo::key).toList();
  }

  protected static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
