package io.mediawhisperer.plugin.speech.freetts;

import io.mediawhisperer.spi.speech.SpeechSynthesizerContract;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;

class FreeTtsContractTest extends SpeechSynthesizerContract {

  @Override
  protected SpeechSynthesizerProvider provider() {
    return new FreeTtsProvider();
  }
}
