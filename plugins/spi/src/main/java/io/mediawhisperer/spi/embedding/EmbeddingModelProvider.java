package io.mediawhisperer.spi.embedding;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.PluginSettings;

/**
 * Plugin kind "embedding model": turns chunks and queries into vectors. The provider is what
 * {@link java.util.ServiceLoader} finds; configuration chooses one by name
 * ({@code embedding-provider = minilm}) and the node opens it with the settings whose keys start
 * with {@code embedding-} (without the prefix). The embedding verticle opens the model once and
 * calls it in batches off the event loop. The tokenizer is separate from the model so that a
 * node that only chunks text (ingestion) need not load the model's weights; chunk sizes are
 * counted with it, so it must count the way the model does.
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.embedding.EmbeddingModelProvider};
 * contract kit: {@code EmbeddingModelContract}.
 */
public interface EmbeddingModelProvider extends NamedPlugin {

  /** Counts tokens the way the model will; cheap to open, thread-safe. */
  TokenCounter tokenizer(PluginSettings settings);

  /** Loads the model; may take seconds and memory. Close it when done. */
  EmbeddingModel open(PluginSettings settings);
}
