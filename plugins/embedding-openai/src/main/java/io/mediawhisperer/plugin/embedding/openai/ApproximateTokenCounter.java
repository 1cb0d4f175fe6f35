package io.mediawhisperer.plugin.embedding.openai;

import io.mediawhisperer.spi.embedding.TokenCounter;

/**
 * We do not have the remote model's tokenizer, so tokens are estimated as one per four
 * characters, the usual rule for English with BPE tokenizers (fewer characters per token for
 * code and non-Latin scripts: there the estimate is low). The model cuts texts by the same rule
 * (see {@link #truncate}), so the counter and the model agree on what fits.
 */
final class ApproximateTokenCounter implements TokenCounter {

  static final int CHARS_PER_TOKEN = 4;

  private final int maxTokens;

  ApproximateTokenCounter(int maxTokens) {
    this.maxTokens = maxTokens;
  }

  @Override
  public int count(String text) {
    return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  @Override
  public int maxTokens() {
    return maxTokens;
  }

  /** {@code text} cut to at most {@link #maxTokens()} estimated tokens, never inside a surrogate pair. */
  String truncate(String text) {
    long limit = (long) maxTokens * CHARS_PER_TOKEN;
    if (text.length() <= limit) {
      return text;
    }
    int maxChars = (int) limit;
    int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    return text.substring(0, end);
  }
}
