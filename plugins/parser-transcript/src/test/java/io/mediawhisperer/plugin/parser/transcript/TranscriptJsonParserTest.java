package io.mediawhisperer.plugin.parser.transcript;

import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.failure;
import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Segment;
import io.mediawhisperer.spi.parser.SourceParser;
import io.mediawhisperer.spi.parser.SourceParserContract;
import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptJsonParserTest extends SourceParserContract {

  private static final String FULL = """
      {
        "videoId": "dQw4w9WgXcQ",
        "title": "  Never Gonna Give You Up  ",
        "channelName": "Rick Astley",
        "durationSeconds": 213,
        "language": "en",
        "segments": [
          {"start": 18.8, "duration": 3.2, "text": "We're no strangers\\nto love"},
          {"start": 22.0, "duration": 4.0, "text": "You know the rules and so do I"},
          {"start": 26.0, "duration": 0.5, "text": "   "}
        ]
      }
      """;
  private static final String ALIASES = """
      {"channel": "Someone", "duration": 99.5, "segments": [
        {"start": 5, "end": 7.25, "text": "second"},
        {"start": 1, "duration": 2, "text": "first"}
      ]}
      """;

  @TempDir
  static Path samples;
  private static Path full;
  private static Path aliases;
  private static Path negativeStart;
  private static Path textualTime;

  @TempDir
  Path dir;

  private final TranscriptJsonParser parser = new TranscriptJsonParser();

  @BeforeAll
  static void writeSamples() throws IOException {
    full = Files.writeString(samples.resolve("full.json"), FULL);
    aliases = Files.writeString(samples.resolve("aliases.json"), ALIASES);
    negativeStart = Files.writeString(samples.resolve("negative.json"),
        "{\"segments\": [{\"start\": -1, \"duration\": 2, \"text\": \"x\"}]}");
    textualTime = Files.writeString(samples.resolve("textual.json"),
        "{\"segments\": [{\"start\": \"1.5\", \"duration\": 2, \"text\": \"x\"}]}");
  }

  @Override
  protected SourceParser parser() {
    return parser;
  }

  @Override
  protected List<Path> validSamples() {
    return List.of(full, aliases);
  }

  @Override
  protected List<Path> invalidSamples() {
    return List.of(negativeStart, textualTime, Corpus.file("chat/chatgpt-tree.json"),
        Corpus.file("transcripts/podcast-no-blank-lines.vtt"));
  }

  @Test
  void fieldsBecomeTitleMetadataAndTimedSegments() throws Exception {
    ParsedSource parsed = parse(full);

    assertThat(parsed.title()).isEqualTo("Never Gonna Give You Up");
    assertThat(parsed.metadata())
        .containsEntry("videoId", "dQw4w9WgXcQ")
        .containsEntry("channelName", "Rick Astley")
        .containsEntry("durationSeconds", 213.0)
        .containsEntry("language", "en")
        .containsEntry("encoding", "UTF-8");
    assertThat(parsed.segments()).containsExactly(
        new Segment(18.8, 18.8 + 3.2, "We're no strangers to love"),
        new Segment(22.0, 26.0, "You know the rules and so do I"));
  }

  @Test
  void aliasesEndTimesAndOrderAreHandled() throws Exception {
    ParsedSource parsed = parse(aliases);

    assertThat(parsed.title()).isNull();
    assertThat(parsed.metadata()).containsEntry("channelName", "Someone").containsEntry("durationSeconds", 99.5);
    assertThat(parsed.segments()).containsExactly(new Segment(1, 3, "first"), new Segment(5, 7.25, "second"));
  }

  @Test
  void durationDefaultsToTheLastEnd() throws Exception {
    Path file = write("nodur.json", "{\"segments\": [{\"start\": 0, \"duration\": 1.5, \"text\": \"a\"},"
        + " {\"start\": 1.5, \"duration\": 2, \"text\": \"b\"}]}");

    assertThat(parse(file).metadata()).containsEntry("durationSeconds", 3.5).doesNotContainKey("videoId");
  }

  @Test
  void negativeOrNonNumericTimesAreCorrupt() {
    ParseException negative = failure(() -> parse(negativeStart));
    ParseException textual = failure(() -> parse(textualTime));

    assertThat(negative.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(negative.getMessage()).contains("segments[0].start is -1");
    assertThat(textual.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(textual.getMessage()).contains("segments[0].start must be a number of seconds, not string");
  }

  @Test
  void malformedShapesAreCorruptWithTheReason() throws IOException {
    assertThat(failure(() -> parse(write("a.json", "[1, 2]"))).getMessage()).contains("one JSON object");
    assertThat(failure(() -> parse(write("b.json", "{\"title\": \"x\"}"))).getMessage()).contains("no \"segments\" array");
    assertThat(failure(() -> parse(write("c.json", "{\"segments\": [}"))).getMessage())
        .contains("not valid JSON (line 1, column");
    assertThat(failure(() -> parse(write("d.json", "{\"segments\": []} {\"segments\": []}"))).code())
        .as("a second document after the first").isEqualTo(ParseException.CORRUPT);
    assertThat(failure(() -> parse(write("e.json", "{\"segments\": [{\"start\": 1, \"text\": \"x\"}]}")))
        .getMessage()).contains("neither \"duration\" nor \"end\"");
    assertThat(failure(() -> parse(write("f.json", "{\"segments\": [{\"start\": 1, \"duration\": 1, \"text\": {}}]}")))
        .getMessage()).contains("segments[0].text must be text");
    assertThat(failure(() -> parse(write("g.json", "{\"segments\": [{\"start\": 1, \"duration\": 1, \"text\": \" \"}]}")))
        .code()).isEqualTo(ParseException.EMPTY);
  }

  @Test
  void confidenceNeedsATopLevelSegmentsKeyEvenInACutOrEncodedHead() throws IOException {
    byte[] head = FULL.getBytes(StandardCharsets.UTF_8);

    assertThat(parser.confidence(head)).isEqualTo(90);
    assertThat(parser.confidence(Arrays.copyOf(head, FULL.indexOf("\"segments\"") + 12))).as("cut after the key").isEqualTo(90);
    assertThat(parser.confidence(Arrays.copyOf(head, FULL.indexOf("\"segments\"") - 5))).as("cut before the key").isZero();
    assertThat(parser.confidence(("\uFEFF" + FULL).getBytes(StandardCharsets.UTF_16BE))).as("UTF-16BE").isEqualTo(90);
    assertThat(parser.confidence("{\"data\": {\"segments\": []}}".getBytes(StandardCharsets.UTF_8))).as("nested").isZero();
    assertThat(parser.confidence("[{\"segments\": []}]".getBytes(StandardCharsets.UTF_8))).as("array").isZero();
    assertThat(parser.confidence(Files.readAllBytes(Corpus.file("chat/chatgpt-export.json")))).isZero();
  }

  @Test
  void utf16JsonIsDecoded() throws Exception {
    Path file = dir.resolve("utf16.json");
    Files.write(file, ("\uFEFF" + FULL).getBytes(StandardCharsets.UTF_16LE));

    ParsedSource parsed = parse(file);

    assertThat(parsed.metadata()).containsEntry("encoding", "UTF-16LE");
    assertThat(texts(parsed)).hasSize(2);
  }

  private ParsedSource parse(Path file) throws ParseException {
    return parser.parse(file, ParseLimits.defaults());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
