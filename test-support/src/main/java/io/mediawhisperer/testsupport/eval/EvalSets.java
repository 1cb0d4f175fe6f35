package io.mediawhisperer.testsupport.eval;

import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every evaluation set (their README: test-support's {@code eval/README.md}): the Python FAQ of the
 * shared corpus (headings and paraphrases), the R extensions manual (PDF pages) and the reading of
 * Mark (transcript windows). Loading fails when a document is missing: a set that cannot run must
 * not look green.
 */
public final class EvalSets {

  private EvalSets() {
  }

  /** All sets, their documents found in the corpus and the evaluation cache. */
  public static List<EvalSet> all() {
    EvalDocuments cache = EvalDocuments.fromEnvironment();
    List<EvalSet> sets = new ArrayList<>(pythonFaq());
    sets.add(rExts(cache));
    sets.add(markReading(cache));
    return sets;
  }

  /** {@code python-faq} (179 headings) and {@code python-faq-paraphrases} (20), over the nine FAQ files. */
  public static List<EvalSet> pythonFaq() {
    Path qa = Corpus.root().resolve("qa");
    List<EvalDocument> documents;
    try (Stream<Path> files = Files.list(qa)) {
      documents = files.filter(f -> f.getFileName().toString().endsWith(".rst.txt")).sorted()
          .map(f -> new EvalDocument(f.getFileName().toString(), f)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Question> headings = new ArrayList<>();
    List<Question> paraphrases = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(qa.resolve("python-faq.jsonl"))) {
        JsonObject e = new JsonObject(line);
        Answer answer = new Answer.OnLines(e.getString("file"), e.getInteger("answerStartLine"), e.getInteger("answerEndLine"));
        headings.add(new Question(e.getString("id"), e.getString("question"), answer));
        if (e.getString("paraphrase") != null) {
          paraphrases.add(new Question(e.getString("id"), e.getString("paraphrase"), answer));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(new EvalSet("python-faq", "python-faq", documents, headings),
        new EvalSet("python-faq-paraphrases", "python-faq", documents, paraphrases));
  }

  static EvalSet rExts(EvalDocuments cache) {
    EvalDocument manual = new EvalDocument("R-exts.pdf", cache.require("R-exts.pdf"));
    List<Question> questions = questions("r-exts", e -> new Answer.OnPages(manual.name(),
        e.getJsonArray("pages").stream().map(p -> ((Number) p).intValue()).toList()));
    return new EvalSet("r-exts", "r-exts", List.of(manual), questions);
  }

  static EvalSet markReading(EvalDocuments cache) {
    EvalDocument reading = new EvalDocument("mark-reading.vtt", cache.require("mark-reading.vtt"));
    List<Question> questions = questions("mark-reading",
        e -> new Answer.InWindow(reading.name(), e.getDouble("start"), e.getDouble("end")));
    return new EvalSet("mark-reading", "mark-reading", List.of(reading), questions);
  }

  private static List<Question> questions(String set, java.util.function.Function<JsonObject, Answer> answer) {
    return EvalDocuments.EvalResources.lines("eval/" + set + "/questions.jsonl").stream().filter(l -> !l.isBlank())
        .map(JsonObject::new).map(e -> new Question(e.getString("id"), e.getString("question"), answer.apply(e))).toList();
  }
}
