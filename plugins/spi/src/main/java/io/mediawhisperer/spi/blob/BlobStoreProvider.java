package io.mediawhisperer.spi.blob;

import io.mediawhisperer.spi.NamedPlugin;

/**
 * Plugin kind "blob store": what {@link java.util.ServiceLoader} finds; chosen by the
 * {@code blob-store} configuration key and opened once per node. Blocking (start-up).
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.blob.BlobStoreProvider}; contract
 * kit: {@code BlobStoreContract}.
 */
public interface BlobStoreProvider extends NamedPlugin {

  BlobStore open(BlobStoreContext context) throws Exception;
}
