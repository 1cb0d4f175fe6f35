package io.mediawhisperer.plugin.parser.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.SourceParser;
import io.mediawhisperer.spi.parser.SourceParserContract;
import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextParserTest extends SourceParserContract {

  private final TextParser parser = new TextParser();

  @TempDir
  Path dir;

  @Override
  protected SourceParser parser() {
    return parser;
  }

  @Override
  protected List<Path> validSamples() {
    return List.of(Corpus.file("README.md"), Corpus.file("chat/FORMATS.md"), Corpus.file("qa/general.rst.txt"));
  }

  @Override
  protected List<Path> invalidSamples() {
    return List.of(Corpus.file("pdf/udhr.pdf"), Corpus.file("embeddings/fiori-minilm-778x384.f32"),
        Corpus.file("transcripts/cp1252.srt"));
  }

  @Test
  void markdownGivesOnePageAndItsFirstHeadingAsTitle() throws Exception {
    ParsedSource readme = parser.parse(Corpus.file("README.md"), ParseLimits.defaults());

    assertThat(readme.title()).isEqualTo("Development corpus");
    assertThat(readme.pages()).hasSize(1);
    assertThat(readme.pages().get(0).number()).isEqualTo(1);
    assertThat(readme.pages().get(0).text()).contains("tracemonkey-two-column.pdf").doesNotContain("\r");
    assertThat(readme.metadata()).containsEntry("encoding", "UTF-8");
    assertThat(parser.parse(Corpus.file("chat/FORMATS.md"), ParseLimits.defaults()).title())
        .isEqualTo("Chat export formats with no sample in this corpus");
  }

  @Test
  void withoutALevelOneHeadingTheTitleIsTheFirstNonEmptyLine() throws Exception {
    Path plain = write("plain.txt", "\n\n   Shopping list for Saturday  \n- milk\n## Later section\n");
    Path headingLater = write("notes.md", "Preface line\n\n# The real title\n");

    assertThat(parse(plain).title()).isEqualTo("Shopping list for Saturday");
    assertThat(parse(headingLater).title()).as("a level-one heading anywhere wins").isEqualTo("The real title");
  }

  @Test
  void frontMatterTitleWinsAndFencedHashLinesAreNotHeadings() throws Exception {
    Path frontMatter = write("post.md", "---\nlayout: post\ntitle: \"Hello, world\"\n---\n# Other\n");
    Path fenced = write("script.md", "Intro line\n```sh\n# install it\n```\n# Real heading #\n");

    assertThat(parse(frontMatter).title()).isEqualTo("Hello, world");
    assertThat(parse(fenced).title()).isEqualTo("Real heading");
  }

  @Test
  void longTitlesAreClippedTo200Characters() throws Exception {
    String longLine = "word ".repeat(100);
    ParsedSource parsed = parse(write("long.txt", longLine + "\nsecond line"));

    assertThat(parsed.title()).hasSizeLessThanOrEqualTo(200).startsWith("word word");
    assertThat(parsed.pages().get(0).text()).startsWith(longLine);
  }

  @Test
  void byteOrderMarksSelectTheEncodingAndAreNotPartOfTheText() throws Exception {
    String text = "# Grüße 𝄞\nZeile zwei\n";
    for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
        Charset.forName("UTF-32LE"))) {
      Path file = dir.resolve("bom-" + charset.name() + ".md");
      Files.write(file, concat(bom(charset), text.getBytes(charset)));

      ParsedSource parsed = parse(file);

      assertThat(parsed.metadata()).as(charset.name()).containsEntry("encoding", charset.name());
      assertThat(parsed.pages().get(0).text()).as(charset.name()).isEqualTo(text);
      assertThat(parsed.title()).isEqualTo("Grüße 𝄞");
      assertThat(parser.confidence(Files.readAllBytes(file))).as(charset.name()).isEqualTo(1);
    }
  }

  @Test
  void windowsLineEndingsBecomeNewlines() throws Exception {
    ParsedSource parsed = parse(write("crlf.txt", "first\r\nsecond\r\n"));

    assertThat(parsed.pages().get(0).text()).isEqualTo("first\nsecond\n");
  }

  @Test
  void confidenceIsOneForTextAndZeroForBinaryOrOtherEncodings() throws IOException {
    byte[] utf8 = "plain words, ünïcödé".getBytes(StandardCharsets.UTF_8);
    byte[] cutInsideACharacter = Arrays.copyOf(utf8, utf8.length - 1);
    byte[] withNul = "text\0more".getBytes(StandardCharsets.US_ASCII);
    byte[] controls = "a\u0001b\u0002c\u0003d".getBytes(StandardCharsets.US_ASCII);

    assertThat(parser.confidence(utf8)).isEqualTo(1);
    assertThat(parser.confidence(cutInsideACharacter)).as("head cut inside a UTF-8 sequence").isEqualTo(1);
    assertThat(parser.confidence(withNul)).isZero();
    assertThat(parser.confidence(controls)).isZero();
    assertThat(parser.confidence(Files.readAllBytes(Corpus.file("transcripts/cp1252.srt")))).isZero();
    assertThat(parser.confidence(Files.readAllBytes(Corpus.file("pdf/udhr.pdf")))).isZero();
  }

  @Test
  void emptyAndWhitespaceOnlyFilesAreEmpty() throws IOException {
    assertThatThrownBy(() -> parse(write("zero.txt", "")))
        .isInstanceOf(ParseException.class).extracting(e -> ((ParseException) e).code()).isEqualTo(ParseException.EMPTY);
    assertThatThrownBy(() -> parse(write("blank.txt", " \n\t\r\n  ")))
        .isInstanceOf(ParseException.class).extracting(e -> ((ParseException) e).code()).isEqualTo(ParseException.EMPTY);
  }

  @Test
  void binaryAndOtherEncodingsAreRefusedWithWhereItFailed() {
    assertThatThrownBy(() -> parse(Corpus.file("transcripts/cp1252.srt")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("not valid UTF-8")
        .extracting(e -> ((ParseException) e).code()).isEqualTo(ParseException.CORRUPT);
    assertThatThrownBy(() -> parse(write("nul.txt", "abc\0def")))
        .isInstanceOf(ParseException.class).hasMessageContaining("binary");
  }

  @Test
  void textLongerThanTheLimitIsTooLarge() throws IOException {
    Path file = write("big.txt", "x".repeat(1_001));
    ParseLimits tight = new ParseLimits(10, Duration.ofMinutes(1), 0, 0, 1_000);
    ParseLimits tiny = new ParseLimits(10, Duration.ofMinutes(1), 0, 0, 100);

    assertThatThrownBy(() -> parser.parse(file, tight))
        .isInstanceOf(ParseException.class).hasMessageContaining("1000 characters")
        .extracting(e -> ((ParseException) e).code()).isEqualTo(ParseException.TOO_LARGE);
    assertThatThrownBy(() -> parser.parse(file, tiny)).as("refused by size before reading")
        .isInstanceOf(ParseException.class)
        .extracting(e -> ((ParseException) e).code()).isEqualTo(ParseException.TOO_LARGE);
  }

  @Test
  void registeredAsAServiceNamedText() {
    NamedPlugins<SourceParser> parsers = NamedPlugins.load(SourceParser.class, getClass().getClassLoader());

    assertThat(parsers.names()).containsExactly("text");
    assertThat(parsers.get("text")).isInstanceOf(TextParser.class);
  }

  private ParsedSource parse(Path file) throws ParseException {
    return parser.parse(file, ParseLimits.defaults());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static byte[] bom(Charset charset) {
    return "\uFEFF".getBytes(charset);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
