package io.mediawhisperer.testsupport.eval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs evaluation sets against a node: a set's documents are ingested into a fresh user (once for
 * sets sharing them), then each question is searched in modes vector, text and hybrid (top 10),
 * and vector and text again for their top 50, so that fusion weights can be swept offline.
 */
public final class Evaluator {

  public static final List<String> MODES = List.of("vector", "text", "hybrid");
  public static final int TOP_K = 10;
  /** As many candidates per list as hybrid search fuses for a top 10. */
  public static final int CANDIDATES = 50;

  /** A set's documents in a user's library. */
  public record Library(SearchApi.User user, IngestedDocuments documents) {
  }

  private final SearchApi api;
  private final Map<String, Library> libraries = new HashMap<>();

  public Evaluator(SearchApi api) {
    this.api = api;
  }

  /** The user holding the set's documents, ingesting them first if no set of the same corpus has. */
  public Library library(EvalSet set) throws Exception {
    Library library = libraries.get(set.corpus());
    if (library == null) {
      SearchApi.User user = api.newUser("eval-" + set.corpus());
      List<String> sourceIds = user.ingest(set.documents().stream().map(EvalDocument::file).toList());
      library = new Library(user, new IngestedDocuments(set.documents(), sourceIds));
      libraries.put(set.corpus(), library);
    }
    return library;
  }

  public SetRun run(EvalSet set) throws Exception {
    Library library = library(set);
    List<QuestionRun> runs = new ArrayList<>();
    for (Question question : set.questions()) {
      Map<String, Integer> ranks = new LinkedHashMap<>();
      Set<String> right = new HashSet<>();
      for (String mode : MODES) {
        ranks.put(mode, firstRight(library.user().search(question.text(), mode, TOP_K), question, library, right));
      }
      JsonArray vector = library.user().search(question.text(), "vector", CANDIDATES);
      JsonArray text = library.user().search(question.text(), "text", CANDIDATES);
      firstRight(vector, question, library, right);
      firstRight(text, question, library, right);
      runs.add(new QuestionRun(question.id(), ranks, ids(vector), ids(text), right));
    }
    return new SetRun(set.name(), runs);
  }

  /** The 1-based rank of the first hit holding the answer, 0 for none; every right hit's chunk id goes into {@code right}. */
  private static int firstRight(JsonArray hits, Question question, Library library, Set<String> right) {
    int first = 0;
    for (int i = 0; i < hits.size(); i++) {
      JsonObject hit = hits.getJsonObject(i);
      if (question.answer().heldBy(hit, library.documents())) {
        right.add(hit.getString("chunkId"));
        if (first == 0) {
          first = i + 1;
        }
      }
    }
    return first;
  }

  private static List<String> ids(JsonArray hits) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      ids.add(hits.getJsonObject(i).getString("chunkId"));
    }
    return ids;
  }
}
