package io.mediawhisperer.spi.chat;

import java.util.List;

/**
 * A finished answer.
 *
 * @param text the whole answer, markers included
 * @param citedMarkers the markers the text cites, in order of first appearance, each once, each
 *     one of the request's passages
 */
public record ChatAnswer(String text, List<Integer> citedMarkers) {

  public ChatAnswer {
    citedMarkers = List.copyOf(citedMarkers);
  }
}
