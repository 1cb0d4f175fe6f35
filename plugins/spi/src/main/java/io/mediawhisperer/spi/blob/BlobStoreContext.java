package io.mediawhisperer.spi.blob;

import io.mediawhisperer.spi.PluginSettings;
import java.nio.file.Path;

/**
 * What a blob store is opened with.
 *
 * @param directory   a directory of the node's data dir reserved for this store (a store on the
 *                    local disk keeps its files here; others ignore it)
 * @param databaseUrl the node's PostgreSQL URL ({@code postgresql://...}), for stores that keep
 *                    blobs in the database
 * @param settings    the configuration keys that start with {@code blob-store-}, without that prefix
 */
public record BlobStoreContext(Path directory, String databaseUrl, PluginSettings settings) {
}
