package io.mediawhisperer.plugin.speech.freetts;

import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechResult;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.Voice;
import io.mediawhisperer.spi.speech.WavFiles;
import io.mediawhisperer.spi.speech.WavWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * FreeTTS reading text into 16 kHz mono WAV files.
 *
 * <p>Threads: a FreeTTS voice is not thread-safe (it holds the utterance it reads), so each
 * request borrows an allocated voice from a pool and gives it back when done; a request that
 * finds the pool empty allocates another (about 6 MB each, half a second). The pool therefore
 * grows to the number of threads that read at once, which the server's worker pool bounds. A
 * voice whose request failed or stopped is thrown away rather than pooled, since FreeTTS may
 * still hold utterances of that request.
 *
 * <p>Stopping: the voice's player refuses to write once the deadline passes or the request is
 * cancelled, which makes FreeTTS drop the rest of the text (see {@link PcmCollector}).
 */
final class FreeTtsSynthesizer implements SpeechSynthesizer {

  static final String VOICE_ID = FreeTtsProvider.NAME + ":" + KevinVoice.NAME;
  private static final Voice VOICE = new Voice(VOICE_ID, FreeTtsProvider.NAME, "en-US",
      "Kevin (FreeTTS diphone, US English, 16 kHz)");

  private final ConcurrentLinkedDeque<KevinVoice> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  private FreeTtsSynthesizer() {
  }

  static FreeTtsSynthesizer open() throws SpeechException {
    FreeTtsSynthesizer synthesizer = new FreeTtsSynthesizer();
    synthesizer.idle.push(KevinVoice.allocate());
    return synthesizer;
  }

  @Override
  public String engine() {
    return FreeTtsProvider.NAME;
  }

  @Override
  public List<Voice> voices() {
    return List.of(VOICE);
  }

  @Override
  public SpeechResult synthesize(SpeechRequest request, Path out) throws SpeechException {
    if (!request.voiceId().equals(VOICE_ID)) {
      throw new IllegalArgumentException("FreeTTS has no voice '" + request.voiceId() + "'; its voice is " + VOICE_ID);
    }
    if (closed) {
      throw new IllegalStateException("the FreeTTS engine is closed");
    }
    stopIfAsked(request);
    KevinVoice voice = borrow();
    boolean reusable = false;
    try {
      read(voice, request, out);
      reusable = true;
      return WavFiles.resultOf(out);
    } catch (IOException e) {
      throw new SpeechException("FreeTTS could not write " + out.getFileName() + ": " + e.getMessage(), e);
    } finally {
      giveBack(voice, reusable);
    }
  }

  private void read(KevinVoice voice, SpeechRequest request, Path out) throws SpeechException, IOException {
    PcmCollector player = voice.player();
    try (WavWriter writer = WavWriter.create(out, KevinVoice.SAMPLE_RATE)) {
      player.start(request, writer);
      voice.voice().setRate((float) (voice.normalRate() * request.speed()));
      boolean spoken;
      try {
        spoken = voice.voice().speak(request.text());
      } catch (RuntimeException e) {
        throw new SpeechException("FreeTTS failed reading the text: " + e, e);
      } finally {
        player.finish();
      }
      if (player.failure() != null) {
        throw new SpeechException("FreeTTS could not write its audio: " + player.failure().getMessage(), player.failure());
      }
      if (player.stopped()) {
        stopIfAsked(request);
        throw new SpeechException("FreeTTS stopped reading: the request was cancelled or ran out of time");
      }
      if (!spoken) {
        throw new SpeechException("FreeTTS could not read the text (it reported a failure in one of its sentences)");
      }
    }
  }

  private static void stopIfAsked(SpeechRequest request) throws SpeechException {
    if (request.cancelled().getAsBoolean()) {
      throw new SpeechException("FreeTTS stopped reading: the request was cancelled");
    }
    if (request.shouldStop()) {
      throw new SpeechException("FreeTTS stopped reading: the deadline " + request.deadline() + " has passed");
    }
  }

  private KevinVoice borrow() throws SpeechException {
    KevinVoice voice = idle.poll();
    return voice != null ? voice : KevinVoice.allocate();
  }

  private void giveBack(KevinVoice voice, boolean reusable) {
    if (reusable && !closed) {
      idle.push(voice);
      if (closed && idle.remove(voice)) {
        voice.deallocate(); // close() ran while the voice was being given back
      }
    } else {
      voice.deallocate();
    }
  }

  /** Frees the idle voices; a request still reading frees its voice when it ends. */
  @Override
  public void close() {
    closed = true;
    for (KevinVoice voice = idle.poll(); voice != null; voice = idle.poll()) {
      voice.deallocate();
    }
  }
}
