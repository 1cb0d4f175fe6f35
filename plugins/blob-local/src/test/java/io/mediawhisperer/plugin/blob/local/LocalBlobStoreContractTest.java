package io.mediawhisperer.plugin.blob.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreContract;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;

/** The contract kit against the "local" blob store as configuration finds it. */
class LocalBlobStoreContractTest extends BlobStoreContract {

  @Override
  protected BlobStore open(Path dir) throws Exception {
    return NamedPlugins.load(BlobStoreProvider.class, getClass().getClassLoader()).get("local")
        .open(new BlobStoreContext(dir, null, PluginSettings.empty()));
  }

  @Override
  protected boolean storesLocalFiles() {
    return true;
  }

  /** An upload received into the data dir becomes the blob itself: the same file, not a copy of it. */
  @Test
  void aFileOnTheSameFileSystemIsRenamedIntoPlaceNotCopied() throws Exception {
    BlobStore s = store();
    Path received = Files.write(dir.resolve("received.tmp"), bytes(40, LARGE));
    Object inode = Files.readAttributes(received, BasicFileAttributes.class).fileKey();

    s.moveIn("uploads/u1", received);

    Path stored = s.localPath("uploads/u1").orElseThrow();
    assertThat(stored).startsWith(dir.resolve("objects"));
    assertThat(Files.readAttributes(stored, BasicFileAttributes.class).fileKey()).isNotNull().isEqualTo(inode);
    s.rename("uploads/u1", "sources/u/s/original");
    assertThat(Files.readAttributes(s.localPath("sources/u/s/original").orElseThrow(), BasicFileAttributes.class).fileKey())
        .as("and it stays that file when ingestion makes it a source's original").isEqualTo(inode);
  }

  /**
   * Puts and renames racing on one parent directory: a rename that empties {@code uploads/} prunes
   * it while other puts create it again. Every put must land (a 500 on POST /api/v1/sources came
   * from createDirectories seeing the directory vanish between its create and its check).
   */
  @Test
  void putsAndRenamesRacingOnOneParentAllLand() throws Exception {
    BlobStore s = store();
    int threads = 4;
    int perThread = 400;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String upload = "uploads/" + thread + "-" + i;
            s.put(upload, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
            s.rename(upload, "sources/u/" + thread + "-" + i + "/original");
          }
          return perThread;
        }));
      }
      for (java.util.concurrent.Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(perThread);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s.list("sources/u/", null, 10_000)).hasSize(threads * perThread);
  }
}
