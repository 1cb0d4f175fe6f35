package io.mediawhisperer.spi.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mediawhisperer.spi.PluginSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every speech synthesizer must do, in-process engine or program. A plugin's test extends
 * this class and says how to make its provider (and, when it needs any, its settings):
 *
 * <pre>{@code
 * class EspeakNgContractTest extends SpeechSynthesizerContract {
 *   protected SpeechSynthesizerProvider provider() { return new EspeakNgProvider(); }
 * }
 * }</pre>
 *
 * <p>The engine is opened once, lazily, and closed after the last test. An engine that cannot run
 * here (its program is not installed) fails every test with the message its {@code open} gives:
 * a skipped test looks green while proving nothing. The texts are English; {@link #voiceId()}
 * picks the engine's first US English voice unless a subclass says otherwise. Every wait is
 * bounded, so an engine that hangs fails instead of stalling the build. The kit needs JUnit 5 and
 * AssertJ on the test classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SpeechSynthesizerContract {

  /** Below this root mean square (of full scale) a file counts as silence; speech is around 0.05 to 0.3. */
  protected static final double MIN_RMS = 0.01;

  protected static final String SENTENCE = "The quick brown fox jumps over the lazy dog beside the quiet river bank.";
  protected static final String EIGHT_WORDS = "Audiobooks let people listen while they travel.";
  protected static final String FORTY_WORDS = "Audiobooks let people listen while they travel, cook or walk the dog. "
      + "A good narrator reads at a steady pace, pauses at the end of every sentence, and makes long chapters easy to "
      + "follow. Our server turns any document into such a book, one chapter at a time.";

  private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  /** The voice part of an id: safe as a file name and as a program argument (never starts with a dash). */
  private static final Pattern VOICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  /** A BCP 47 tag in its canonical case: language, script, region, variants, private use. */
  private static final Pattern BCP_47 = Pattern.compile(
      "[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(-x(-[a-z0-9]{1,8})+)?");
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Duration QUICKLY = Duration.ofSeconds(5);

  private SpeechSynthesizer engine;
  private Path dir;

  protected abstract SpeechSynthesizerProvider provider();

  /** The settings the engine is opened with ({@code speech-} keys without the prefix); none by default. */
  protected PluginSettings settings() {
    return PluginSettings.empty();
  }

  /** The voice the English test texts are read with: the first {@code en-US} voice, else the first English one. */
  protected String voiceId() {
    List<Voice> voices = engine().voices();
    return voices.stream().filter(v -> v.language().equals("en-US")).findFirst()
        .or(() -> voices.stream().filter(v -> v.language().startsWith("en")).findFirst())
        .orElse(voices.get(0)).id();
  }

  protected final synchronized SpeechSynthesizer engine() {
    if (engine == null) {
      try {
        engine = provider().open(settings());
      } catch (SpeechException e) {
        throw new AssertionError("the " + provider().name() + " speech engine cannot be opened here: " + e.getMessage(), e);
      }
    }
    return engine;
  }

  /** A fresh directory for one test's files. */
  protected final synchronized Path newDirectory() throws Exception {
    if (dir == null) {
      dir = Files.createTempDirectory("speech-contract-");
    }
    return Files.createTempDirectory(dir, "t");
  }

  @AfterAll
  final void closeEngine() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One synthesis and the file it wrote. */
  protected record Spoken(Path wav, SpeechResult result) {
  }

  protected final Spoken speak(String text, double speed) throws Exception {
    Path out = newDirectory().resolve("out.wav");
    SpeechRequest request = new SpeechRequest(text, voiceId(), speed, Instant.now().plus(BOUND), () -> false);
    SpeechResult result = assertTimeoutPreemptively(BOUND, () -> engine().synthesize(request, out),
        "synthesis took longer than " + BOUND);
    return new Spoken(out, result);
  }

  @Test
  void theEngineIsAvailableAndNamedAsItsProvider() {
    assertThat(provider().name()).matches(VALID_NAME);
    String engineName = engine().engine(); // first: when the engine cannot run here, its own message says why
    assertThat(provider().available()).as("%s says it is not available, yet it opened", provider().name()).isTrue();
    assertThat(engineName).isEqualTo(provider().name());
  }

  @Test
  void voicesHaveUniqueIdsOfTheEngineAndBcp47Languages() {
    List<Voice> voices = engine().voices();
    assertThat(voices).isNotEmpty();
    Set<String> ids = new HashSet<>();
    for (Voice voice : voices) {
      assertThat(ids.add(voice.id())).as("voice id %s is listed twice", voice.id()).isTrue();
      assertThat(voice.engine()).isEqualTo(engine().engine());
      assertThat(voice.id()).startsWith(engine().engine() + ":");
      assertThat(voice.voiceName()).as("the voice part of %s", voice.id()).matches(VOICE_NAME);
      assertThat(voice.language()).as("the language of %s", voice.id()).matches(BCP_47);
      assertThat(voice.name()).as("the name of %s", voice.id()).isNotBlank();
    }
  }

  @Test
  void aSentenceBecomesAudibleMonoSixteenBitSpeechThatTheResultDescribes() throws Exception {
    Path out = newDirectory().resolve("sentence.wav");
    Files.writeString(out, "an older file the engine must replace, longer than a WAV header, so that leftovers would show");
    SpeechRequest request = new SpeechRequest(SENTENCE, voiceId(), 1.0, Instant.now().plus(BOUND), () -> false);
    SpeechResult result = assertTimeoutPreemptively(BOUND, () -> engine().synthesize(request, out));

    WavInfo info = WavFiles.read(out);
    assertThat(info.channels()).isEqualTo(1);
    assertThat(info.bitsPerSample()).isEqualTo(16);
    assertThat(info.sampleRate()).isBetween(8_000, 48_000);
    assertThat(info.frames()).isPositive();
    assertThat(result).isEqualTo(new SpeechResult(info.sampleRate(), info.frames()));
    assertThat(result.seconds()).as("13 words at a speaking pace").isBetween(1.5, 15.0);
    assertThat(WavFiles.rms(out)).as("loudness (root mean square)").isGreaterThan(MIN_RMS);
  }

  @Test
  void fortyWordsLastClearlyLongerThanEight() throws Exception {
    double eight = speak(EIGHT_WORDS, 1.0).result().seconds();
    double forty = speak(FORTY_WORDS, 1.0).result().seconds();
    assertThat(forty).as("40 words (%.2f s) against 8 (%.2f s)", forty, eight).isGreaterThan(2.5 * eight);
  }

  @Test
  void doubleSpeedIsShorterAndHalfSpeedLonger() throws Exception {
    double normal = speak(FORTY_WORDS, 1.0).result().seconds();
    double fast = speak(FORTY_WORDS, 2.0).result().seconds();
    double slow = speak(FORTY_WORDS, 0.5).result().seconds();
    assertThat(fast).as("speed 2.0 against 1.0 (%.2f s)", normal).isLessThan(0.8 * normal);
    assertThat(slow).as("speed 0.5 against 1.0 (%.2f s)", normal).isGreaterThan(1.25 * normal);
  }

  @Test
  void aVoiceTheEngineDoesNotListIsRefusedBeforeAnythingIsWritten() throws Exception {
    String engineId = engine().engine();
    String known = engine().voices().get(0).voiceName();
    for (String voice : List.of(engineId + ":no-such-voice", "some-other-engine:" + known, known, "",
        engineId + ":../../../etc/passwd", engineId + ":-v", engineId + ":" + known + " --help")) {
      Path out = newDirectory().resolve("refused.wav");
      SpeechRequest request = new SpeechRequest(SENTENCE, voice, 1.0, Instant.now().plus(BOUND), () -> false);
      Throwable thrown = catchThrowable(() -> engine().synthesize(request, out));
      assertThat(thrown).as("voice '%s'", voice).isInstanceOf(IllegalArgumentException.class);
      assertThat(out).as("voice '%s'", voice).doesNotExist();
    }
  }

  @Test
  void blankTextAndSpeedsOutOfRangeAreRefused() {
    for (String blank : List.of("", "   ", "\n\t \r\n")) {
      assertThatThrownBy(() -> new SpeechRequest(blank, voiceId(), 1.0, Instant.now().plus(BOUND), () -> false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }
    for (double speed : new double[] {0.0, 0.49, 2.01, Double.NaN}) {
      assertThatThrownBy(() -> new SpeechRequest(SENTENCE, voiceId(), speed, Instant.now().plus(BOUND), () -> false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speed");
    }
  }

  @Test
  void textThatLooksLikeOptionsOrShellIsSpokenAndObeyedByNobody() throws Exception {
    Path sandbox = newDirectory();
    Path victim = Files.writeString(sandbox.resolve("victim.txt"), "still here");
    Path out = newDirectory().resolve("options.wav");
    String text = "-o " + sandbox.resolve("pwned.wav") + "; rm -rf " + victim + " $(touch " + sandbox.resolve("x")
        + ") `touch " + sandbox.resolve("y") + "` --help -w " + sandbox.resolve("w.wav") + " | tee " + sandbox.resolve("z")
        + " && echo done > " + sandbox.resolve("echo.txt");
    SpeechRequest request = new SpeechRequest(text, voiceId(), 1.0, Instant.now().plus(BOUND), () -> false);
    SpeechResult result = assertTimeoutPreemptively(BOUND, () -> engine().synthesize(request, out));

    try (Stream<Path> files = Files.list(sandbox)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("victim.txt");
    }
    assertThat(victim).hasContent("still here");
    assertThat(result.seconds()).as("the text was read aloud, paths and all").isGreaterThan(3.0);
    assertThat(WavFiles.rms(out)).isGreaterThan(MIN_RMS);
  }

  @Test
  void accentsQuotesAndSymbolsAreReadWithoutFailing() throws Exception {
    Spoken spoken = speak("Café au lait, a naïve résumé — “quoted” text… 42 % of 3.5 km! It costs €12 (or $13).", 1.0);
    assertThat(spoken.result().seconds()).isGreaterThan(1.5);
    assertThat(WavFiles.rms(spoken.wav())).isGreaterThan(MIN_RMS);
  }

  @Test
  void aDeadlineThatHasPassedStopsTheWorkQuickly() throws Exception {
    Path out = newDirectory().resolve("late.wav");
    SpeechRequest request = new SpeechRequest(longText(), voiceId(), 1.0, Instant.now().minusSeconds(1), () -> false);
    expectStopped(request, out, System.nanoTime());
  }

  @Test
  void aCancelledRequestStopsTheWorkQuickly() throws Exception {
    Path out = newDirectory().resolve("cancelled.wav");
    SpeechRequest request = new SpeechRequest(longText(), voiceId(), 1.0, Instant.now().plus(BOUND), () -> true);
    expectStopped(request, out, System.nanoTime());
  }

  @Test
  void cancellingWhileTheEngineReadsStopsItQuickly() throws Exception {
    Path out = newDirectory().resolve("cancelled-midway.wav");
    AtomicLong firstAsked = new AtomicLong();
    long cancelAfter = TimeUnit.MILLISECONDS.toNanos(150);
    BooleanSupplier cancelled = () -> {
      long now = System.nanoTime();
      firstAsked.compareAndSet(0, now);
      return now - firstAsked.get() >= cancelAfter;
    };
    SpeechRequest request = new SpeechRequest(longText(), voiceId(), 1.0, Instant.now().plus(BOUND), cancelled);
    long started = System.nanoTime();
    expectStopped(request, out, started + cancelAfter);
    assertThat(firstAsked.get()).as("the engine asked whether it was cancelled").isPositive();
  }

  @Test
  void twoThreadsReadingAtOnceBothGetTheirOwnSpeech() throws Exception {
    List<String> texts = List.of(FORTY_WORDS, SENTENCE);
    List<Long> alone = new ArrayList<>();
    for (String text : texts) {
      alone.add(speak(text, 1.0).result().samples());
    }
    ExecutorService pool = Executors.newFixedThreadPool(texts.size());
    try {
      for (int round = 0; round < 2; round++) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Spoken>> running = new ArrayList<>();
        for (String text : texts) {
          running.add(pool.submit(() -> {
            start.await();
            return speak(text, 1.0);
          }));
        }
        start.countDown();
        for (int i = 0; i < texts.size(); i++) {
          Spoken spoken = running.get(i).get(BOUND.toSeconds(), TimeUnit.SECONDS);
          assertThat(spoken.result()).isEqualTo(WavFiles.resultOf(spoken.wav()));
          assertThat((double) spoken.result().samples()).as("text %d read beside another, against alone", i)
              .isCloseTo(alone.get(i), within(alone.get(i) * 0.02));
          assertThat(WavFiles.rms(spoken.wav())).isGreaterThan(MIN_RMS);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Close to the longest text a request may hold: minutes of audio, so that stopping early shows. */
  private static String longText() {
    StringBuilder text = new StringBuilder();
    while (text.length() + FORTY_WORDS.length() + 1 < SpeechRequest.MAX_TEXT_CHARS) {
      text.append(FORTY_WORDS).append(' ');
    }
    return text.toString();
  }

  /** The request ends in a {@link SpeechException} within {@link #QUICKLY} of {@code from} (a nanoTime). */
  private void expectStopped(SpeechRequest request, Path out, long from) {
    Throwable thrown = assertTimeoutPreemptively(BOUND, () -> catchThrowable(() -> engine().synthesize(request, out)));
    double late = (System.nanoTime() - from) / 1e9;
    assertThat(thrown).as("the engine stopped with a SpeechException").isInstanceOf(SpeechException.class);
    assertThat(thrown.getMessage()).isNotBlank();
    assertThat(late).as("seconds the engine went on after it should have stopped").isLessThan(QUICKLY.toSeconds());
  }
}
