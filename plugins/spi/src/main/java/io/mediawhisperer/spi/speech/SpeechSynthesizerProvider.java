package io.mediawhisperer.spi.speech;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.PluginSettings;

/**
 * Plugin kind "speech synthesizer": an engine that reads text aloud into 16-bit PCM mono WAV. Its
 * {@link #name()} is the engine's id ({@code freetts}, {@code espeak-ng}, {@code flite}); every
 * voice it offers is named {@code <engine>:<voice>}. The node opens every engine whose
 * {@link #available()} is true, with the settings whose keys start with {@code speech-} (without
 * the prefix), and lists their voices at {@code GET /api/v1/voices}.
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.speech.SpeechSynthesizerProvider};
 * contract kit: {@code SpeechSynthesizerContract}.
 */
public interface SpeechSynthesizerProvider extends NamedPlugin {

  /**
   * Whether the engine can run on this machine (an engine run as a process needs its program
   * installed). Cheap: called once at start-up, on a worker thread.
   */
  boolean available();

  /** Opens the engine; fails with {@link SpeechException} when it cannot run here. */
  SpeechSynthesizer open(PluginSettings settings) throws SpeechException;
}
