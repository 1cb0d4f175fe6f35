package io.mediawhisperer.launcher;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.node.PluginCatalog;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code blobs migrate --to NAME}: copies every blob of the configured store ({@code blob-store}
 * and its {@code blob-store-*} settings) into another one (e.g. local or postgres to s3, and back),
 * by key in key order. Each copy is streamed, hashed (SHA-256) on the way in, read back from the
 * target and hashed again; a mismatch stops the run. Resumable: a key the target holds already with
 * the same size and hash is skipped, so running it again after an interruption copies only the
 * rest. Nothing is deleted from the source: once it has run with the nodes stopped (or run again
 * after they are), switch {@code blob-store} and start them.
 */
final class BlobMigration {

  /** What a run did. */
  record Result(long copied, long skipped, long bytes) {
  }

  private static final int PAGE = 500;

  private final BlobStore from;
  private final BlobStore to;
  private final PrintWriter progress;

  BlobMigration(BlobStore from, BlobStore to, PrintWriter progress) {
    this.from = from;
    this.to = to;
    this.progress = progress;
  }

  /** The store {@code name} with {@code settings}, as a node of {@code config} would open it. */
  static BlobStore open(JsonObject config, String name, Map<String, String> settings) throws Exception {
    PluginCatalog catalog = PluginCatalog.load(Plugins.directory(config));
    Path directory = Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data")).resolve("blobs");
    return catalog.plugins(BlobStoreProvider.class).get(name)
        .open(new BlobStoreContext(directory, config.getString(ConfigKeys.DB_URL.name()), new PluginSettings(settings)));
  }

  /** The configured store's settings ({@code blob-store-*} keys without the prefix). */
  static Map<String, String> configuredSettings(JsonObject config) {
    return new HashMap<>(Plugins.settings(config, "blob-store").values());
  }

  Result run() throws IOException {
    long copied = 0;
    long skipped = 0;
    long bytes = 0;
    String after = null;
    while (true) {
      List<BlobInfo> page = from.list("", after, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (BlobInfo blob : page) {
        if (sameInTarget(blob)) {
          skipped++;
        } else {
          bytes += copy(blob);
          copied++;
        }
      }
      after = page.getLast().key();
      progress.printf("%d copied, %d already there (up to %s)%n", copied, skipped, after);
      progress.flush();
    }
    return new Result(copied, skipped, bytes);
  }

  private boolean sameInTarget(BlobInfo blob) throws IOException {
    return to.exists(blob.key()) && Arrays.equals(hash(from, blob.key()), hash(to, blob.key()));
  }

  private long copy(BlobInfo blob) throws IOException {
    MessageDigest digest = sha256();
    long size;
    try (BlobContent content = from.open(blob.key()); InputStream in = new DigestInputStream(content.stream(), digest)) {
      size = to.put(blob.key(), in);
    }
    byte[] written = digest.digest();
    if (size != blob.size() || !Arrays.equals(written, hash(to, blob.key()))) {
      throw new IOException("the copy of " + blob.key() + " reads back differently (" + size + " of " + blob.size()
          + " bytes); nothing is deleted: run the migration again");
    }
    return size;
  }

  private static byte[] hash(BlobStore store, String key) throws IOException {
    MessageDigest digest = sha256();
    try (BlobContent content = store.open(key); InputStream in = content.stream()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
