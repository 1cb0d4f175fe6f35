package io.mediawhisperer.spi.speech;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Measures an engine's real-time factor on real text: the seconds of audio it makes per second of
 * wall time, on one thread, paragraph by paragraph as the server asks for it. Prints the
 * measurement; a measurement, not a test of speed (the machine is shared).
 */
public final class SpeechBenchmark {

  /** What one run gave. */
  public record Measurement(String engine, String voiceId, int words, int requests, double audioSeconds,
      double wallSeconds) {

    /** Audio seconds per wall second: 10 means ten times faster than real time. */
    public double realTimeFactor() {
      return audioSeconds / wallSeconds;
    }

    /** Words per minute of the audio. */
    public double wordsPerMinute() {
      return words / (audioSeconds / 60);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s voice %s: %d words in %d requests -> %.1f s of audio in %.2f s, "
              + "real-time factor %.1f (%.0f words per audio minute, %d cores)", engine, voiceId, words, requests,
          audioSeconds, wallSeconds, realTimeFactor(), wordsPerMinute(), Runtime.getRuntime().availableProcessors());
    }
  }

  private SpeechBenchmark() {
  }

  /** Reads {@code paragraphs} aloud one after the other with {@code voiceId} at speed 1, files in {@code dir}. */
  public static Measurement measure(SpeechSynthesizer engine, String voiceId, List<String> paragraphs, Path dir)
      throws Exception {
    double audio = 0;
    int words = 0;
    long started = System.nanoTime();
    for (int i = 0; i < paragraphs.size(); i++) {
      Path out = dir.resolve("bench-" + i + ".wav");
      SpeechRequest request = new SpeechRequest(paragraphs.get(i), voiceId, 1.0, Instant.now().plusSeconds(600), () -> false);
      audio += engine.synthesize(request, out).seconds();
      words += SpeechTexts.wordCount(paragraphs.get(i));
      Files.delete(out);
    }
    double wall = (System.nanoTime() - started) / 1e9;
    Measurement measurement = new Measurement(engine.engine(), voiceId, words, paragraphs.size(), audio, wall);
    System.out.println("[speech benchmark] " + measurement);
    return measurement;
  }
}
