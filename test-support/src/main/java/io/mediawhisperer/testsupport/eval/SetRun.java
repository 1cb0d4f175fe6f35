package io.mediawhisperer.testsupport.eval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One set's questions as the search answered them. */
public record SetRun(String set, List<QuestionRun> questions) {

  /** The share of questions with a right hit among the first {@code k} of {@code mode}. */
  public double recall(String mode, int k) {
    return share(questions.stream().filter(q -> q.found(mode, k)).count());
  }

  /** The share of questions with a right chunk among the first {@code k} that {@code fusion} ranks. */
  public double recall(RankFusion fusion, RankFusion.Weights weights, int k) {
    return share(questions.stream().filter(q -> q.found(fusion.fuse(q.vector(), q.text(), weights), k)).count());
  }

  private double share(long count) {
    return questions.isEmpty() ? 0 : (double) count / questions.size();
  }

  /** Runs as JSON, so that a sweep can be repeated without a node. */
  public static JsonArray toJson(List<SetRun> runs) {
    JsonArray array = new JsonArray();
    for (SetRun run : runs) {
      array.add(new JsonObject().put("set", run.set())
          .put("questions", new JsonArray(run.questions().stream().map(QuestionRun::toJson).toList())));
    }
    return array;
  }

  public static List<SetRun> fromJson(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).map(o -> new SetRun(o.getString("set"),
        o.getJsonArray("questions").stream().map(JsonObject.class::cast).map(QuestionRun::fromJson).toList())).toList();
  }
}
