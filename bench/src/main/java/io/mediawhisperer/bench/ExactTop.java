package io.mediawhisperer.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/**
 * The ground truth of the search bench: each query's exact top k by a full scan (dot product of
 * unit vectors, i.e. cosine; Lucene's vectorized dot product), for every tenant in one pass.
 */
final class ExactTop {

  private final Map<Tenant, int[][]> top = new EnumMap<>(Tenant.class);
  final double seconds;

  private ExactTop(Map<Tenant, int[][]> top, double seconds) {
    this.top.putAll(top);
    this.seconds = seconds;
  }

  /** The chunk indexes of query q's exact top k for the tenant, best first. */
  int[] of(Tenant tenant, int q) {
    return top.get(tenant)[q];
  }

  static ExactTop scan(SearchData data, float[][] queries, int k) {
    long t = System.nanoTime();
    Map<Tenant, int[][]> top = new EnumMap<>(Tenant.class);
    for (Tenant tenant : Tenant.values()) {
      top.put(tenant, new int[queries.length][]);
    }
    IntStream.range(0, queries.length).parallel().forEach(q -> {
      Best all = new Best(k);
      Best big = new Best(k);
      Best small = new Best(k);
      for (int i = 0; i < data.n; i++) {
        float s = VectorUtil.dotProduct(queries[q], data.vectors[i]);
        all.offer(i, s);
        (data.small[i] ? small : big).offer(i, s);
      }
      top.get(Tenant.ALL)[q] = all.ids();
      top.get(Tenant.BIG)[q] = big.ids();
      top.get(Tenant.SMALL)[q] = small.ids();
    });
    return new ExactTop(top, (System.nanoTime() - t) / 1e9);
  }

  /** How many of b's ids are in a, averaged over the queries, as a share of k: how alike two truths are. */
  double agreement(ExactTop other, Tenant tenant) {
    int[][] a = top.get(tenant);
    int[][] b = other.top.get(tenant);
    double sum = 0;
    for (int q = 0; q < a.length; q++) {
      sum += recall(a[q], b[q]);
    }
    return sum / a.length;
  }

  /** The share of {@code truth} found in the first truth.length entries of {@code got}. */
  static double recall(int[] truth, int[] got) {
    int hit = 0;
    for (int i = 0; i < Math.min(truth.length, got.length); i++) {
      for (int t : truth) {
        if (got[i] == t) {
          hit++;
          break;
        }
      }
    }
    return truth.length == 0 ? 1 : hit / (double) truth.length;
  }

  /** The k best by score seen so far, kept sorted (k is small). */
  private static final class Best {
    private final int[] ids;
    private final float[] scores;

    Best(int k) {
      ids = new int[k];
      scores = new float[k];
      Arrays.fill(ids, -1);
      Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    }

    void offer(int id, float score) {
      int k = ids.length;
      if (score <= scores[k - 1]) {
        return;
      }
      int p = k - 1;
      while (p > 0 && scores[p - 1] < score) {
        scores[p] = scores[p - 1];
        ids[p] = ids[p - 1];
        p--;
      }
      scores[p] = score;
      ids[p] = id;
    }

    int[] ids() {
      return ids.clone();
    }
  }
}
