package io.mediawhisperer.spi.speech;

/** The WAV an engine wrote: its sample rate and its length in samples (mono). */
public record SpeechResult(int sampleRate, long samples) {

  public double seconds() {
    return sampleRate == 0 ? 0 : (double) samples / sampleRate;
  }
}
