package io.mediawhisperer.plugin.vector.pgvector;

import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import java.util.Objects;

/**
 * The "pgvector" vector backend: vectors in a table of the node's PostgreSQL database (which must
 * have the {@code vector} extension, 0.8.0 or newer), searched with an HNSW index. The table is
 * named after the backend's directory (one per embedding model), unless the setting {@code table}
 * names it; other settings: {@code pool-size}, {@code exact-below}, {@code ef-search},
 * {@code hnsw-m}, {@code hnsw-ef-construction} (see {@link PgVectorSettings}). Nothing is written
 * to the directory.
 */
public final class PgVectorBackendProvider implements VectorBackendProvider {

  public static final String NAME = "pgvector";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VectorBackend open(VectorBackendContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    PgVectorSettings settings = PgVectorSettings.from(context.settings());
    return PgVectorBackend.open(context.databaseUrl(), settings.tableFor(context.directory()), context.dimension(), settings);
  }
}
