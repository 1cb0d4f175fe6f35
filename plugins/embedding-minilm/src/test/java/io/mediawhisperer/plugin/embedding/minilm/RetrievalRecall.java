package io.mediawhisperer.plugin.embedding.minilm;

import java.util.List;

/**
 * Recall@k of exact nearest-neighbour search by cosine: for each query, the share of queries
 * whose own document is among the k documents most similar to it.
 */
final class RetrievalRecall {

  private final int[] ranks;

  private RetrievalRecall(int[] ranks) {
    this.ranks = ranks;
  }

  /**
   * @param queries unit vectors, one per query
   * @param relevant for each query, the index of its document in {@code documents}
   * @param documents unit vectors
   */
  static RetrievalRecall of(List<float[]> queries, int[] relevant, List<float[]> documents) {
    int[] ranks = new int[queries.size()];
    for (int q = 0; q < ranks.length; q++) {
      float[] query = queries.get(q);
      double own = dot(query, documents.get(relevant[q]));
      int better = 0;
      for (float[] document : documents) {
        if (dot(query, document) > own) {
          better++;
        }
      }
      ranks[q] = better + 1;
    }
    return new RetrievalRecall(ranks);
  }

  double at(int k) {
    int hits = 0;
    for (int rank : ranks) {
      if (rank <= k) {
        hits++;
      }
    }
    return (double) hits / ranks.length;
  }

  int queries() {
    return ranks.length;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
