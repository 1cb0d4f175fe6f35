package io.mediawhisperer.audiobook;

import io.mediawhisperer.audiobook.audio.AudioEncoder;
import io.mediawhisperer.audiobook.audio.AudioFormat;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.WavFiles;
import io.mediawhisperer.spi.speech.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Reads one chapter aloud: each paragraph through the voice's engine, joined with pauses into one
 * WAV, encoded in the book's format and stored in the blob store under the attempt's key.
 * Blocking; the chapter's time limit bounds synthesis and encoding together.
 */
final class ChapterReader {

  /** A pause after the chapter's title, and between paragraphs, as a narrator leaves them. */
  static final double TITLE_PAUSE_SECONDS = 0.9;
  static final double PARAGRAPH_PAUSE_SECONDS = 0.45;

  private final Voices voices;
  private final AudioEncoder encoder;
  private final BlobStore store;
  private final Duration timeout;

  ChapterReader(Voices voices, AudioEncoder encoder, BlobStore store, Duration timeout) {
    this.voices = voices;
    this.encoder = encoder;
    this.store = store;
    this.timeout = timeout;
  }

  record Request(List<String> paragraphs, String voice, double speed, AudioFormat format, String key) {
  }

  record Audio(long durationMs, long bytes) {
  }

  Audio read(Request request, BooleanSupplier cancelled) throws Exception {
    SpeechSynthesizer engine = voices.engineOf(request.voice());
    Instant deadline = Instant.now().plus(timeout);
    Path dir = Files.createTempDirectory("mw-chapter-");
    try {
      Path wav = dir.resolve("chapter.wav");
      Path piece = dir.resolve("piece.wav");
      WavWriter writer = null;
      try {
        for (int i = 0; i < request.paragraphs().size(); i++) {
          String paragraph = request.paragraphs().get(i);
          if (paragraph.isBlank()) {
            continue;
          }
          engine.synthesize(new SpeechRequest(paragraph, request.voice(), request.speed(), deadline, cancelled), piece);
          if (writer == null) {
            writer = WavWriter.create(wav, WavFiles.read(piece).sampleRate());
          }
          writer.append(piece);
          writer.silence(i == 0 ? TITLE_PAUSE_SECONDS : PARAGRAPH_PAUSE_SECONDS);
        }
      } finally {
        if (writer != null) {
          writer.close();
        }
      }
      if (writer == null) {
        throw new SpeechException("the chapter has no words to read");
      }
      Path encoded = dir.resolve("chapter." + request.format().chapterExtension());
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new SpeechException("the chapter took longer than " + timeout.toSeconds() + " s (audiobook-chapter-timeout-seconds)");
      }
      long durationMs = encoder.encodeChapter(wav, request.format(), encoded, left, cancelled).durationMs();
      long bytes = store.moveIn(request.key(), encoded);
      return new Audio(durationMs, bytes);
    } finally {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is removed with the JVM's temp files; nothing depends on it
    }
  }
}
