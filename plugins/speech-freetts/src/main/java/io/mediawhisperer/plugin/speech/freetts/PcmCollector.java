package io.mediawhisperer.plugin.speech.freetts;

import com.sun.speech.freetts.audio.AudioPlayer;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.WavWriter;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;

/**
 * FreeTTS's audio output turned into a WAV file: the voice "plays" each utterance into this
 * player, which writes the samples (little-endian, as WAV wants them; FreeTTS hands big-endian)
 * to the request's {@link WavWriter}. Between writes it asks whether the request should stop: a
 * {@code false} from {@link #write} makes FreeTTS cancel the rest of the text, so a deadline or a
 * cancel takes effect within one utterance.
 *
 * <p>FreeTTS calls the player from its voice's output thread while the caller waits in
 * {@code Voice.speak}; the fields are volatile so that each side sees the other's changes.
 */
final class PcmCollector implements AudioPlayer {

  private volatile AudioFormat format;
  private volatile WavWriter writer;
  private volatile SpeechRequest request;
  private volatile boolean stopped;
  private volatile Exception failure;

  /** Points the player at one request's file; called before {@code Voice.speak}. */
  void start(SpeechRequest request, WavWriter writer) {
    this.request = request;
    this.writer = writer;
    this.stopped = false;
    this.failure = null;
  }

  /** Detaches the file, so that nothing a stale utterance plays can reach it. */
  void finish() {
    this.writer = null;
    this.request = null;
  }

  /** Whether a write was refused because the request's deadline passed or it was cancelled. */
  boolean stopped() {
    return stopped;
  }

  /** What went wrong writing the samples or reading FreeTTS's format, if anything. */
  Exception failure() {
    return failure;
  }

  @Override
  public boolean write(byte[] audio) {
    return write(audio, 0, audio.length);
  }

  @Override
  public boolean write(byte[] audio, int offset, int length) {
    WavWriter out = writer;
    SpeechRequest current = request;
    if (out == null || current == null || failure != null) {
      return false;
    }
    if (current.shouldStop()) {
      stopped = true;
      return false;
    }
    AudioFormat f = format;
    try {
      if (f == null || f.getSampleSizeInBits() != 16 || f.getChannels() != 1
          || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || Math.round(f.getSampleRate()) != out.sampleRate()) {
        throw new IOException("FreeTTS produced audio in an unexpected format (" + f + ")");
      }
      byte[] pcm = new byte[length & ~1];
      System.arraycopy(audio, offset, pcm, 0, pcm.length);
      if (f.isBigEndian()) {
        for (int i = 0; i < pcm.length; i += 2) {
          byte high = pcm[i];
          pcm[i] = pcm[i + 1];
          pcm[i + 1] = high;
        }
      }
      out.write(pcm, 0, pcm.length);
      return true;
    } catch (IOException | RuntimeException e) {
      failure = e;
      return false;
    }
  }

  @Override
  public void setAudioFormat(AudioFormat format) {
    this.format = format;
  }

  @Override
  public AudioFormat getAudioFormat() {
    return format;
  }

  // --- what a player of a sound card needs and a file does not ---

  @Override
  public void pause() {
  }

  @Override
  public void resume() {
  }

  @Override
  public void reset() {
  }

  @Override
  public boolean drain() {
    return true;
  }

  @Override
  public void begin(int size) {
  }

  @Override
  public boolean end() {
    return true;
  }

  @Override
  public void cancel() {
  }

  @Override
  public void close() {
  }

  @Override
  public float getVolume() {
    return 1.0f;
  }

  @Override
  public void setVolume(float volume) {
  }

  @Override
  public long getTime() {
    return 0;
  }

  @Override
  public void resetTime() {
  }

  @Override
  public void startFirstSampleTimer() {
  }

  @Override
  public void showMetrics() {
  }
}
