package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.ChatRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the answer out of the quotes {@link Evidence} picked, in the pieces it is streamed in
 * (the opening line, then one line per quote). The wording never claims more than quoting can:
 * it says "according to your sources" and lets the sentences speak, says plainly when nothing
 * matched, and when only an unrelated passage is at hand offers it as "the closest passage"
 * rather than as an answer.
 */
final class AnswerWriter {

  static final String FOUND = "According to your sources:";
  static final String NOTHING_FOUND =
      "I found nothing in your sources that matches this question, so I cannot answer it from them.";
  static final String ONLY_CLOSEST =
      "No passage in your sources clearly answers this question. The closest passage says:";

  private AnswerWriter() {
  }

  /** The answer's pieces, in order; joined they are the answer. */
  static List<String> write(ChatRequest request) {
    if (request.passages().isEmpty()) {
      return List.of(NOTHING_FOUND);
    }
    Evidence.Selection selection = Evidence.select(request.question(), request.history(), request.passages());
    if (selection.quotes().isEmpty()) {
      return List.of(NOTHING_FOUND);
    }
    Set<Integer> markers = new HashSet<>();
    request.passages().forEach(p -> markers.add(p.marker()));
    List<String> pieces = new ArrayList<>();
    pieces.add((selection.matched() ? FOUND : ONLY_CLOSEST) + "\n\n");
    for (int i = 0; i < selection.quotes().size(); i++) {
      pieces.add((i == 0 ? "" : "\n") + "- " + Quotes.of(selection.quotes().get(i), markers));
    }
    return pieces;
  }
}
