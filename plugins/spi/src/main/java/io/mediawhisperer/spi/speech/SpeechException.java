package io.mediawhisperer.spi.speech;

/** The engine failed, timed out or was cancelled; the message is a sentence a person can act on. */
public class SpeechException extends Exception {

  public SpeechException(String message) {
    super(message);
  }

  public SpeechException(String message, Throwable cause) {
    super(message, cause);
  }
}
