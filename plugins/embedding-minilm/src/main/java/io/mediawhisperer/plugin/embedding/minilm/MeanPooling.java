package io.mediawhisperer.plugin.embedding.minilm;

import java.nio.FloatBuffer;

/**
 * Sentence vectors from token vectors the way sentence-transformers does for all-MiniLM-L6-v2:
 * the mean of the token vectors where the attention mask is 1 (padding left out), then scaled to
 * unit length so that a dot product is the cosine.
 */
final class MeanPooling {

  private MeanPooling() {
  }

  /**
   * @param hidden the model's last hidden state, [rows, length, dimension], row-major
   */
  static float[][] pool(FloatBuffer hidden, TokenBatch batch, int dimension) {
    float[][] vectors = new float[batch.rows()][];
    long[] mask = batch.mask();
    for (int row = 0; row < batch.rows(); row++) {
      float[] sum = new float[dimension];
      int counted = 0;
      for (int token = 0; token < batch.length(); token++) {
        int position = row * batch.length() + token;
        if (mask[position] == 0) {
          continue;
        }
        int base = position * dimension;
        for (int d = 0; d < dimension; d++) {
          sum[d] += hidden.get(base + d);
        }
        counted++;
      }
      vectors[row] = normalize(sum, counted);
    }
    return vectors;
  }

  private static float[] normalize(float[] sum, int counted) {
    // Dividing by the count does not change the direction, but it keeps the values in the
    // range sentence-transformers produces before normalising, should anyone compare.
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= counted;
      norm += (double) sum[d] * sum[d];
    }
    norm = Math.sqrt(norm);
    if (norm == 0) {
      throw new IllegalStateException("the model produced a zero vector");
    }
    for (int d = 0; d < sum.length; d++) {
      sum[d] = (float) (sum[d] / norm);
    }
    return sum;
  }
}
