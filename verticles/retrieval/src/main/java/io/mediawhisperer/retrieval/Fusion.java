package io.mediawhisperer.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reciprocal rank fusion: each list contributes 1 / (k + rank) for every id it holds, so an id
 * ranked well by both vector and full-text search rises, and neither list's raw scores (cosines,
 * cover density) need to be comparable.
 */
final class Fusion {

  /** The constant of the RRF paper; it damps the weight of the very first ranks. */
  static final int K = 60;

  record Ranked(UUID id, double score) {
  }

  private Fusion() {
  }

  /** One ranking and how much its ranks count. */
  record Weighted(List<UUID> ids, double weight) {
  }

  static List<Ranked> reciprocalRank(List<Weighted> rankings) {
    Map<UUID, Double> scores = new LinkedHashMap<>();
    for (Weighted ranking : rankings) {
      for (int rank = 0; rank < ranking.ids().size(); rank++) {
        scores.merge(ranking.ids().get(rank), ranking.weight() / (K + rank + 1), Double::sum);
      }
    }
    List<Ranked> fused = new ArrayList<>();
    scores.forEach((id, score) -> fused.add(new Ranked(id, score)));
    fused.sort((a, b) -> Double.compare(b.score(), a.score()));
    return fused;
  }
}
