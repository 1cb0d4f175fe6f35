package io.mediawhisperer.plugin.parser.transcript;

import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.failure;
import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.failureCode;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrtParserTest extends SourceParserContract {

  private static final Path ARABIC = Corpus.file("transcripts/arabic-word-level.srt");
  private static final Path CP1252 = Corpus.file("transcripts/cp1252.srt");
  private static final Path UTF16LE = Corpus.file("transcripts/utf16le.srt");

  private final SrtParser parser = new SrtParser();

  @TempDir
  Path dir;

  @Override
  protected SourceParser parser() {
    return parser;
  }

  @Override
  protected List<Path> validSamples() {
    return List.of(ARABIC, CP1252, UTF16LE);
  }

  @Override
  protected List<Path> invalidSamples() {
    return List.of(Corpus.file("pdf/udhr.pdf"), Corpus.file("chat/librechat-linear.json"));
  }

  @Test
  void wordLevelArabicHasEveryCue() throws Exception {
    ParsedSource arabic = parse(ARABIC);

    assertThat(arabic.segments()).hasSize(1136);
    assertThat(arabic.segments().get(0)).isEqualTo(new Segment(0.0, 0.4, "موقع"));
    assertThat(arabic.segments().get(1)).isEqualTo(new Segment(0.4, 0.72, "القضية"));
    assertThat(arabic.segments()).allSatisfy(segment -> assertThat(segment.text()).doesNotContain("\r"));
    assertThat(arabic.metadata()).containsEntry("encoding", "UTF-8");
  }

  @Test
  void windows1252BytesDecodeWhenTheyAreNotUtf8() throws Exception {
    ParsedSource parsed = parse(CP1252);

    assertThat(parsed.segments()).containsExactly(new Segment(10.0, 15.0, "ÅWESØM"));
    assertThat(parsed.metadata()).containsEntry("encoding", "windows-1252").containsEntry("durationSeconds", 15.0);
  }

  @Test
  void utf16WithAByteOrderMarkKeepsCharactersOutsideTheBasicPlane() throws Exception {
    ParsedSource parsed = parse(UTF16LE);

    assertThat(parsed.segments()).containsExactly(new Segment(10.0, 15.0, "𝄞!"));
    assertThat(parsed.metadata()).containsEntry("encoding", "UTF-16LE");
  }

  @Test
  void missingNumbersAndMissingBlankLinesAreTolerated() throws Exception {
    Path file = write("sloppy.srt", """
        1
        00:00:01,000 --> 00:00:02,000
        <i>first</i> line
        second line
        2
        00:00:02,500 --> 00:00:03,000
        {\\an8}no blank line before me
        00:00:04,000 --> 00:00:05,000 X1:10 X2:20 Y1:5 Y2:9
        no number before me

        and a stray paragraph after a blank line
        4
        00:00:06,000 --> 00:00:07,000
        last
        """);

    ParsedSource parsed = parse(file);

    assertThat(texts(parsed)).containsExactly("first line second line", "no blank line before me",
        "no number before me and a stray paragraph after a blank line", "last");
    assertThat(parsed.segments().get(2).start()).isEqualTo(4.0);
  }

  @Test
  void emptyCuesAreDroppedAndWhitespaceOnlyFilesAreEmpty() throws Exception {
    Path someEmpty = write("gaps.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nsaid\n");
    Path blank = write("blank.srt", "\n \r\n\t\n");
    Path allEmpty = write("silent.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i> </i>\n");

    assertThat(parse(someEmpty).segments()).containsExactly(new Segment(3.0, 4.0, "said"));
    assertThat(failureCode(() -> parse(blank))).isEqualTo(ParseException.EMPTY);
    assertThat(failureCode(() -> parse(allEmpty))).isEqualTo(ParseException.EMPTY);
  }

  @Test
  void textWithoutTimingLinesIsNotSrt() throws IOException {
    Path prose = write("prose.srt", "Just some words\nand more words\n");

    ParseException notSrt = failure(() -> parse(prose));

    assertThat(notSrt.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(notSrt.getMessage()).contains("00:00:01,000 --> 00:00:04,000");
  }

  @Test
  void confidenceRecognisesSrtInAnyEncodingAndNothingElse() throws IOException {
    for (Path srt : validSamples()) {
      assertThat(parser.confidence(Files.readAllBytes(srt))).as(srt.toString()).isEqualTo(90);
    }
    assertThat(parser.confidence("00:00:01,000 --> 00:00:02,000\nhi\n".getBytes(StandardCharsets.UTF_8)))
        .as("no cue number").isEqualTo(80);
    assertThat(parser.confidence(Files.readAllBytes(Corpus.file("transcripts/podcast-no-blank-lines.vtt")))).isZero();
    assertThat(parser.confidence(Files.readAllBytes(Corpus.file("qa/index.rst.txt")))).isZero();
  }

  @Test
  void textBeyondTheLimitIsTooLarge() throws IOException {
    ParseLimits tight = new ParseLimits(10, Duration.ofMinutes(1), 0, 0, 1_000);
    Path longCue = write("long.srt", "1\n00:00:01,000 --> 00:00:02,000\n" + "word ".repeat(300) + "\n");

    assertThat(failureCode(() -> parser.parse(ARABIC, tight))).as("refused by size").isEqualTo(ParseException.TOO_LARGE);
    assertThat(failure(() -> parser.parse(longCue, tight)).getMessage()).contains("1000 characters of text");
  }

  private ParsedSource parse(Path file) throws ParseException {
    return parser.parse(file, ParseLimits.defaults());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
