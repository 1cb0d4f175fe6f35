package io.mediawhisperer.spi.speech;

import java.nio.file.Path;
import java.util.List;

/**
 * An open speech engine. {@link #synthesize} blocks (the server calls it on worker threads, from
 * several threads at once) and never takes a path or a program argument from the text or the
 * voice unchecked: the text is data, a voice outside {@link #voices()} is refused.
 */
public interface SpeechSynthesizer extends AutoCloseable {

  /** The engine's id, as its provider's name. */
  String engine();

  /** The voices this engine offers, each id {@code <engine>:<voice>}; never empty. */
  List<Voice> voices();

  /**
   * Reads {@code request.text()} aloud into {@code out} as a WAV file (PCM, 16-bit, mono) and
   * returns its sample rate and length. Stops with a {@link SpeechException} once the request's
   * deadline passes or its {@code cancelled} check answers true (a process is killed, an
   * in-process engine stops between sentences); {@code out} may then be incomplete.
   *
   * @throws IllegalArgumentException for blank text, a voice this engine does not have, or a
   *                                  speed outside {@link SpeechRequest#MIN_SPEED}..{@link SpeechRequest#MAX_SPEED}
   */
  SpeechResult synthesize(SpeechRequest request, Path out) throws SpeechException;

  @Override
  void close();
}
