package io.mediawhisperer.plugin.parser.transcript;

import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.failure;
import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.failureCode;
import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.firstRepeatedRun;
import static io.mediawhisperer.plugin.parser.transcript.TranscriptAssertions.joined;
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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebVttParserTest extends SourceParserContract {

  private static final Path PODCAST = Corpus.file("transcripts/podcast-no-blank-lines.vtt");
  private static final Path YOUTUBE = Corpus.file("transcripts/youtube-auto-caption.vtt");

  private final WebVttParser parser = new WebVttParser();

  @TempDir
  Path dir;

  @Override
  protected SourceParser parser() {
    return parser;
  }

  @Override
  protected List<Path> validSamples() {
    return List.of(PODCAST, YOUTUBE);
  }

  @Override
  protected List<Path> invalidSamples() {
    return List.of(Corpus.file("transcripts/arabic-word-level.srt"), Corpus.file("pdf/udhr.pdf"));
  }

  @Test
  void cuesWithoutBlankLinesBetweenThemAreAllRead() throws Exception {
    ParsedSource podcast = parse(PODCAST);

    assertThat(podcast.segments()).hasSize(111);
    assertThat(podcast.segments().get(0)).isEqualTo(new Segment(0.424, 1.464, "The end of programming"));
    assertThat(podcast.segments().get(1).text()).as("the next cue's number is not text").isEqualTo("as we know it.");
    // cue 109 is written 07:36.954, without hours
    assertThat(podcast.segments().get(108))
        .isEqualTo(new Segment(456.954, 459.574, "have to handwrite all of your own machine instructions."));
    assertThat(podcast.segments()).noneMatch(segment -> segment.text().matches(".*\\s\\d+$"));
    assertThat(podcast.metadata()).containsEntry("encoding", "UTF-8").containsEntry("durationSeconds", 471.824);
  }

  @Test
  void youtubeRollingCaptionsReadAsSpokenOnce() throws Exception {
    ParsedSource youtube = parse(YOUTUBE);
    List<String> texts = texts(youtube);

    assertThat(joined(youtube)).isEqualTo("the man who inspired the character Gordon Gekko Asher edelman recently had an"
        + " interview with CNBC and he talked about who he believed would be the best candidate for our economy"
        + " now this is an interesting endorsement");
    for (int i = 1; i < texts.size(); i++) {
      assertThat(texts.get(i)).as("segment %d repeats segment %d", i, i - 1).isNotEqualTo(texts.get(i - 1));
    }
    assertThat(firstRepeatedRun(joined(youtube), 5)).as("a five-word run said twice in a row").isEqualTo(-1);
    assertThat(youtube.segments().get(0)).isEqualTo(new Segment(0.0, 0.82, "the man who inspired the"));
    assertThat(youtube.segments().get(1)).as("the new line, timed by the cue that spoke it")
        .isEqualTo(new Segment(1.22, 2.71, "character Gordon Gekko Asher"));
    assertThat(youtube.metadata()).containsEntry("language", "en").containsEntry("encoding", "UTF-8");
  }

  @Test
  void theRepeatCheckWouldCatchUncleanedRollingCaptions() throws Exception {
    String naive = String.join(" ", TranscriptResult.oneSegmentPerCue(
        CueReader.read(Files.readAllLines(YOUTUBE), 0, CueReader.Dialect.WEBVTT), true).stream()
        .map(Segment::text).filter(text -> !text.isBlank()).toList());

    assertThat(firstRepeatedRun(naive, 5)).isNotEqualTo(-1);
  }

  @Test
  void markupIsRemovedAndNotesStylesAndRegionsAreNotCues() throws Exception {
    Path file = write("tags.vtt", """
        WEBVTT - a title
        Kind: captions
        Language: de

        STYLE
        ::cue(.loud) { color: red }

        REGION
        id:fred width:40%

        NOTE this is a comment
        that runs on two lines

        intro
        00:01.000 --> 00:02.500 line:0 position:20%
        <v Roger Bingham>We are in <i>New York City</i></v>

        00:03.000 --> 00:04.000
        <c.loud>Fish &amp; chips</c> &lt;3 &#x1F41F;

        00:05.000 --> 00:06.000
        <b> </b>
        """);

    ParsedSource parsed = parse(file);

    assertThat(texts(parsed)).containsExactly("We are in New York City", "Fish & chips <3 🐟");
    assertThat(parsed.segments().get(0).start()).isEqualTo(1.0);
    assertThat(parsed.metadata()).containsEntry("language", "de");
  }

  @Test
  void everyByteOrderMarkIsReadAndRecorded() throws Exception {
    String podcast = Files.readString(PODCAST);
    for (String name : List.of("UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
      Charset charset = Charset.forName(name);
      Path file = dir.resolve(name + ".vtt");
      Files.write(file, ("\uFEFF" + podcast.replace("\n", "\r\n")).getBytes(charset));

      ParsedSource parsed = parse(file);

      assertThat(parsed.metadata()).as(name).containsEntry("encoding", name);
      assertThat(parsed.segments()).as(name).hasSize(111);
      assertThat(parser.confidence(Files.readAllBytes(file))).as(name).isEqualTo(100);
    }
  }

  @Test
  void confidenceNeedsTheSignature() throws IOException {
    assertThat(parser.confidence(Files.readAllBytes(YOUTUBE))).isEqualTo(100);
    assertThat(parser.confidence("WEBVTTX\n".getBytes(StandardCharsets.UTF_8))).isZero();
    assertThat(parser.confidence(Files.readAllBytes(Corpus.file("transcripts/arabic-word-level.srt")))).isZero();
  }

  @Test
  void aFileWithoutTheSignatureIsCorruptAndOneWithoutCuesIsEmpty() throws IOException {
    Path noSignature = write("plain.vtt", "00:01.000 --> 00:02.000\nhello\n");
    Path headerOnly = write("header.vtt", "WEBVTT\n\nNOTE nothing here\n");

    assertThat(failure(() -> parse(noSignature)).getMessage()).contains("must start with the line WEBVTT");
    assertThat(failureCode(() -> parse(noSignature))).isEqualTo(ParseException.CORRUPT);
    assertThat(failureCode(() -> parse(headerOnly))).isEqualTo(ParseException.EMPTY);
  }

  @Test
  void cuesOutOfOrderAreSortedAndBackwardsCuesRepairedWithAWarning() throws Exception {
    Path file = write("order.vtt", """
        WEBVTT

        00:10.000 --> 00:12.000
        second

        00:01.000 --> 00:00.500
        first, ends before it starts
        """);

    ParsedSource parsed = parse(file);

    assertThat(parsed.segments()).containsExactly(
        new Segment(1.0, 1.0, "first, ends before it starts"), new Segment(10.0, 12.0, "second"));
    assertThat(parsed.warnings()).singleElement().asString().contains("ended before they started");
  }

  private ParsedSource parse(Path file) throws ParseException {
    return parser.parse(file, ParseLimits.defaults());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
