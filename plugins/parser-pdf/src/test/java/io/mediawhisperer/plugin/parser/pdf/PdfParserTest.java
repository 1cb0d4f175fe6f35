package io.mediawhisperer.plugin.parser.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Image;
import io.mediawhisperer.spi.parser.ParsedSource.Page;
import io.mediawhisperer.spi.parser.SourceParser;
import io.mediawhisperer.spi.parser.SourceParserContract;
import io.mediawhisperer.testsupport.Corpus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfParserTest extends SourceParserContract {

  private static final Path TRACEMONKEY = Corpus.file("pdf/tracemonkey-two-column.pdf");
  private static final Path UDHR = Corpus.file("pdf/udhr.pdf");
  private static final Path SCANNED = Corpus.file("pdf/scanned-no-text-layer.pdf");
  private static final Path BROKEN_XREF = Corpus.file("pdf/broken-xref.pdf");
  private static final Path USER_PASSWORD = Corpus.file("pdf/encrypted-user-password.pdf");
  /** Runs down the left column of page 2, over two lines; sorted by position it is interleaved with a figure. */
  private static final String LEFT_COLUMN_SENTENCE =
      "But this requires tracing a copy of the outer loop for every side exit and type combination in the inner loop.";
  private static final String ABSTRACT_SENTENCE = "We present an alternative compilation technique for"
      + " dynamically-typed languages that identifies frequently executed loop traces at run-time and then generates"
      + " machine code on the fly that is specialized for the actual dynamic types occurring on each path through the loop.";

  private final PdfParser parser = new PdfParser();

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> outlineOf(ParsedSource source) {
    assertThat(source.metadata()).containsKey("outline");
    return (List<Map<String, Object>>) source.metadata().get("outline");
  }

  @TempDir
  Path dir;

  @Override
  protected SourceParser parser() {
    return parser;
  }

  @Override
  protected List<Path> validSamples() {
    return List.of(TRACEMONKEY, UDHR, SCANNED);
  }

  @Override
  protected List<Path> invalidSamples() {
    return List.of(BROKEN_XREF, USER_PASSWORD);
  }

  @Test
  void twoColumnPaperReadsColumnByColumn() throws Exception {
    ParsedSource paper = parse(TRACEMONKEY);

    assertThat(paper.pages()).hasSize(14);
    assertThat(paper.metadata()).containsEntry("pageCount", 14).containsEntry("creationDate", "2009-04-01T23:39:25Z");
    assertThat(paper.title()).as("the file's document information has no title").isNull();
    assertThat(paper.metadata()).doesNotContainKey("author");
    assertThat(paper.pages().get(0).text()).startsWith("Trace-based Just-in-Time Type Specialization for Dynamic");
    assertThat(flowing(paper.pages().get(0).text())).contains(ABSTRACT_SENTENCE);
    assertThat(flowing(paper.pages().get(1).text())).contains(LEFT_COLUMN_SENTENCE);
  }

  @Test
  void theColumnCheckFailsForTextSortedByPosition() throws IOException {
    try (PDDocument document = Loader.loadPDF(TRACEMONKEY.toFile())) {
      PDFTextStripper sorted = new PDFTextStripper();
      sorted.setSortByPosition(true);
      sorted.setStartPage(2);
      sorted.setEndPage(2);

      assertThat(flowing(sorted.getText(document))).doesNotContain(LEFT_COLUMN_SENTENCE);
    }
  }

  @Test
  void declarationHasItsEightPagesAndAuthor() throws Exception {
    ParsedSource udhr = parse(UDHR);

    assertThat(udhr.pages()).extracting(Page::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(udhr.pages().get(0).text()).startsWith("Universal Declaration of Human Rights\nPreamble");
    assertThat(udhr.pages()).allSatisfy(page -> assertThat(page.text()).isNotBlank().doesNotContain(" \n"));
    assertThat(String.join("\n", udhr.pages().stream().map(Page::text).toList())).contains("Article 30");
    assertThat(udhr.metadata()).containsEntry("author", "lindner").containsEntry("pageCount", 8);
    assertThat(udhr.warnings()).isEmpty();
  }

  @Test
  void declarationsBookmarksBecomeItsOutline() throws Exception {
    List<Map<String, Object>> outline = outlineOf(parse(UDHR));

    assertThat(outline).hasSize(32);
    assertThat(outline).extracting(e -> e.get("title"), e -> e.get("pageNumber"), e -> e.get("level")).startsWith(
        tuple("Universal Declaration of Human Rights", 1, 1),
        tuple("Preamble", 1, 2),
        tuple("Article I", 2, 2),
        tuple("Article 2", 2, 2));
    assertThat(outline.get(31)).containsExactly(entry("title", "Article 30"), entry("pageNumber", 8), entry("level", 2));
    assertThat(outline).extracting(e -> (Integer) e.get("pageNumber")).isSorted();
  }

  @Test
  void aPdfWithoutBookmarksHasNoOutline() throws Exception {
    assertThat(parse(TRACEMONKEY).metadata()).doesNotContainKey("outline");
    assertThat(parse(SCANNED).metadata()).doesNotContainKey("outline");
  }

  @Test
  void outlineEntriesResolveDestinationsAndActionsAndSurviveACycle() throws Exception {
    List<Map<String, Object>> outline = outlineOf(parse(TestPdfs.withOutline(dir.resolve("outline.pdf"))));

    assertThat(outline).extracting(e -> e.get("pageNumber"), e -> e.get("level")).containsExactly(
        tuple(1, 1), tuple(2, 2), tuple(4, 2), tuple(5, 2), tuple(5, 1));
    assertThat(outline).extracting(e -> e.get("title")).startsWith("Part One", "Chapter 1", "Chapter 2", "Notes");
    String appendix = (String) outline.get(4).get("title");
    assertThat(appendix).startsWith("Appendix x").doesNotContain("\u0000").hasSize(PdfOutline.MAX_TITLE_CHARS);
  }

  @Test
  void scannedPageCompletesWithAWarningAndItsImage() throws Exception {
    ParsedSource scanned = parse(SCANNED);

    assertThat(scanned.pages()).containsExactly(new Page(1, ""));
    assertThat(scanned.warnings()).anySatisfy(warning -> assertThat(warning).containsIgnoringCase("no text layer").contains("not OCRed"));
    assertThat(scanned.title()).isEqualTo("Presentation1");
    assertThat(scanned.images()).hasSize(1);
    Image image = scanned.images().get(0);
    assertThat(image.pageNumber()).isEqualTo(1);
    assertThat(image.format()).isEqualTo("png");
    assertThat(image.width()).isEqualTo(934);
    assertThat(image.height()).isEqualTo(261);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.data()));
    assertThat(decoded.getWidth()).isEqualTo(934);
    assertThat(decoded.getHeight()).isEqualTo(261);
  }

  @Test
  void jpegImagesKeepTheirBytesOthersBecomePngAndEachIsSavedOnce() throws Exception {
    ParsedSource parsed = parse(TestPdfs.withImages(dir.resolve("images.pdf")));

    assertThat(parsed.images()).extracting(Image::pageNumber, Image::format, Image::width, Image::height)
        .containsExactly(tuple(1, "jpeg", 64, 48), tuple(2, "png", 30, 20));
    assertThat(ImageIO.read(new ByteArrayInputStream(parsed.images().get(0).data())).getWidth()).isEqualTo(64);
    assertThat(parsed.pages()).extracting(Page::text).containsExactly("Figure on page 1", "", "Figure on page 3");
    assertThat(parsed.warnings()).containsExactly("Page(s) 2 have no text layer (scanned?); they are not OCRed.");
  }

  @Test
  void imagesPastTheLimitsAreSkippedWithAWarning() throws Exception {
    Path images = TestPdfs.withImages(dir.resolve("images.pdf"));
    ParseLimits oneImage = new ParseLimits(100, Duration.ofMinutes(1), 1, 1_000_000, 1_000_000);
    ParseLimits fewBytes = new ParseLimits(100, Duration.ofMinutes(1), 10, 100, 1_000_000);

    ParsedSource capped = parser.parse(images, oneImage);
    ParsedSource starved = parser.parse(images, fewBytes);

    assertThat(capped.images()).hasSize(1);
    assertThat(capped.warnings()).anySatisfy(warning -> assertThat(warning).startsWith("1 image(s) were not extracted: the limit is 1 images"));
    assertThat(starved.images()).isEmpty();
    assertThat(starved.warnings()).anySatisfy(warning -> assertThat(warning).startsWith("2 image(s)").contains("at most 100 bytes"));
  }

  /**
   * Issue 11, finding 5: a 3.5 MB file with one 60000 x 60000 Flate image ran the heap out while
   * PDFBox decoded it (3.6 GB) in memory. Its size is read from the image dictionary and it is
   * skipped, never decoded, within the test JVM's 1 GB heap.
   */
  @Test
  void anImageLargerThanThePixelLimitIsSkippedBeforeItIsDecoded() throws Exception {
    Path huge = TestPdfs.withFlateImage(dir.resolve("huge-image.pdf"), 60_000, 60_000, 60_000L * 60_000);

    ParsedSource parsed = parse(huge);

    assertThat(parsed.pages()).containsExactly(new Page(1, "A page with a very large picture"));
    assertThat(parsed.images()).isEmpty();
    assertThat(parsed.warnings()).containsExactly("1 image(s) were not extracted: larger than the limit of 50000000 pixels"
        + " (the largest is 60000 x 60000).");
  }

  @Test
  void thePixelLimitComesFromTheParseLimits() throws Exception {
    Path images = TestPdfs.withImages(dir.resolve("images.pdf"));
    ParseLimits tinyPictures = ParseLimits.defaults().withMaxImagePixels(1_000);

    ParsedSource parsed = parser.parse(images, tinyPictures);

    assertThat(parsed.images()).extracting(Image::width, Image::height).containsExactly(tuple(30, 20));
    assertThat(parsed.warnings()).contains("1 image(s) were not extracted: larger than the limit of 1000 pixels"
        + " (the largest is 64 x 48).");
  }

  /** A small image whose data inflates far past what its size needs is a bomb too: left out, unread. */
  @Test
  void anImageWhoseDataInflatesPastItsSizeIsLeftOut() throws Exception {
    Path lying = TestPdfs.withFlateImage(dir.resolve("lying-image.pdf"), 100, 100, 3L << 30);

    ParsedSource parsed = parse(lying);

    assertThat(parsed.images()).isEmpty();
    assertThat(parsed.pages()).containsExactly(new Page(1, "A page with a very large picture"));
    assertThat(parsed.warnings()).anySatisfy(warning -> assertThat(warning)
        .startsWith("1 compressed stream(s) were left out: they decompress to more than"));
  }

  @Test
  void aContentStreamThatInflatesPastTheLimitIsLeftOutAndTheRestReads() throws Exception {
    Path bomb = TestPdfs.withFlateContent(dir.resolve("content-bomb.pdf"), 64L << 20);
    ParseLimits smallStreams = ParseLimits.defaults().withMaxStreamBytes(16L << 20);

    ParsedSource parsed = parser.parse(bomb, smallStreams);

    assertThat(parsed.pages()).containsExactly(new Page(1, "Readable first page"), new Page(2, ""));
    assertThat(parsed.warnings()).contains("1 compressed stream(s) were left out: they decompress to more than 16777216 bytes"
        + " (page text or images may be missing).");
  }

  @Test
  void userPasswordIsEncryptedButOwnerPasswordOnlyOpens() throws Exception {
    Path ownerOnly = TestPdfs.protectedPdf(dir.resolve("owner.pdf"), "Readable despite restrictions", "");
    Path userToo = TestPdfs.protectedPdf(dir.resolve("user.pdf"), "Secret", "user-secret");

    ParsedSource opened = parse(ownerOnly);
    ParseException corpusFile = failure(() -> parse(USER_PASSWORD));

    assertThat(opened.pages().get(0).text()).isEqualTo("Readable despite restrictions");
    assertThat(opened.metadata()).containsEntry("encrypted", true);
    assertThat(corpusFile.code()).isEqualTo(ParseException.ENCRYPTED);
    assertThat(corpusFile.getMessage()).contains("protected by a password");
    assertThat(failure(() -> parse(userToo)).code()).isEqualTo(ParseException.ENCRYPTED);
  }

  @Test
  void damagedFilesAreCorruptWithAClearMessage() throws Exception {
    byte[] paper = Files.readAllBytes(TRACEMONKEY);
    Path random = Files.write(dir.resolve("random.pdf"), noise(50_000));
    Path halfAPaper = Files.write(dir.resolve("half.pdf"), Arrays.copyOf(paper, paper.length / 2));
    Path headerAndNoise = Files.write(dir.resolve("header.pdf"),
        concat("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), noise(10_000)));

    for (Path damaged : List.of(BROKEN_XREF, random, halfAPaper, headerAndNoise)) {
      ParseException failure = failure(() -> parse(damaged));
      assertThat(failure.code()).as(damaged.toString()).isEqualTo(ParseException.CORRUPT);
      assertThat(failure.getMessage()).as(damaged.toString())
          .startsWith("The PDF is damaged and cannot be read (").doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(failure(() -> parse(BROKEN_XREF)).getMessage()).contains("Page tree root must be a dictionary");
  }

  @Test
  void aFileCutJustBeforeItsEndStillReadsButSaysSo() throws Exception {
    byte[] paper = Files.readAllBytes(TRACEMONKEY);
    Path almostAll = Files.write(dir.resolve("almost.pdf"), Arrays.copyOf(paper, paper.length - 600));

    ParsedSource parsed = parse(almostAll);

    assertThat(parsed.pages()).hasSize(14);
    assertThat(parsed.warnings()).anySatisfy(warning -> assertThat(warning).contains("cut short"));
  }

  @Test
  void anEmptyFileIsNotAPdf() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pdf"), new byte[0]);

    ParseException failure = failure(() -> parse(empty));

    assertThat(failure.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(failure.getMessage()).contains("empty");
  }

  @Test
  void morePagesThanTheLimitIsTooLarge() throws Exception {
    Path six = TestPdfs.blankPages(dir.resolve("six.pdf"), 6);
    ParseLimits fivePages = new ParseLimits(5, Duration.ofMinutes(1), 10, 1_000_000, 1_000_000);
    ParseLimits sixPages = new ParseLimits(6, Duration.ofMinutes(1), 10, 1_000_000, 1_000_000);

    ParseException failure = failure(() -> parser.parse(six, fivePages));

    assertThat(failure.code()).isEqualTo(ParseException.TOO_LARGE);
    assertThat(failure.getMessage()).contains("more pages than the limit of 5");
    assertThat(parser.parse(six, sixPages).pages()).hasSize(6);
  }

  @Test
  void aParseThatTakesTooLongStops() {
    ParseLimits instant = new ParseLimits(5_000, Duration.ofNanos(1), 10, 1_000_000, 50_000_000);

    ParseException failure = failure(() -> parser.parse(TRACEMONKEY, instant));

    assertThat(failure.code()).isEqualTo(ParseException.TOO_LARGE);
    assertThat(failure.getMessage()).contains("took too long");
  }

  @Test
  void textBeyondTheLimitIsTooLarge() {
    ParseLimits tight = new ParseLimits(5_000, Duration.ofMinutes(1), 10, 1_000_000, 10_000);

    ParseException failure = failure(() -> parser.parse(UDHR, tight));

    assertThat(failure.code()).isEqualTo(ParseException.TOO_LARGE);
    assertThat(failure.getMessage()).contains("10000 characters");
  }

  @Test
  void pagesWithoutContentKeepTheirPlace() throws Exception {
    Path file = TestPdfs.withPages(dir.resolve("gaps.pdf"), Arrays.asList("one", null, "three", null));

    assertThat(parse(file).pages()).containsExactly(new Page(1, "one"), new Page(2, ""), new Page(3, "three"), new Page(4, ""));
  }

  @Test
  void confidenceLooksForTheHeaderNearTheStart() throws IOException {
    byte[] header = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);

    assertThat(parser.confidence(Files.readAllBytes(UDHR))).isEqualTo(100);
    assertThat(parser.confidence(concat(new byte[1000], header))).as("1000 bytes of junk first").isEqualTo(100);
    assertThat(parser.confidence(concat(new byte[2000], header))).as("2000 bytes of junk first").isZero();
    assertThat(parser.confidence("PDF-1.4 is a version".getBytes(StandardCharsets.US_ASCII))).isZero();
    assertThat(parser.confidence("%PDF".getBytes(StandardCharsets.US_ASCII))).isZero();
  }

  @Test
  void registeredAsTheOnlyParserOfThisModule() {
    NamedPlugins<SourceParser> parsers = NamedPlugins.load(SourceParser.class, getClass().getClassLoader());

    assertThat(parsers.names()).containsExactly("pdf");
  }

  private ParsedSource parse(Path file) throws ParseException {
    return parser.parse(file, ParseLimits.defaults());
  }

  /** Lines joined and hyphenated line breaks undone, so a sentence can be searched across lines. */
  private static String flowing(String text) {
    return text.replace("-\n", "").replaceAll("\\s+", " ");
  }

  private static ParseException failure(ThrowingCallable call) {
    ParseException failure = catchThrowableOfType(ParseException.class, call);
    assertThat(failure).as("a ParseException").isNotNull();
    return failure;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
