package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;

/**
 * espeak-ng run as a process: formant synthesis, clear but mechanical, about a hundred languages
 * and a thousand times faster than real time. Available when {@code espeak-ng} is on
 * {@code PATH} (Debian: {@code apt-get install espeak-ng}).
 *
 * <p>Settings ({@code speech-} keys without the prefix): {@code espeak-ng-path}, the absolute path
 * of the program when it is not on {@code PATH}. {@link #available()} cannot see settings, so it
 * answers for {@code PATH} only; with the setting, {@link #open} is what tells.
 */
public final class EspeakNgProvider implements SpeechSynthesizerProvider {

  public static final String NAME = "espeak-ng";
  /** The setting naming the program, {@code speech-espeak-ng-path} in the node's configuration. */
  public static final String PATH_SETTING = "espeak-ng-path";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean available() {
    return Programs.onPath(NAME).isPresent();
  }

  /** Finds the program and lists its voices ({@code espeak-ng --voices}). */
  @Override
  public SpeechSynthesizer open(PluginSettings settings) throws SpeechException {
    return EspeakNgSynthesizer.open(Programs.resolve(settings, PATH_SETTING, NAME, "apt-get install espeak-ng"));
  }
}
