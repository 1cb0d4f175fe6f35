package io.mediawhisperer.spi.transcript;

/** Why a transcript or a playlist could not be had; the {@link Reason} tells the server what to answer. */
public final class TranscriptException extends RuntimeException {

  /** What went wrong, as the server answers it. */
  public enum Reason {
    /** The video or playlist does not exist, is private or was removed. */
    NOT_FOUND,
    /** The video exists but has no transcript (captions disabled, none in any language). */
    NO_CAPTIONS,
    /** The service cannot be reached (no network, DNS, connection refused, timeout) or keeps failing (5xx after retries). */
    UNAVAILABLE,
    /** The service keeps answering 429 after the retries. */
    RATE_LIMITED,
    /** The service refuses this server (401/403: a missing or wrong API key). */
    REFUSED,
    /** The service answered something this provider cannot read (a changed page, malformed JSON or XML). */
    INVALID_RESPONSE,
    /** The answer is larger than {@code max-bytes}. */
    TOO_LARGE
  }

  private final Reason reason;
  private final Long retryAfterSeconds;

  public TranscriptException(Reason reason, String message) {
    this(reason, message, null, null);
  }

  public TranscriptException(Reason reason, String message, Long retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Reason reason() {
    return reason;
  }

  /** When the service said how long to wait (a 429's Retry-After), in seconds; otherwise null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
