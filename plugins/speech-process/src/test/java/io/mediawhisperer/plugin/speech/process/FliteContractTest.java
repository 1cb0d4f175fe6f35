package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.SpeechSynthesizerContract;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;

/** Needs flite installed (scripts/test installs it); fails saying so when it is not. */
class FliteContractTest extends SpeechSynthesizerContract {

  @Override
  protected SpeechSynthesizerProvider provider() {
    return new FliteProvider();
  }
}
