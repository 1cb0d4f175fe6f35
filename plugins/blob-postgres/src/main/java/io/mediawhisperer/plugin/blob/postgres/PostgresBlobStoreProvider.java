package io.mediawhisperer.plugin.blob.postgres;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import java.util.Objects;

/**
 * The "postgres" blob store: blobs in the node's PostgreSQL, so every node of a cluster reads what
 * any node stored. Settings ({@code blob-store-} keys without the prefix): {@code table} (default
 * {@value #DEFAULT_TABLE}; the chunks go in {@code <table>_chunks}), {@code pool-size} (default
 * {@value #DEFAULT_POOL_SIZE} connections), {@code chunk-bytes} (default 1 MiB).
 */
public final class PostgresBlobStoreProvider implements BlobStoreProvider {

  public static final String NAME = "postgres";
  static final String DEFAULT_TABLE = "blobs";
  static final int DEFAULT_POOL_SIZE = 4;
  static final int DEFAULT_CHUNK_BYTES = 1024 * 1024;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BlobStore open(BlobStoreContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    PluginSettings settings = context.settings() == null ? PluginSettings.empty() : context.settings();
    return PostgresBlobStore.open(context.databaseUrl(), settings.get("table", DEFAULT_TABLE),
        settings.getInt("pool-size", DEFAULT_POOL_SIZE), settings.getInt("chunk-bytes", DEFAULT_CHUNK_BYTES));
  }
}
