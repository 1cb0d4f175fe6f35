package io.mediawhisperer.plugin.speech.freetts;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;

/**
 * The speech engine that needs nothing installed: FreeTTS 1.2.2, pure Java, with the CMU "kal"
 * 16 kHz diphone voice inside its jar ({@code freetts:kevin16}, US English). Always available. It
 * sounds robotic next to flite or a neural voice, but a fresh machine with nothing but the server's
 * jar can read a book with it. No settings.
 */
public final class FreeTtsProvider implements SpeechSynthesizerProvider {

  public static final String NAME = "freetts";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean available() {
    return true;
  }

  /** Loads the voice once (about a second), so that a broken jar fails here rather than mid-book. */
  @Override
  public SpeechSynthesizer open(PluginSettings settings) throws SpeechException {
    return FreeTtsSynthesizer.open();
  }
}
