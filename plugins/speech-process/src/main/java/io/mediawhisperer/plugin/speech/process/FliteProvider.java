package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;

/**
 * flite (CMU's Festival-lite) run as a process: US English only, more natural than espeak-ng
 * (its {@code slt} voice above all), tens of times faster than real time. Available when
 * {@code flite} is on {@code PATH} (Debian: {@code apt-get install flite}).
 *
 * <p>Settings ({@code speech-} keys without the prefix): {@code flite-path}, the absolute path of
 * the program when it is not on {@code PATH}. {@link #available()} answers for {@code PATH} only.
 */
public final class FliteProvider implements SpeechSynthesizerProvider {

  public static final String NAME = "flite";
  /** The setting naming the program, {@code speech-flite-path} in the node's configuration. */
  public static final String PATH_SETTING = "flite-path";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean available() {
    return Programs.onPath(NAME).isPresent();
  }

  /** Finds the program and lists its voices ({@code flite -lv}). */
  @Override
  public SpeechSynthesizer open(PluginSettings settings) throws SpeechException {
    return FliteSynthesizer.open(Programs.resolve(settings, PATH_SETTING, NAME, "apt-get install flite"));
  }
}
