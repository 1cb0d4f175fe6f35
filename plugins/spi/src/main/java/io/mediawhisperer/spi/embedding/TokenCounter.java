package io.mediawhisperer.spi.embedding;

/** The model's own token count, which is what its window is measured in. Thread-safe. */
public interface TokenCounter {

  /** Tokens of {@code text} without special tokens such as [CLS]/[SEP]. */
  int count(String text);

  /**
   * Tokens the model embeds at most per text, special tokens excluded (all-MiniLM-L6-v2: 128
   * wordpieces including [CLS] and [SEP], so 126): anything past it is not embedded at all.
   */
  int maxTokens();
}
