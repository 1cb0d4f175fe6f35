package io.mediawhisperer.testsupport.eval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one question got: per mode, the rank (1-based) of the first right hit among the top 10, 0
 * for none; and the top 50 chunk ids of vector and of text search with those that are right, from
 * which any fusion of the two can be ranked offline.
 */
public record QuestionRun(String id, Map<String, Integer> rankByMode, List<String> vector, List<String> text,
    Set<String> right) {

  /** Whether a right hit is among the first {@code k} of {@code mode}. */
  public boolean found(String mode, int k) {
    int rank = rankByMode.getOrDefault(mode, 0);
    return rank > 0 && rank <= k;
  }

  /** Whether a right chunk is among the first {@code k} of a ranking of chunk ids. */
  public boolean found(List<String> ranking, int k) {
    return ranking.stream().limit(k).anyMatch(right::contains);
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("rankByMode", new JsonObject(new LinkedHashMap<>(rankByMode)))
        .put("vector", new JsonArray(vector)).put("text", new JsonArray(text)).put("right", new JsonArray(List.copyOf(right)));
  }

  static QuestionRun fromJson(JsonObject json) {
    Map<String, Integer> ranks = new LinkedHashMap<>();
    json.getJsonObject("rankByMode").forEach(e -> ranks.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return new QuestionRun(json.getString("id"), ranks, strings(json.getJsonArray("vector")), strings(json.getJsonArray("text")),
        Set.copyOf(strings(json.getJsonArray("right"))));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).collect(Collectors.toList());
  }
}
