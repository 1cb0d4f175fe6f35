package io.mediawhisperer.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The questions the HTTP search bench asks (a resource beside this class, written for the manuals
 * it ingests) and the search bodies made of them, for HTTP (no userId: the edge adds it) and for
 * the bus (with the userId, as the HTTP edge sends it on).
 */
final class SearchQueries {

  /** How a run picks the query of each request. */
  enum Variant {
    /** Each request the next question of the list, round and round. */
    ROTATING(""),
    /** The first question, every time. */
    SAME(", one query repeated"),
    /** The next question with a number no other request had appended: every query text is new. */
    FRESH(", every query new");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  static final String RESOURCE = "http-search-questions.txt";

  final List<String> questions;
  private final int topK;

  private SearchQueries(List<String> questions, int topK) {
    this.questions = questions;
    this.topK = topK;
  }

  static SearchQueries load(int topK) throws IOException {
    try (InputStream in = SearchQueries.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("resource " + RESOURCE + " is missing beside " + SearchQueries.class.getName());
      }
      List<String> questions = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
          .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      if (questions.isEmpty()) {
        throw new IOException(RESOURCE + " holds no question");
      }
      return new SearchQueries(questions, topK);
    }
  }

  /** The HTTP bodies wrk sends in turn; for FRESH, templates with {@link WrkScript#FRESH} where the number goes. */
  List<String> httpBodies(String mode, Variant variant) {
    return switch (variant) {
      case ROTATING -> questions.stream().map(q -> body(q, mode).encode()).toList();
      case SAME -> List.of(body(questions.get(0), mode).encode());
      case FRESH -> questions.stream().map(q -> body(q + " " + WrkScript.FRESH, mode).encode()).toList();
    };
  }

  /** The bus body of the n-th request of a run, as the HTTP edge sends it to retrieval. */
  JsonObject busBody(String userId, String mode, Variant variant, int n) {
    String query = switch (variant) {
      case ROTATING -> questions.get(n % questions.size());
      case SAME -> questions.get(0);
      case FRESH -> questions.get(n % questions.size()) + " " + n;
    };
    return body(query, mode).put("userId", userId);
  }

  JsonObject body(String query, String mode) {
    return new JsonObject().put("query", query).put("topK", topK).put("mode", mode);
  }
}
