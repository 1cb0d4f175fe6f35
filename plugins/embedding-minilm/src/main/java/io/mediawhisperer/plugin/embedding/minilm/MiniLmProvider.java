package io.mediawhisperer.plugin.embedding.minilm;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;

/**
 * Plugin "minilm": sentence-transformers' all-MiniLM-L6-v2 (384 dimensions, 128-token window)
 * run in-process, nothing downloaded. Settings: {@code variant} ({@code quantized}, the default,
 * or {@code full}), {@code threads} (default: one per core), {@code batch-size} (default 8).
 */
public final class MiniLmProvider implements EmbeddingModelProvider {

  public static final String NAME = "minilm";

  @Override
  public String name() {
    return NAME;
  }

  /** Loads only the tokenizer (about 1 MB, shared), never the ONNX model. */
  @Override
  public TokenCounter tokenizer(PluginSettings settings) {
    return BertWordPieceCounter.shared(MiniLmSettings.from(settings).variant());
  }

  @Override
  public EmbeddingModel open(PluginSettings settings) {
    return MiniLmModel.open(MiniLmSettings.from(settings));
  }
}
