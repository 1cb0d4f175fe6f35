package io.mediawhisperer.audiobook.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mediawhisperer.audiobook.audio.AudioException.Reason;
import io.mediawhisperer.audiobook.audio.Ffmpeg.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The encoder with the real ffmpeg and ffprobe from the org.bytedeco:ffmpeg jar. */
class AudioEncoderTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int RATE = 16_000;
  /** Titles ffmpeg's metadata format must carry through: its special characters, quotes, non-ASCII, a line break. */
  private static final List<String> TITLES = List.of(
      "One = two; three # four \\ five",
      "Chapter \"2\": l'été à Zürich — 日本語",
      "The end,\nover two lines");

  private static Ffmpeg ffmpeg;
  private static AudioEncoder encoder;

  @TempDir
  Path dir;

  @BeforeAll
  static void findFfmpeg() throws AudioException {
    ffmpeg = Ffmpeg.bundled(); // fails with the missing library's name where the jar's ffmpeg cannot start
    encoder = new AudioEncoder(ffmpeg);
  }

  @ParameterizedTest
  @EnumSource(AudioFormat.class)
  void encodesAWavIntoAMonoChapterOfTheFormat(AudioFormat format) throws Exception {
    Path wav = TestWavs.write(dir.resolve("chapter.wav"), RATE, TestWavs.tone(RATE, 2.5, 440, 0.5));
    Path out = dir.resolve("chapter." + format.chapterExtension());

    AudioProbe probe = encoder.encodeChapter(wav, format, out, MINUTE, () -> false);

    assertThat(probe.codec()).isEqualTo(format.codec());
    assertThat(probe.sampleRate()).isEqualTo(format.sampleRate());
    assertThat(probe.channels()).isEqualTo(1);
    assertThat(probe.durationSeconds()).isCloseTo(2.5, within(0.1));
    assertThat(encoder.probe(out)).isEqualTo(probe);
    assertThat(encoder.rms(out)).as("a 0.5 sine has an RMS of 0.35").isCloseTo(0.354, within(0.05));
    assertThat(filesIn(dir)).containsExactlyInAnyOrder("chapter.wav", out.getFileName().toString());
  }

  /**
   * Noise, the costliest signal, must cost about the format's bitrate: libopus's free VBR at
   * complexity 5 spends 1.21 times it on noise (and 1.85 times on espeak-ng's speech), its
   * constrained VBR 1.03 times.
   */
  @ParameterizedTest
  @EnumSource(AudioFormat.class)
  void noiseCostsAboutTheFormatsBitrate(AudioFormat format) throws Exception {
    Path wav = TestWavs.write(dir.resolve("noise.wav"), RATE, TestWavs.noise(RATE, 30, 0.3, 3));
    Path out = dir.resolve("noise." + format.chapterExtension());

    AudioProbe probe = encoder.encodeChapter(wav, format, out, MINUTE, () -> false);

    double bitsPerSecond = Files.size(out) * 8 / probe.durationSeconds();
    assertThat(bitsPerSecond / format.bitrate()).as("%s: %.0f bit/s", format, bitsPerSecond).isBetween(0.8, 1.12);
  }

  @ParameterizedTest
  @EnumSource(AudioFormat.class)
  void joinsThreeChaptersIntoABookThatListsThemWithTheirTitlesAndStarts(AudioFormat format) throws Exception {
    List<Path> wavs = List.of(
        TestWavs.write(dir.resolve("1.wav"), RATE, TestWavs.tone(RATE, 3.2, 440, 0.4)),
        TestWavs.write(dir.resolve("2.wav"), 22_050, TestWavs.noise(22_050, 5.0, 0.3, 2)), // another engine's rate
        TestWavs.write(dir.resolve("3.wav"), RATE, TestWavs.tone(RATE, 2.7, 300, 0.4)));
    List<Path> chapters = new ArrayList<>();
    List<Long> durations = new ArrayList<>();
    for (int i = 0; i < wavs.size(); i++) {
      Path chapter = dir.resolve((i + 1) + "." + format.chapterExtension());
      durations.add(encoder.encodeChapter(wavs.get(i), format, chapter, MINUTE, () -> false).durationMs());
      chapters.add(chapter);
    }
    List<ChapterMark> marks = ChapterMark.consecutive(TITLES, durations);
    Path book = dir.resolve("book." + format.extension());

    AudioProbe probe = encoder.assemble(chapters, marks, new BookTags("The Book", "Ann Author", null), format, book,
        MINUTE, () -> false);

    assertThat(encoder.probe(book)).isEqualTo(probe);
    assertThat(probe.codec()).isEqualTo(format.codec());
    assertThat(probe.durationSeconds()).as("the chapters' WAVs last 10.9 s")
        .isCloseTo(10.9, within(0.1 * 3));
    assertThat(probe.durationSeconds()).as("the chapter files' sum")
        .isCloseTo(marks.getLast().endMs() / 1000.0, within(0.1));
    assertThat(probe.chapters()).extracting(AudioProbe.Chapter::title).containsExactlyElementsOf(TITLES);
    for (int i = 0; i < marks.size(); i++) {
      assertThat(probe.chapters().get(i).startSeconds()).isCloseTo(marks.get(i).startMs() / 1000.0, within(0.002));
      assertThat(probe.chapters().get(i).endSeconds()).isCloseTo(marks.get(i).endMs() / 1000.0, within(0.04));
    }
    assertThat(probe.tags()).containsEntry("title", "The Book").containsEntry("artist", "Ann Author")
        .containsEntry("album", "The Book");
    assertThat(encoder.rms(book)).isGreaterThan(0.1);
    assertThat(filesIn(dir)).as("no temporary file stays").allMatch(name -> !name.startsWith("."));
  }

  /**
   * Chapters alternate noise and silence: decoding the book, each chapter's span (less 0.15 s at
   * each end) must be loud or silent as its chapter, and the decoded audio lasts as long as the
   * book says. Chapter marks that drift from their audio fail it: AAC chapters joined with their
   * edit lists, or MP3 ones with their Xing headers, run 0.3 s ahead over these six.
   */
  @ParameterizedTest
  @EnumSource(AudioFormat.class)
  void chapterMarksPointAtTheirAudio(AudioFormat format) throws Exception {
    double[] seconds = {1.37, 2.91, 1.003, 2.333, 1.611, 2.5};
    List<Path> chapters = new ArrayList<>();
    List<Long> durations = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      short[] samples = i % 2 == 0 ? TestWavs.noise(RATE, seconds[i], 0.3, i) : TestWavs.silence(RATE, seconds[i]);
      Path wav = TestWavs.write(dir.resolve(i + ".wav"), RATE, samples);
      Path chapter = dir.resolve(i + "." + format.chapterExtension());
      durations.add(encoder.encodeChapter(wav, format, chapter, MINUTE, () -> false).durationMs());
      chapters.add(chapter);
      titles.add("Chapter " + (i + 1));
    }
    List<ChapterMark> marks = ChapterMark.consecutive(titles, durations);
    Path book = dir.resolve("book." + format.extension());
    encoder.assemble(chapters, marks, new BookTags("Alternating", null, null), format, book, MINUTE, () -> false);

    short[] decoded = decode(book, RATE);
    assertThat(decoded.length / (double) RATE).as("the decoded audio's length, in seconds")
        .isCloseTo(marks.getLast().endMs() / 1000.0, within(0.02 * marks.size()));
    for (int i = 0; i < marks.size(); i++) {
      int from = (int) ((marks.get(i).startMs() / 1000.0 + 0.15) * RATE);
      int to = (int) ((marks.get(i).endMs() / 1000.0 - 0.15) * RATE);
      double rms = rms(decoded, from, to);
      if (i % 2 == 0) {
        assertThat(rms).as("chapter %d (noise) from %d ms", i + 1, marks.get(i).startMs()).isGreaterThan(0.05);
      } else {
        assertThat(rms).as("chapter %d (silence) from %d ms", i + 1, marks.get(i).startMs()).isLessThan(0.01);
      }
    }
  }

  @Test
  void silenceHasNoLoudnessInAWavOrAnyFormat() throws Exception {
    Path wav = TestWavs.write(dir.resolve("silence.wav"), RATE, TestWavs.silence(RATE, 2.0));

    assertThat(encoder.rms(wav)).isZero();
    for (AudioFormat format : AudioFormat.values()) {
      Path out = dir.resolve("silence." + format.chapterExtension());
      encoder.encodeChapter(wav, format, out, MINUTE, () -> false);
      assertThat(encoder.rms(out)).as(format.toString()).isLessThan(0.001);
    }
  }

  @Test
  void aCorruptWavFailsWithFfmpegsReasonAndLeavesNoFile() throws Exception {
    Path wav = dir.resolve("broken.wav");
    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    Files.write(wav, garbage);
    Path out = dir.resolve("broken.m4a");

    assertThatThrownBy(() -> encoder.encodeChapter(wav, AudioFormat.M4B, out, MINUTE, () -> false))
        .isInstanceOfSatisfying(AudioException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED))
        .hasMessageStartingWith("ffmpeg could not encode broken.wav as M4B: ")
        .hasMessageContaining("Invalid data found when processing input")
        .hasMessageContaining("exit code");
    assertThat(filesIn(dir)).containsExactly("broken.wav");
  }

  @Test
  void aWavWithNoSamplesFailsSayingSo() throws Exception {
    Path wav = TestWavs.write(dir.resolve("empty.wav"), RATE, new short[0]);
    Path out = dir.resolve("empty.mp3");

    assertThatThrownBy(() -> encoder.encodeChapter(wav, AudioFormat.MP3, out, MINUTE, () -> false))
        .isInstanceOfSatisfying(AudioException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED))
        .hasMessage("ffmpeg did not encode empty.wav as MP3: what it wrote holds no audio (is the input empty?)");
    assertThat(filesIn(dir)).containsExactly("empty.wav");
  }

  @Test
  void theTimeLimitKillsTheProcess() throws Exception {
    Path wav = TestWavs.write(dir.resolve("long.wav"), RATE, TestWavs.noise(RATE, 600, 0.3, 1));
    Path out = dir.resolve("long.m4a");
    long start = System.nanoTime();

    assertThatThrownBy(() -> encoder.encodeChapter(wav, AudioFormat.M4B, out, Duration.ofMillis(300), () -> false))
        .isInstanceOfSatisfying(AudioException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT))
        .hasMessageContaining("time limit of 300 ms");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(ffmpegChildren()).isZero();
    assertThat(filesIn(dir)).containsExactly("long.wav");
  }

  @Test
  void theCancelCheckStopsTheProcess() throws Exception {
    Path wav = TestWavs.write(dir.resolve("long.wav"), RATE, TestWavs.noise(RATE, 600, 0.3, 1));
    Path out = dir.resolve("long.opus");
    long start = System.nanoTime();

    assertThatThrownBy(() -> encoder.encodeChapter(wav, AudioFormat.OPUS, out, MINUTE,
        () -> System.nanoTime() - start > 300_000_000L))
        .isInstanceOfSatisfying(AudioException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CANCELLED))
        .hasMessageContaining("cancelled");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(ffmpegChildren()).isZero();
    assertThat(filesIn(dir)).containsExactly("long.wav");
  }

  @Test
  void aBookNeedsItsChaptersInOrder() throws Exception {
    Path chapter = dir.resolve("1.mp3");
    encoder.encodeChapter(TestWavs.write(dir.resolve("1.wav"), RATE, TestWavs.tone(RATE, 1, 440, 0.3)),
        AudioFormat.MP3, chapter, MINUTE, () -> false);
    List<ChapterMark> overlapping = List.of(new ChapterMark("a", 0, 600), new ChapterMark("b", 500, 1000));

    assertThatThrownBy(() -> encoder.assemble(List.of(chapter), overlapping, new BookTags("t", null, null),
        AudioFormat.MP3, dir.resolve("book.mp3"), MINUTE, () -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chapter 2 starts at 500 ms, before chapter 1 ends at 600 ms");
  }

  @Test
  void probingAFileWithoutAudioFails() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not audio at all\n");

    assertThatThrownBy(() -> encoder.probe(text))
        .isInstanceOfSatisfying(AudioException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED))
        .hasMessageStartingWith("ffprobe could not read notes.txt: ");
    assertThatThrownBy(() -> encoder.probe(dir.resolve("absent.m4b")))
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("absent.m4b is not a file");
  }

  @Test
  void ffmpegThatIsNotThereIsUnavailable() {
    Path missing = dir.resolve("bin/ffmpeg");

    assertThatThrownBy(() -> Ffmpeg.of(missing, missing))
        .isInstanceOfSatisfying(AudioException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
        .hasMessage("ffmpeg is not an executable file at " + missing);
  }

  @Test
  void anFfmpegMissingALibraryIsUnavailableNamingItAndWhatToInstall() throws Exception {
    // the jar's executables without the libraries beside them: the dynamic loader refuses to start them
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path lonely = Files.copy(ffmpeg.executable(Tool.FFMPEG), bin.resolve("ffmpeg"));
    Path lonelyProbe = Files.copy(ffmpeg.executable(Tool.FFPROBE), bin.resolve("ffprobe"));

    assertThatThrownBy(() -> Ffmpeg.of(lonely, lonelyProbe))
        .isInstanceOfSatisfying(AudioException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
        .hasMessageStartingWith("ffmpeg could not start: ")
        .hasMessageContaining("error while loading shared libraries: lib")
        .hasMessageContaining("cannot open shared object file")
        .hasMessageEndingWith("(on Debian or Ubuntu: apt-get install libpulse0 libasound2 libxcb1 libxcb-shm0)");
  }

  @Test
  void theBundledToolsAreFoundOnceAndRun() throws Exception {
    assertThat(Ffmpeg.bundled()).isSameAs(ffmpeg);
    for (Tool tool : Tool.values()) {
      String version = ffmpeg.run(tool, List.of("-version"), "print its version", MINUTE, () -> false,
          in -> new String(in.readAllBytes()));
      assertThat(version).startsWith(tool.command() + " version");
    }
  }

  /** The book's audio as 16-bit mono samples at {@code rate}. */
  private static short[] decode(Path file, int rate) throws AudioException {
    List<String> args = List.of("-i", Ffmpeg.file(file), "-ac", "1", "-ar", String.valueOf(rate),
        "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1");
    return ffmpeg.run(Tool.FFMPEG, args, "decode " + file.getFileName(), MINUTE, () -> false, AudioEncoderTest::samples);
  }

  private static short[] samples(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    short[] samples = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    return samples;
  }

  private static double rms(short[] samples, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return Math.sqrt(sum / (to - from)) / 32768.0;
  }

  private static long ffmpegChildren() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().command().orElse("").endsWith("/ffmpeg"))
        .count();
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
