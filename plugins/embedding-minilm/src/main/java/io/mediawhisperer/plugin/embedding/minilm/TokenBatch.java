package io.mediawhisperer.plugin.embedding.minilm;

import java.util.Arrays;

/**
 * Input ids of several texts padded to the longest of them, row-major, with the attention mask
 * that tells the model (and the pooling) which positions are real.
 */
final class TokenBatch {

  private final int rows;
  private final int length;
  private final long[] ids;
  private final long[] mask;

  private TokenBatch(int rows, int length, long[] ids, long[] mask) {
    this.rows = rows;
    this.length = length;
    this.ids = ids;
    this.mask = mask;
  }

  static TokenBatch pad(long[][] idsPerText) {
    int length = 0;
    for (long[] ids : idsPerText) {
      length = Math.max(length, ids.length);
    }
    int rows = idsPerText.length;
    long[] ids = new long[rows * length]; // zero is [PAD]'s id
    long[] mask = new long[rows * length];
    for (int row = 0; row < rows; row++) {
      long[] text = idsPerText[row];
      int offset = row * length;
      System.arraycopy(text, 0, ids, offset, text.length);
      Arrays.fill(mask, offset, offset + text.length, 1L);
    }
    return new TokenBatch(rows, length, ids, mask);
  }

  int rows() {
    return rows;
  }

  /** Tokens per row, padding included. */
  int length() {
    return length;
  }

  long[] ids() {
    return ids;
  }

  long[] mask() {
    return mask;
  }

  /** BERT's segment ids: all zero for a single text. */
  long[] typeIds() {
    return new long[ids.length];
  }

  long[] shape() {
    return new long[] {rows, length};
  }
}
