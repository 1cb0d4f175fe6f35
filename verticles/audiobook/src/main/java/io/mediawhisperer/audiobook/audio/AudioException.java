package io.mediawhisperer.audiobook.audio;

/**
 * Encoding, joining or reading audio failed, ran out of time, was cancelled, or ffmpeg cannot run
 * here. The message is a sentence a person can act on; {@link #reason()} tells a job whether it
 * failed or was stopped.
 */
public class AudioException extends Exception {

  /** Why the work stopped. */
  public enum Reason {
    /** ffmpeg or ffprobe refused the input or failed writing the output. */
    FAILED,
    /** The time limit passed; the process was killed. */
    TIMED_OUT,
    /** The caller's cancel check answered true; the process was killed. */
    CANCELLED,
    /** The bundled ffmpeg could not be found or cannot start on this machine. */
    UNAVAILABLE
  }

  private final Reason reason;

  public AudioException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public AudioException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
