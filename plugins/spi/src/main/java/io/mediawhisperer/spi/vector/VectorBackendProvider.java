package io.mediawhisperer.spi.vector;

import io.mediawhisperer.spi.NamedPlugin;

/**
 * Plugin kind "vector backend": stores the vectors of chunks and finds the nearest ones within
 * one user's data (see {@link VectorBackend} for the rules). Configuration chooses one by name
 * ({@code vector-backend = lucene}); the retrieval verticle opens it once per node, on first use,
 * with the embedding model's dimension, a directory of its own, the database URL and the settings
 * whose keys start with {@code vector-} (without the prefix). Opening is blocking and runs off the
 * event loop; a failure is retried at the next request.
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.vector.VectorBackendProvider};
 * contract kit: {@code VectorBackendContract}.
 */
public interface VectorBackendProvider extends NamedPlugin {

  VectorBackend open(VectorBackendContext context) throws Exception;
}
