package io.mediawhisperer.plugin.embedding.minilm;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;

/**
 * Plugin "e5-small": intfloat's e5-small-v2, int8-quantized (384 dimensions), run in-process like
 * MiniLM, nothing downloaded: the model a deployment can re-index into without a network. It reads
 * the same 126-wordpiece window as MiniLM (the chunker sizes chunks for it), although e5 was trained
 * on 512. Texts are embedded as they are, without e5's "query: " and "passage: " prefixes: the SPI
 * does not say which a text is, and the same text must give the same vector whoever asks. Settings:
 * {@code threads}, {@code batch-size}, as for "minilm".
 */
public final class E5SmallProvider implements EmbeddingModelProvider {

  public static final String NAME = "e5-small";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TokenCounter tokenizer(PluginSettings settings) {
    return BertWordPieceCounter.shared(MiniLmVariant.E5_SMALL_QUANTIZED);
  }

  @Override
  public EmbeddingModel open(PluginSettings settings) {
    return MiniLmModel.open(MiniLmSettings.from(settings, MiniLmVariant.E5_SMALL_QUANTIZED));
  }
}
