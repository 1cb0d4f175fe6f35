package io.mediawhisperer.plugin.vector.lucene;

import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import java.util.Objects;

/**
 * The "lucene" vector backend: an HNSW index in the backend's directory. Settings:
 * {@code search-width}, {@code exact-below}, {@code search-threads} (see {@link LuceneVectorSettings}).
 *
 * <p>The JVM should run with {@code --add-modules jdk.incubator.vector} (Lucene's vector code is
 * 2-3 times faster with it) and, on JDK 22+, {@code --enable-native-access=ALL-UNNAMED} (memory-mapped
 * index files); without them it works, slower, and Lucene logs a warning.
 */
public final class LuceneVectorBackendProvider implements VectorBackendProvider {

  public static final String NAME = "lucene";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VectorBackend open(VectorBackendContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    if (context.directory() == null) {
      throw new IllegalArgumentException("the lucene vector backend needs a directory");
    }
    return LuceneVectorBackend.open(context.directory(), context.dimension(), LuceneVectorSettings.from(context.settings()));
  }
}
