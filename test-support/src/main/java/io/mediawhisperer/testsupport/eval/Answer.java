package io.mediawhisperer.testsupport.eval;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Where a question's answer is, and whether a search hit holds it. */
public sealed interface Answer {

  /**
   * Whether {@code hit} (a Hit of the search API) holds this answer, given the sources the
   * set's documents became.
   */
  boolean heldBy(JsonObject hit, IngestedDocuments documents);

  /** On one of these 1-based PDF pages of a document (a PDF chunk never spans pages). */
  record OnPages(String document, List<Integer> pages) implements Answer {
    @Override
    public boolean heldBy(JsonObject hit, IngestedDocuments documents) {
      return documents.sourceId(document).equals(hit.getString("sourceId")) && hit.getInteger("pageNumber") != null
          && pages.contains(hit.getInteger("pageNumber"));
    }
  }

  /** Said between these seconds of a transcript: right when the hit's time range overlaps them. */
  record InWindow(String document, double start, double end) implements Answer {
    @Override
    public boolean heldBy(JsonObject hit, IngestedDocuments documents) {
      if (!documents.sourceId(document).equals(hit.getString("sourceId")) || hit.getValue("start") == null) {
        return false;
      }
      double hitEnd = hit.getValue("end") == null ? hit.getDouble("start") : hit.getDouble("end");
      return hit.getDouble("start") <= end && hitEnd >= start;
    }
  }

  /**
   * On these 1-based lines of a text document: right when the hit's text overlaps them or the
   * three lines above them (a heading and its underline), found by where the chunk's text lies in
   * the document.
   */
  record OnLines(String document, int first, int last) implements Answer {
    @Override
    public boolean heldBy(JsonObject hit, IngestedDocuments documents) {
      if (!documents.sourceId(document).equals(hit.getString("sourceId"))) {
        return false;
      }
      LineIndex.Span span = documents.lines(document).spanOf(hit.getString("text"));
      return span != null && span.first() <= last && span.last() >= first - 3;
    }
  }
}
