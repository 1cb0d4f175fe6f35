package io.mediawhisperer.spi.chat;

import java.util.List;

/**
 * What to summarise: a source's passages in reading order, or, for a collection, one passage per
 * source (its own summary).
 *
 * @param title what is summarised (a source or collection title)
 * @param passages the text, in order
 * @param maxWords about how long the summary may be
 */
public record SummaryRequest(String title, List<Passage> passages, int maxWords) {

  public SummaryRequest {
    passages = List.copyOf(passages);
    if (maxWords < 10) {
      throw new IllegalArgumentException("maxWords must be at least 10");
    }
  }
}
