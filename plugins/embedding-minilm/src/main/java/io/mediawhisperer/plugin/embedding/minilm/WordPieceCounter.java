package io.mediawhisperer.plugin.embedding.minilm;

import io.mediawhisperer.spi.embedding.TokenCounter;
import java.util.Objects;

/** Counts the model's wordpieces with the model's own tokenizer, without loading the model. */
final class WordPieceCounter implements TokenCounter {

  private final MiniLmTokenizer tokenizer;

  WordPieceCounter(MiniLmTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  @Override
  public int count(String text) {
    return tokenizer.count(Objects.requireNonNull(text, "text"));
  }

  @Override
  public int maxTokens() {
    return MiniLmTokenizer.MAX_WORDPIECES;
  }
}
