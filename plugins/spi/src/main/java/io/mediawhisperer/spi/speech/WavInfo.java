package io.mediawhisperer.spi.speech;

/**
 * The format and the audio of a PCM WAV file, as {@link WavFiles#read} found them.
 *
 * @param sampleRate    frames per second
 * @param channels      1 for mono
 * @param bitsPerSample always 16: {@link WavFiles#read} refuses anything else
 * @param dataOffset    where the samples start in the file
 * @param dataLength    how many bytes of samples follow, a whole number of frames
 */
public record WavInfo(int sampleRate, int channels, int bitsPerSample, long dataOffset, long dataLength) {

  /** Bytes per frame: one sample of every channel. */
  public int blockAlign() {
    return channels * bitsPerSample / 8;
  }

  /** Frames in the file (samples per channel). */
  public long frames() {
    return dataLength / blockAlign();
  }

  public double seconds() {
    return (double) frames() / sampleRate;
  }
}
