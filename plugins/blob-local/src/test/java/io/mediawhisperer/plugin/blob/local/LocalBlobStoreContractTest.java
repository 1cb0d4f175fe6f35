package io.mediawhisperer.plugin.blob.local;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreContract;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import java.nio.file.Path;

/** The contract kit against the "local" blob store as configuration finds it. */
class LocalBlobStoreContractTest extends BlobStoreContract {

  @Override
  protected BlobStore open(Path dir) throws Exception {
    return NamedPlugins.load(BlobStoreProvider.class, getClass().getClassLoader()).get("local")
        .open(new BlobStoreContext(dir, null, PluginSettings.empty()));
  }
}
