package io.mediawhisperer.testsupport.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted reciprocal rank fusion as hybrid search does it today: each list gives an id
 * {@code weight / (k + rank)} (rank from 1), summed; ties keep the order ids were first seen in,
 * vector before text.
 */
public final class ReciprocalRankFusion implements RankFusion {

  @Override
  public List<String> fuse(List<String> vector, List<String> text, Weights weights) {
    Map<String, Double> scores = new LinkedHashMap<>();
    add(scores, vector, weights.vector(), weights.k());
    add(scores, text, weights.text(), weights.k());
    List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    return ranked.stream().map(Map.Entry::getKey).toList();
  }

  private static void add(Map<String, Double> scores, List<String> ids, double weight, int k) {
    for (int rank = 0; rank < ids.size(); rank++) {
      scores.merge(ids.get(rank), weight / (k + rank + 1), Double::sum);
    }
  }
}
