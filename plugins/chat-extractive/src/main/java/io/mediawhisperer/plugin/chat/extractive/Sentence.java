package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.Passage;
import java.util.List;
import java.util.Set;

/**
 * A sentence of a passage with its terms, computed once and shared by scoring, duplicate
 * detection and quoting.
 *
 * @param rank the passage's position in the request, 0 for the best
 * @param position the sentence's position in its passage, from 0
 */
record Sentence(Passage passage, int rank, int position, String text, List<String> terms, Set<String> termSet) {

  static Sentence of(Passage passage, int rank, int position, String text) {
    List<String> terms = Terms.of(text);
    return new Sentence(passage, rank, position, text, terms, Set.copyOf(terms));
  }

  /** Whether the two say the same thing in (nearly) the same words, as overlapping chunks repeat sentences. */
  boolean nearDuplicateOf(Sentence other) {
    if (text.equalsIgnoreCase(other.text)) {
      return true;
    }
    if (termSet.isEmpty() || other.termSet.isEmpty()) {
      return false;
    }
    int shared = 0;
    for (String term : termSet) {
      if (other.termSet.contains(term)) {
        shared++;
      }
    }
    int union = termSet.size() + other.termSet.size() - shared;
    return shared >= 0.8 * union || shared == Math.min(termSet.size(), other.termSet.size()) && shared >= 4;
  }
}
