package io.mediawhisperer.spi.embedding;

/** The model could not embed: a remote endpoint failed, or the model cannot run here. */
public final class EmbeddingException extends Exception {

  private final boolean retryable;

  public EmbeddingException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when trying again later may succeed (timeouts, 429, 5xx). */
  public boolean retryable() {
    return retryable;
  }
}
