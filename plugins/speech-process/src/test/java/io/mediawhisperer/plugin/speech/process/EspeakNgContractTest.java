package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.SpeechSynthesizerContract;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;

/** Needs espeak-ng installed (scripts/test installs it); fails saying so when it is not. */
class EspeakNgContractTest extends SpeechSynthesizerContract {

  @Override
  protected SpeechSynthesizerProvider provider() {
    return new EspeakNgProvider();
  }
}
