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

  /** How many of each list's first ids are compared to measure their agreement. */
  static final int AGREEMENT_DEPTH = 10;
  static final double VECTOR_WEIGHT = 1.0;
  /** The text ranks' weight when the two lists' first {@value #AGREEMENT_DEPTH} ids are the same set. */
  static final double TEXT_WEIGHT_AT_FULL_AGREEMENT = 0.5;

  /**
   * Hybrid search's fusion: reciprocal rank with the text list weighted by how far it agrees with
   * the vector list (the share of ids both hold among their first {@value #AGREEMENT_DEPTH}). Where
   * the words find what the meaning finds, text reorders and adds what it ranks well (exact names,
   * rare terms); where they find something else entirely, as for a question worded unlike its
   * answer, text counts for nothing and cannot push the vector hits down. A fixed weight could not
   * do both: 0.5 lost 0.15 recall@5 to vector alone on reworded questions, 0.1 lost 0.03 to text
   * alone on a transcript (README, "Search quality").
   */
  static List<Ranked> agreementWeighted(List<UUID> vector, List<UUID> text) {
    return reciprocalRank(List.of(new Weighted(vector, VECTOR_WEIGHT),
        new Weighted(text, TEXT_WEIGHT_AT_FULL_AGREEMENT * agreement(vector, text))));
  }

  /** The share of ids the two lists' first {@value #AGREEMENT_DEPTH} have in common, 0 to 1. */
  static double agreement(List<UUID> vector, List<UUID> text) {
    java.util.Set<UUID> first = new java.util.HashSet<>(vector.subList(0, Math.min(AGREEMENT_DEPTH, vector.size())));
    long shared = text.stream().limit(AGREEMENT_DEPTH).filter(first::contains).count();
    return shared / (double) AGREEMENT_DEPTH;
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
