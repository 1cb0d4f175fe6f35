package io.mediawhisperer.plugin.blob.s3;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import java.util.Objects;

/**
 * The "s3" blob store: blobs as objects in a bucket of AWS S3 or any S3-compatible server (MinIO,
 * Ceph, Garage, ...), so every node of a cluster reads what any node stored. Settings
 * ({@code blob-store-} keys without the prefix): see {@link S3Settings}.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {

  public static final String NAME = "s3";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BlobStore open(BlobStoreContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    PluginSettings settings = context.settings() == null ? PluginSettings.empty() : context.settings();
    return S3BlobStore.open(S3Settings.from(settings));
  }
}
