package io.mediawhisperer.spi.embedding;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.PluginSettings;

/**
 * Plugin kind "embedding model". The provider is what {@link java.util.ServiceLoader} finds; the
 * node opens the model with its settings. The tokenizer is separate from the model so that a
 * node that only chunks text (ingestion) need not load the model's weights.
 */
public interface EmbeddingModelProvider extends NamedPlugin {

  /** Counts tokens the way the model will; cheap to open, thread-safe. */
  TokenCounter tokenizer(PluginSettings settings);

  /** Loads the model; may take seconds and memory. Close it when done. */
  EmbeddingModel open(PluginSettings settings);
}
