package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ChatGPT's citation markers in an answer ({@code 【6†source】}, {@code 【3:0†source】}) made readable:
 * {@code  [source: <title or url>]} when the message's {@code metadata.citations} resolves the
 * marker, removed otherwise. A citation resolves a marker by position ({@code start_ix}/{@code end_ix},
 * counted in code points, as the export's Python writer counts) or, failing that, by the numbers in
 * the marker ({@code extra.cited_message_idx}, and {@code search_result_idx} after the colon).
 */
final class ChatGptCitations {

  // the citation_format regex ChatGPT itself puts in _cite_metadata
  private static final Pattern MARKER = Pattern.compile("【(\\d+)(?::(\\d+))?†([^†【】]*)[^【】]*?】");

  private ChatGptCitations() {
  }

  /**
   * {@code text} with its markers replaced; {@code positionsApply} says whether the citations'
   * offsets count in this text (they do when the message has a single part).
   */
  static String readable(String text, JsonNode citations, boolean positionsApply) {
    if (text.indexOf('【') < 0) {
      return text;
    }
    Matcher marker = MARKER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (marker.find()) {
      out.append(text, copied, marker.start());
      copied = marker.end();
      JsonNode cited = resolve(text, marker, citations, positionsApply);
      String name = cited == null ? "" : name(cited.path("metadata"));
      if (!name.isEmpty()) {
        boolean spaced = out.isEmpty() || Character.isWhitespace(out.charAt(out.length() - 1));
        out.append(spaced ? "" : " ").append("[source: ").append(name).append(']');
      }
    }
    out.append(text, copied, text.length());
    return out.toString();
  }

  private static JsonNode resolve(String text, Matcher marker, JsonNode citations, boolean positionsApply) {
    if (!citations.isArray() || citations.isEmpty()) {
      return null;
    }
    if (positionsApply) {
      int start = text.codePointCount(0, marker.start());
      int end = start + text.codePointCount(marker.start(), marker.end());
      for (JsonNode citation : citations) {
        if (citation.path("start_ix").asInt(-1) == start && citation.path("end_ix").asInt(-1) == end) {
          return citation;
        }
      }
    }
    int message = Integer.parseInt(marker.group(1));
    Integer result = marker.group(2) == null ? null : Integer.valueOf(marker.group(2));
    for (JsonNode citation : citations) {
      JsonNode extra = citation.path("metadata").path("extra");
      if (extra.path("cited_message_idx").asInt(-1) == message
          && (result == null || extra.path("search_result_idx").asInt(-1) == result)) {
        return citation;
      }
    }
    return null;
  }

  private static String name(JsonNode metadata) {
    String title = metadata.path("title").asText("").strip();
    return title.isEmpty() ? metadata.path("url").asText("").strip() : title;
  }
}
