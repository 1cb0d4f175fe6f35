package io.mediawhisperer.testsupport.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationPartsTest {

  private final IngestedDocuments documents = new IngestedDocuments(
      List.of(new EvalDocument("manual.pdf", Path.of("manual.pdf")), new EvalDocument("talk.vtt", Path.of("talk.vtt"))),
      List.of("source-pdf", "source-vtt"));

  @Test
  void aPageHitIsRightOnAnAnswerPageOfTheRightSourceOnly() {
    Answer answer = new Answer.OnPages("manual.pdf", List.of(12, 13));
    assertThat(answer.heldBy(new JsonObject().put("sourceId", "source-pdf").put("pageNumber", 13), documents)).isTrue();
    assertThat(answer.heldBy(new JsonObject().put("sourceId", "source-pdf").put("pageNumber", 14), documents)).isFalse();
    assertThat(answer.heldBy(new JsonObject().put("sourceId", "source-vtt").put("pageNumber", 13), documents)).isFalse();
  }

  @Test
  void aTranscriptHitIsRightWhenItsTimesOverlapTheWindow() {
    Answer answer = new Answer.InWindow("talk.vtt", 100, 130);
    assertThat(answer.heldBy(hit(80, 100), documents)).isTrue();
    assertThat(answer.heldBy(hit(129.5, 160), documents)).isTrue();
    assertThat(answer.heldBy(hit(60, 99.9), documents)).isFalse();
    assertThat(answer.heldBy(hit(130.1, 150), documents)).isFalse();
  }

  @Test
  void reciprocalRankFusionWeighsTheListsAndAZeroWeightKeepsTheVectorOrder() {
    RankFusion fusion = new ReciprocalRankFusion();
    List<String> vector = List.of("a", "b", "c");
    List<String> text = List.of("c", "b", "d");
    assertThat(fusion.fuse(vector, text, new RankFusion.Weights(1, 0, 60))).startsWith("a", "b", "c");
    // equal weights: c (1/63 + 1/61) and b (2/62) beat a (1/61) and d (1/63)
    assertThat(fusion.fuse(vector, text, new RankFusion.Weights(1, 1, 60))).containsExactly("c", "b", "a", "d");
  }

  @Test
  void recallCountsQuestionsWithARightHitWithinKAndSurvivesJson() {
    SetRun run = new SetRun("s", List.of(
        new QuestionRun("q1", Map.of("vector", 1, "text", 0, "hybrid", 2), List.of("x", "y"), List.of("z", "x"), Set.of("x")),
        new QuestionRun("q2", Map.of("vector", 7, "text", 3, "hybrid", 0), List.of("u"), List.of("v"), Set.of("w"))));
    assertThat(run.recall("vector", 1)).isEqualTo(0.5);
    assertThat(run.recall("vector", 5)).isEqualTo(0.5);
    assertThat(run.recall("vector", 10)).isEqualTo(1.0);
    assertThat(run.recall("hybrid", 10)).isEqualTo(0.5);
    assertThat(run.recall(new ReciprocalRankFusion(), new RankFusion.Weights(1, 0.5, 60), 1)).isEqualTo(0.5);
    assertThat(RecallReport.hybridMargin(run)).isEqualTo(0.0);
    assertThat(SetRun.fromJson(SetRun.toJson(List.of(run)))).containsExactly(run);
  }

  @Test
  void theSweepHasARowPerRankConstantAndTextWeight() {
    SetRun run = new SetRun("s", List.of(
        new QuestionRun("q1", Map.of("vector", 1, "text", 1, "hybrid", 1), List.of("x"), List.of("x"), Set.of("x"))));
    String table = RecallReport.sweepTable(List.of(run), new ReciprocalRankFusion());
    assertThat(table.lines()).hasSize(2 + 2 * 11);
    assertThat(table).contains("| 60 | 1 | 0.5 | 1.000 | +0.000 |");
  }

  @Test
  void aFaqHitIsRightWhenItsTextOverlapsTheAnswerButNotElsewhereInTheFile() throws Exception {
    Path file = Files.createTempFile("faq", ".rst.txt");
    Files.write(file, List.of("Title", "=====", "", "How do I frobnicate a widget quickly?", "-----",
        "", "Call the frobnicate function with the widget and a speed argument of your choice.", "", "Other", "-----",
        "", "Something unrelated that talks about entirely different things at some length."));
    IngestedDocuments faq = new IngestedDocuments(List.of(new EvalDocument("f.rst.txt", file)), List.of("src"));
    Answer answer = new Answer.OnLines("f.rst.txt", 7, 7);
    JsonObject onAnswer = new JsonObject().put("sourceId", "src")
        .put("text", "Call the frobnicate function with the widget and a speed argument of your choice.");
    JsonObject elsewhere = new JsonObject().put("sourceId", "src")
        .put("text", "Something unrelated that talks about entirely different things at some length.");
    assertThat(answer.heldBy(onAnswer, faq)).isTrue();
    assertThat(answer.heldBy(elsewhere, faq)).isFalse();
    assertThat(answer.heldBy(onAnswer.copy().put("sourceId", "other"), faq)).isFalse();
    Files.delete(file);
  }

  @Test
  void everySetLoadsWithItsQuestionsAndAMissingDocumentFailsInsteadOfSkipping() {
    // the documents of scripts/eval-documents must be there (scripts/test fetches them)
    assertThat(EvalSets.all()).extracting(EvalSet::name)
        .containsExactly("python-faq", "python-faq-paraphrases", "r-exts", "mark-reading");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EvalDocuments.fromEnvironment().require("nothing.pdf"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonObject hit(double start, double end) {
    return new JsonObject().put("sourceId", "source-vtt").put("start", start).put("end", end);
  }
}
