package io.mediawhisperer.spi.chat;

/** The model could not answer: its endpoint failed, timed out, refused us, or sent nonsense. */
public final class ChatException extends Exception {

  private final boolean retryable;

  public ChatException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when asking again later may succeed (timeouts, 429, 5xx). */
  public boolean retryable() {
    return retryable;
  }
}
