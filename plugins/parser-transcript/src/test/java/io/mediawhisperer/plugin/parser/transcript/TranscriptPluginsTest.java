package io.mediawhisperer.plugin.parser.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.parser.SourceParser;
import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three parsers as the ingestion verticle sees them: loaded by name, chosen by content. */
class TranscriptPluginsTest {

  private final NamedPlugins<SourceParser> parsers = NamedPlugins.load(SourceParser.class, getClass().getClassLoader());

  @Test
  void allThreeAreRegisteredAsServices() {
    assertThat(parsers.names()).containsExactlyInAnyOrder("webvtt", "srt", "transcript-json");
    assertThat(parsers.names()).allSatisfy(name -> assertThat(parsers.get(name).kind()).isEqualTo("transcript"));
  }

  @Test
  void eachCorpusTranscriptGoesToTheRightParser() throws IOException {
    Map<String, String> expected = Map.of(
        "podcast-no-blank-lines.vtt", "webvtt",
        "youtube-auto-caption.vtt", "webvtt",
        "arabic-word-level.srt", "srt",
        "cp1252.srt", "srt",
        "utf16le.srt", "srt");
    for (Map.Entry<String, String> file : expected.entrySet()) {
      byte[] head = head(Corpus.file("transcripts/" + file.getKey()));
      SourceParser chosen = parsers.names().stream().map(parsers::get)
          .max(Comparator.comparingInt(parser -> parser.confidence(head))).orElseThrow();
      assertThat(chosen.name()).as(file.getKey()).isEqualTo(file.getValue());
    }
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(SourceParser.HEAD_BYTES);
    }
  }
}
