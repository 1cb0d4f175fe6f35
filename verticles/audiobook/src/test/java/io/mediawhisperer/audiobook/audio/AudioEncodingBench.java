package io.mediawhisperer.audiobook.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prints how fast each format encodes a 10-minute mono 16 kHz WAV (as a multiple of real time),
 * how fast ten one-minute chapters encode, and how long joining them into a book takes. Not a
 * test (no timing is asserted): run its {@code main} with the module's test class path. With an
 * argument, the WAV is that file (say, real speech) instead of a synthetic one: a tone whose
 * loudness and pitch move like syllables, over noise.
 */
public final class AudioEncodingBench {

  private static final int RATE = 16_000;
  private static final int SECONDS = 600;
  private static final int CHAPTERS = 10;

  private AudioEncodingBench() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("audio-bench");
    try {
      long t0 = System.nanoTime();
      AudioEncoder encoder = new AudioEncoder(Ffmpeg.bundled());
      System.out.printf(Locale.ROOT, "ffmpeg found and checked in %.2f s%n", (System.nanoTime() - t0) / 1e9);
      short[] samples = args.length > 0 ? readPcm(Path.of(args[0])) : TestWavs.speechLike(RATE, SECONDS);
      double seconds = samples.length / (double) RATE;
      Path wav = TestWavs.write(dir.resolve("book.wav"), RATE, samples);
      List<Path> chapterWavs = new ArrayList<>();
      int perChapter = samples.length / CHAPTERS;
      for (int i = 0; i < CHAPTERS; i++) {
        short[] part = java.util.Arrays.copyOfRange(samples, i * perChapter, i == CHAPTERS - 1 ? samples.length : (i + 1) * perChapter);
        chapterWavs.add(TestWavs.write(dir.resolve("c" + i + ".wav"), RATE, part));
      }
      System.out.printf(Locale.ROOT, "input: %.0f s mono %d Hz (%s), %d chapters%n", seconds, RATE,
          args.length > 0 ? args[0] : "synthetic", CHAPTERS);
      for (AudioFormat format : AudioFormat.values()) {
        Duration limit = Duration.ofMinutes(10);
        long start = System.nanoTime();
        AudioProbe whole = encoder.encodeChapter(wav, format, dir.resolve("whole." + format.chapterExtension()), limit, () -> false);
        double encodeS = (System.nanoTime() - start) / 1e9;

        List<Path> chapters = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        start = System.nanoTime();
        for (int i = 0; i < CHAPTERS; i++) {
          Path chapter = dir.resolve("c" + i + "." + format.chapterExtension());
          durations.add(encoder.encodeChapter(chapterWavs.get(i), format, chapter, limit, () -> false).durationMs());
          chapters.add(chapter);
          titles.add("Chapter " + (i + 1));
        }
        double chaptersS = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        AudioProbe book = encoder.assemble(chapters, ChapterMark.consecutive(titles, durations),
            new BookTags("Bench", "Bench", null), format, dir.resolve("book." + format.extension()), limit, () -> false);
        double assembleS = (System.nanoTime() - start) / 1e9;
        long bookBytes = Files.size(dir.resolve("book." + format.extension()));
        System.out.printf(Locale.ROOT,
            "%-4s encode 10 min in one file: %5.2f s (%4.0fx real time), %,d bytes | 10 chapters: %5.2f s (%4.0fx)"
                + " | assemble: %4.2f s, book %.1f s (%+.3f s vs chapters), %,d bytes (%.0f kbit/s)%n",
            format, encodeS, seconds / encodeS, Files.size(dir.resolve("whole." + format.chapterExtension())),
            chaptersS, seconds / chaptersS, assembleS, book.durationSeconds(),
            book.durationSeconds() - durations.stream().mapToLong(Long::longValue).sum() / 1000.0,
            bookBytes, bookBytes * 8 / book.durationSeconds() / 1000);
        if (System.getenv("BENCH_VERBOSE") != null) {
          System.out.println("  chapters (ms): " + durations + ", book: " + book.durationSeconds() + " s, whole: " + whole.durationSeconds() + " s");
        }
        if (Math.abs(whole.durationSeconds() - seconds) > 0.2) {
          System.out.println("  warning: the whole file lasts " + whole.durationSeconds() + " s");
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The samples of a 16-bit mono WAV at {@link #RATE} (no other is accepted: this is a benchmark). */
  private static short[] readPcm(Path wav) throws IOException {
    byte[] bytes = Files.readAllBytes(wav);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int rate = buffer.getInt(24);
    if (rate != RATE || buffer.getShort(22) != 1 || buffer.getShort(34) != 16) {
      throw new IllegalArgumentException(wav + " is not 16-bit mono at " + RATE + " Hz");
    }
    int offset = 12;
    while (offset + 8 <= bytes.length) {
      int size = buffer.getInt(offset + 4);
      if (buffer.get(offset) == 'd' && buffer.get(offset + 1) == 'a' && buffer.get(offset + 2) == 't' && buffer.get(offset + 3) == 'a') {
        int length = Math.min(size, bytes.length - offset - 8) / 2;
        short[] samples = new short[length];
        buffer.position(offset + 8);
        buffer.asShortBuffer().get(samples);
        return samples;
      }
      offset += 8 + size + (size & 1);
    }
    throw new IllegalArgumentException(wav + " has no data chunk");
  }
}
