package io.mediawhisperer.spi.vector;

import io.mediawhisperer.spi.PluginSettings;
import java.nio.file.Path;

/**
 * What a backend is opened with.
 *
 * @param directory a directory of the node's data dir reserved for this backend (an on-disk
 *                  index lives here)
 * @param databaseUrl the node's PostgreSQL URL ({@code postgresql://...}), for backends that store
 *                  vectors in the database
 * @param dimension the embedding model's dimension: every vector written or searched has it
 */
public record VectorBackendContext(Path directory, String databaseUrl, int dimension, PluginSettings settings) {
}
