package io.mediawhisperer.plugin.speech.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechBenchmark;
import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechResult;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;
import io.mediawhisperer.spi.speech.SpeechTexts;
import io.mediawhisperer.spi.speech.Voice;
import io.mediawhisperer.spi.speech.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * espeak-ng and flite as installed here: a real podcast transcript read by each (its real-time
 * factor printed), espeak-ng's languages, the settings, and the registration.
 */
class SpeechProcessesTest {

  @TempDir
  Path dir;

  private Measured readTranscript(SpeechSynthesizerProvider provider, String voiceId) throws Exception {
    List<String> paragraphs = SpeechTexts.paragraphs(SpeechTexts.transcript(), 600);
    try (SpeechSynthesizer engine = provider.open(PluginSettings.empty())) {
      Path first = dir.resolve(provider.name() + "-first.wav");
      engine.synthesize(new SpeechRequest(paragraphs.get(0), voiceId, 1.0, Instant.now().plusSeconds(120), () -> false), first);
      return new Measured(WavFiles.rms(first), SpeechBenchmark.measure(engine, voiceId, paragraphs, dir));
    }
  }

  private record Measured(double firstRms, SpeechBenchmark.Measurement measurement) {
  }

  @Test
  void espeakNgReadsAPodcastTranscriptAtASpeakingPace() throws Exception {
    Measured measured = readTranscript(new EspeakNgProvider(), "espeak-ng:en-us");
    assertThat(measured.firstRms()).isGreaterThan(0.01);
    assertThat(measured.measurement().words()).isGreaterThan(850);
    assertThat(measured.measurement().wordsPerMinute()).isBetween(100.0, 260.0);
  }

  @Test
  void fliteReadsAPodcastTranscriptAtASpeakingPace() throws Exception {
    Measured measured = readTranscript(new FliteProvider(), "flite:slt");
    assertThat(measured.firstRms()).isGreaterThan(0.01);
    assertThat(measured.measurement().words()).isGreaterThan(850);
    assertThat(measured.measurement().wordsPerMinute()).isBetween(100.0, 260.0);
  }

  @Test
  void espeakNgOffersOverAHundredLanguagesAndReadsGerman() throws Exception {
    try (SpeechSynthesizer engine = new EspeakNgProvider().open(PluginSettings.empty())) {
      List<Voice> voices = engine.voices();
      assertThat(voices).hasSizeGreaterThan(100);
      assertThat(voices.stream().map(Voice::language).distinct().count()).isGreaterThan(100);
      assertThat(voices).extracting(Voice::language).contains("en-US", "en-GB", "de", "fr-FR", "pt-BR", "es-419", "cmn");
      voices.forEach(v -> assertThat(Locale.forLanguageTag(v.language()).toLanguageTag()).isEqualTo(v.language()));
      Voice german = voices.stream().filter(v -> v.id().equals("espeak-ng:de")).findFirst().orElseThrow();
      assertThat(german.language()).isEqualTo("de");

      Path out = dir.resolve("de.wav");
      SpeechResult result = engine.synthesize(new SpeechRequest("Alle Menschen sind frei und gleich an Würde und Rechten"
          + " geboren.", german.id(), 1.0, Instant.now().plusSeconds(60), () -> false), out);
      assertThat(result.seconds()).isGreaterThan(2.0);
      assertThat(WavFiles.rms(out)).isGreaterThan(0.01);
    }
  }

  @Test
  void aConfiguredProgramPathIsUsedAndABadOneNamesTheSetting() throws Exception {
    Path espeak = Programs.onPath("espeak-ng").orElseThrow(() -> new AssertionError("espeak-ng is not installed"));
    try (SpeechSynthesizer engine = new EspeakNgProvider().open(new PluginSettings(Map.of("espeak-ng-path", espeak.toString())))) {
      assertThat(engine.voices()).isNotEmpty();
    }
    assertThatThrownBy(() -> new FliteProvider().open(new PluginSettings(Map.of("flite-path", "/nonexistent/flite"))))
        .isInstanceOf(SpeechException.class)
        .hasMessage("setting 'speech-flite-path' names /nonexistent/flite, which is not an executable file");
  }

  @Test
  void closingAnEngineRemovesItsTemporaryFiles() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    SpeechSynthesizer engine = new FliteProvider().open(PluginSettings.empty());
    engine.synthesize(new SpeechRequest("One short line.", "flite:slt", 1.0, Instant.now().plusSeconds(60), () -> false),
        dir.resolve("short.wav"));
    List<Path> before = scratchDirectories(tmp);
    assertThat(before).isNotEmpty();
    for (Path scratch : before) {
      try (Stream<Path> files = Files.list(scratch)) {
        assertThat(files).as("files left in %s after a request", scratch).isEmpty();
      }
    }
    engine.close();
    assertThat(scratchDirectories(tmp)).hasSizeLessThan(before.size());
    assertThatThrownBy(() -> engine.synthesize(new SpeechRequest("Closed.", "flite:slt", 1.0, Instant.now().plusSeconds(60),
        () -> false), dir.resolve("closed.wav"))).isInstanceOf(IllegalStateException.class);
  }

  private static List<Path> scratchDirectories(Path tmp) throws Exception {
    try (Stream<Path> dirs = Files.list(tmp)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("mw-flite-")).toList();
    }
  }

  @Test
  void bothProvidersAreRegisteredForTheServiceLoader() {
    assertThat(ServiceLoader.load(SpeechSynthesizerProvider.class).stream().map(p -> p.get().name()))
        .containsExactlyInAnyOrder("espeak-ng", "flite");
  }
}
