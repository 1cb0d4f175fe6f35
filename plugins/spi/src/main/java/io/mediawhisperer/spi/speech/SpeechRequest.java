package io.mediawhisperer.spi.speech;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * What to read aloud.
 *
 * @param text      plain text, at most {@link #MAX_TEXT_CHARS} characters (the server sends a
 *                  paragraph or a few at a time)
 * @param voiceId   one of the engine's {@link Voice#id()}s
 * @param speed     1.0 is the engine's normal rate; 2.0 reads twice as fast
 * @param deadline  when the engine must give up
 * @param cancelled asked between sentences (or while a process runs): true stops the work
 */
public record SpeechRequest(String text, String voiceId, double speed, Instant deadline, BooleanSupplier cancelled) {

  public static final double MIN_SPEED = 0.5;
  public static final double MAX_SPEED = 2.0;
  public static final int MAX_TEXT_CHARS = 20_000;

  public SpeechRequest {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text is blank");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException("text is longer than " + MAX_TEXT_CHARS + " characters");
    }
    if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
      throw new IllegalArgumentException("speed must be between " + MIN_SPEED + " and " + MAX_SPEED);
    }
    if (voiceId == null || deadline == null || cancelled == null) {
      throw new IllegalArgumentException("voiceId, deadline and cancelled are required");
    }
  }

  /** True once the deadline has passed or the work was cancelled. */
  public boolean shouldStop() {
    return cancelled.getAsBoolean() || Instant.now().isAfter(deadline);
  }
}
