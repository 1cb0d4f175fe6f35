package io.mediawhisperer.plugin.speech.freetts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import io.mediawhisperer.spi.speech.SpeechException;
import java.util.Arrays;

/**
 * One allocated FreeTTS "kevin16" voice with the player it writes into. A FreeTTS voice keeps the
 * state of the utterance it is reading, so it serves one request at a time; the synthesizer pools
 * them, one per thread that reads at once.
 *
 * <p>The voice comes from {@link KevinVoiceDirectory} itself rather than FreeTTS's
 * {@code VoiceManager}, which finds voices through the {@code freetts.voices} system property:
 * nothing global is set, and nothing a user sets changes which voice is read.
 */
final class KevinVoice {

  /** FreeTTS keeps loaded lexicons and letter-to-sound tables in static fields: load one voice at a time. */
  private static final Object LOADING = new Object();

  static final String NAME = "kevin16";
  static final int SAMPLE_RATE = 16_000;

  private final Voice voice;
  private final PcmCollector player;
  private final float normalRate;

  private KevinVoice(Voice voice, PcmCollector player) {
    this.voice = voice;
    this.player = player;
    this.normalRate = voice.getRate();
  }

  static KevinVoice allocate() throws SpeechException {
    synchronized (LOADING) {
      try {
        Voice voice = Arrays.stream(new KevinVoiceDirectory().getVoices())
            .filter(v -> v.getName().equals(NAME)).findFirst()
            .orElseThrow(() -> new SpeechException("the FreeTTS jar has no " + NAME + " voice"));
        PcmCollector player = new PcmCollector();
        voice.setAudioPlayer(player);
        voice.allocate();
        return new KevinVoice(voice, player);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (RuntimeException | Error e) {
        // FreeTTS wraps a missing or unreadable resource in a plain Error
        throw new SpeechException("the FreeTTS voice " + NAME + " cannot be loaded: " + e, e);
      }
    }
  }

  Voice voice() {
    return voice;
  }

  PcmCollector player() {
    return player;
  }

  /** The voice's rate (words per minute) at speed 1.0. */
  float normalRate() {
    return normalRate;
  }

  /** Frees the voice and stops its output thread. */
  void deallocate() {
    try {
      voice.deallocate();
    } catch (RuntimeException e) {
      // nothing left to do with a voice being thrown away
    }
  }
}
