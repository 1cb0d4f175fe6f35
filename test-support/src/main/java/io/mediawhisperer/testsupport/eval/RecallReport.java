package io.mediawhisperer.testsupport.eval;

import java.util.ArrayList;
import java.util.List;

/** The tables an evaluation prints: recall per set and mode, and the offline sweep of fusion weights. */
public final class RecallReport {

  public static final int[] KS = {1, 5, 10};
  /** Hybrid may fall this far below the better of its two parts (recall@5) and no further. */
  public static final double TOLERANCE = 0.02;

  private RecallReport() {
  }

  /** recall@1/5/10 per set and mode. */
  public static String recallTable(List<SetRun> runs) {
    Markdown table = new Markdown(List.of("set", "questions", "mode", "recall@1", "recall@5", "recall@10"));
    for (SetRun run : runs) {
      for (String mode : Evaluator.MODES) {
        table.row(List.of(run.set(), run.questions().size(), mode, run.recall(mode, 1), run.recall(mode, 5), run.recall(mode, 10)));
      }
    }
    return table.render();
  }

  /** How far hybrid recall@5 is above (positive) or below the better of vector and text. */
  public static double hybridMargin(SetRun run) {
    return run.recall("hybrid", 5) - Math.max(run.recall("vector", 5), run.recall("text", 5));
  }

  /**
   * recall@5 per set of {@code fusion} at vector weight 1, text weight 0, 0.1, ... 1.0 and rank
   * constant k 20 and 60, replayed from the collected top-50 lists; the last column is the worst
   * margin over the sets against the better of vector and text (as measured at top 10), so that
   * the weights that hold on every set at once stand out (a margin of at least -0.02).
   */
  public static String sweepTable(List<SetRun> runs, RankFusion fusion) {
    List<String> headers = new ArrayList<>(List.of("k", "w_v", "w_t"));
    runs.forEach(run -> headers.add(run.set() + " @5"));
    headers.add("worst margin");
    Markdown table = new Markdown(headers);
    for (int k : new int[] {20, 60}) {
      for (int tenths = 0; tenths <= 10; tenths++) {
        RankFusion.Weights weights = new RankFusion.Weights(1, tenths / 10.0, k);
        List<Object> row = new ArrayList<>(List.of(k, "1", String.valueOf(tenths / 10.0)));
        double worst = Double.MAX_VALUE;
        for (SetRun run : runs) {
          double recall = run.recall(fusion, weights, 5);
          row.add(recall);
          worst = Math.min(worst, recall - Math.max(run.recall("vector", 5), run.recall("text", 5)));
        }
        row.add(String.format(java.util.Locale.ROOT, "%+.3f", worst));
        table.row(row);
      }
    }
    return table.render();
  }
}
