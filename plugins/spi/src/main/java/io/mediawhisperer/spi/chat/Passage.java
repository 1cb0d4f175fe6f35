package io.mediawhisperer.spi.chat;

/**
 * One retrieved piece of a user's source, as the model sees it.
 *
 * @param marker the number an answer cites it by ({@code [marker]}), from 1, unique in a request
 * @param sourceTitle the title of the source it comes from
 * @param locator where in the source, ready to print: {@code "p. 3"}, {@code "12:05"},
 *     {@code "message 4"}, or null when the source has no positions
 * @param text the passage itself
 */
public record Passage(int marker, String sourceTitle, String locator, String text) {

  public Passage {
    if (marker < 1) {
      throw new IllegalArgumentException("markers start at 1");
    }
    if (text == null) {
      throw new IllegalArgumentException("a passage needs text");
    }
  }

  /** How an answer names this passage in prose: {@code "Title, p. 3"}. */
  public String citation() {
    return locator == null ? sourceTitle : sourceTitle + ", " + locator;
  }
}
