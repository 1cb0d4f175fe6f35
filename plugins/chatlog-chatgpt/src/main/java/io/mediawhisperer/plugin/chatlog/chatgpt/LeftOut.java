package io.mediawhisperer.plugin.chatlog.chatgpt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of one conversation a reader did not know how to read, counted by kind (an
 * unknown content type, fragment type or author), for the conversation's warnings. Hidden and
 * reasoning nodes are left out on purpose and are not counted here. Not thread-safe: one per
 * conversation read.
 */
final class LeftOut {

  private final Map<String, Integer> byKind = new LinkedHashMap<>();

  /** A message of {@code kind} (e.g. {@code content type 'foo'}) was left out. */
  void add(String kind) {
    byKind.merge(kind, 1, Integer::sum);
  }

  boolean isEmpty() {
    return byKind.isEmpty();
  }

  /** The kinds left out, for a skipped conversation's reason: "content type 'foo', fragment type 'BAR'". */
  String kinds() {
    return String.join(", ", byKind.keySet());
  }

  List<String> sentences() {
    List<String> sentences = new ArrayList<>();
    byKind.forEach((kind, count) -> sentences.add(count + (count == 1 ? " message" : " messages") + " of " + kind
        + (count == 1 ? " was" : " were") + " left out: this reader does not know that kind."));
    return sentences;
  }
}
