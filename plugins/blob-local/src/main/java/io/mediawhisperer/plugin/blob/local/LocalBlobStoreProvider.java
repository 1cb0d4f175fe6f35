package io.mediawhisperer.plugin.blob.local;

import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import java.util.Objects;

/**
 * The "local" blob store: files under the store's directory ({@code <data-dir>/blobs}). Right for a
 * single node; in a cluster only when every node mounts the same file system there.
 */
public final class LocalBlobStoreProvider implements BlobStoreProvider {

  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BlobStore open(BlobStoreContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    if (context.directory() == null) {
      throw new IllegalArgumentException("the local blob store needs a directory");
    }
    return LocalBlobStore.open(context.directory());
  }
}
