package io.mediawhisperer.plugin.embedding.openai;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;

/**
 * Plugin "openai-compatible": any server that speaks OpenAI's {@code POST /embeddings} (OpenAI,
 * Ollama, vLLM, llama.cpp's server, ...). Settings: {@code base-url} and {@code model} and
 * {@code dimension} (required), {@code api-key}, {@code max-tokens} (8191), {@code
 * timeout-seconds} (60), {@code batch-size} (64), {@code max-retries} (3), {@code
 * retry-initial-delay-ms} (500).
 */
public final class OpenAiCompatibleProvider implements EmbeddingModelProvider {

  public static final String NAME = "openai-compatible";

  @Override
  public String name() {
    return NAME;
  }

  /** An estimate (four characters a token): the remote tokenizer is not at hand. */
  @Override
  public TokenCounter tokenizer(PluginSettings settings) {
    return new ApproximateTokenCounter(OpenAiSettings.from(settings).maxTokens());
  }

  /** Opens no connection: a wrong URL, key or dimension shows on the first embed(). */
  @Override
  public EmbeddingModel open(PluginSettings settings) {
    return new OpenAiCompatibleModel(OpenAiSettings.from(settings));
  }
}
