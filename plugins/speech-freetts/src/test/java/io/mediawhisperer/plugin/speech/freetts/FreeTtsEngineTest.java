package io.mediawhisperer.plugin.speech.freetts;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechBenchmark;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechResult;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;
import io.mediawhisperer.spi.speech.SpeechTexts;
import io.mediawhisperer.spi.speech.WavFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FreeTTS on a real podcast transcript, the samples against those FreeTTS's own file writer
 * makes, its registration, and its independence from FreeTTS's system properties.
 */
class FreeTtsEngineTest {

  @TempDir
  Path dir;

  @Test
  void aPodcastTranscriptIsReadAtASpeakingPaceAndItsRealTimeFactorPrinted() throws Exception {
    String transcript = SpeechTexts.transcript();
    List<String> paragraphs = SpeechTexts.paragraphs(transcript, 600);
    try (SpeechSynthesizer engine = new FreeTtsProvider().open(PluginSettings.empty())) {
      Path first = dir.resolve("first.wav");
      engine.synthesize(new SpeechRequest(paragraphs.get(0), FreeTtsSynthesizer.VOICE_ID, 1.0,
          Instant.now().plusSeconds(120), () -> false), first);
      assertThat(WavFiles.rms(first)).isGreaterThan(0.01);

      SpeechBenchmark.Measurement measured = SpeechBenchmark.measure(engine, FreeTtsSynthesizer.VOICE_ID, paragraphs, dir);
      assertThat(measured.words()).isGreaterThan(850);
      assertThat(measured.wordsPerMinute()).as("a speaking pace").isBetween(100.0, 260.0);
    }
  }

  @Test
  void theSamplesAreThoseFreeTtsWritesToAFileItself() throws Exception {
    String text = "The quick brown fox jumps over the lazy dog beside the quiet river bank.";
    com.sun.speech.freetts.Voice reference = java.util.Arrays.stream(
            new com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory().getVoices())
        .filter(v -> v.getName().equals("kevin16")).findFirst().orElseThrow();
    String base = dir.resolve("reference").toString();
    var player = new com.sun.speech.freetts.audio.SingleFileAudioPlayer(base, javax.sound.sampled.AudioFileFormat.Type.WAVE);
    reference.setAudioPlayer(player);
    reference.allocate();
    try {
      assertThat(reference.speak(text)).isTrue();
    } finally {
      player.close();
      reference.deallocate();
    }
    Path theirs = Path.of(base + ".wav");

    Path ours = dir.resolve("ours.wav");
    try (SpeechSynthesizer engine = new FreeTtsProvider().open(PluginSettings.empty())) {
      engine.synthesize(new SpeechRequest(text, FreeTtsSynthesizer.VOICE_ID, 1.0, Instant.now().plusSeconds(60), () -> false), ours);
    }
    // FreeTTS's writer pads the last utterance with zeros up to the size the voice announced; the rest is identical
    var theirInfo = WavFiles.read(theirs);
    var ourInfo = WavFiles.read(ours);
    assertThat(ourInfo.sampleRate()).isEqualTo(theirInfo.sampleRate());
    assertThat(ourInfo.frames()).isGreaterThan(16_000).isLessThanOrEqualTo(theirInfo.frames());
    byte[] theirBytes = java.nio.file.Files.readAllBytes(theirs);
    byte[] ourBytes = java.nio.file.Files.readAllBytes(ours);
    int ourStart = (int) ourInfo.dataOffset();
    int theirStart = (int) theirInfo.dataOffset();
    int length = (int) ourInfo.dataLength();
    assertThat(java.util.Arrays.copyOfRange(ourBytes, ourStart, ourStart + length)).as("little-endian samples, byte for byte")
        .isEqualTo(java.util.Arrays.copyOfRange(theirBytes, theirStart, theirStart + length));
    assertThat(java.util.Arrays.copyOfRange(theirBytes, theirStart + length, theirStart + (int) theirInfo.dataLength()))
        .as("their padding").containsOnly(0);
  }

  @Test
  void theVoicesPropertyOfFreeTtsChangesNothing() throws Exception {
    String before = System.getProperty("freetts.voices");
    System.setProperty("freetts.voices", "com.example.NoSuchVoiceDirectory");
    try (SpeechSynthesizer engine = new FreeTtsProvider().open(PluginSettings.empty())) {
      Path out = dir.resolve("property.wav");
      SpeechResult result = engine.synthesize(new SpeechRequest("Hello there, listener.", FreeTtsSynthesizer.VOICE_ID, 1.0,
          Instant.now().plusSeconds(60), () -> false), out);
      assertThat(result.sampleRate()).isEqualTo(16_000);
      assertThat(result.seconds()).isGreaterThan(0.5);
    } finally {
      if (before == null) {
        System.clearProperty("freetts.voices");
      } else {
        System.setProperty("freetts.voices", before);
      }
    }
  }

  @Test
  void theProviderIsRegisteredForTheServiceLoader() {
    assertThat(ServiceLoader.load(SpeechSynthesizerProvider.class).stream().map(p -> p.get().name()))
        .containsExactly("freetts");
  }
}
