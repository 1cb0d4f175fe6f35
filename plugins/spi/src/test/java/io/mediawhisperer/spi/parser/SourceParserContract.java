package io.mediawhisperer.spi.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SourceParser} must do, ours or a plugin author's. Extend it in the parser's
 * test class and supply the parser and a few sample files:
 *
 * <pre>{@code
 * class PdfParserTest extends SourceParserContract {
 *   protected SourceParser parser() { return new PdfParser(); }
 *   protected List<Path> validSamples() { return List.of(Corpus.file("pdf/udhr.pdf")); }
 *   protected List<Path> invalidSamples() { return List.of(Corpus.file("pdf/broken-xref.pdf")); }
 * }
 * }</pre>
 *
 * <p>({@code Corpus}, the shared development corpus, is {@code io.mediawhisperer.testsupport.Corpus}
 * from the test-support module.)
 *
 * <p>The kit needs JUnit 5 and AssertJ on the test classpath. Random bytes come from a fixed seed,
 * so a failure reproduces.
 */
public abstract class SourceParserContract {

  private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Set<String> KINDS = Set.of("pdf", "transcript", "chat_log", "text");
  private static final Set<String> CODES =
      Set.of(ParseException.ENCRYPTED, ParseException.CORRUPT, ParseException.TOO_LARGE, ParseException.EMPTY);
  /** A fully qualified exception class name or a stack frame: raw internals, not a sentence for a person. */
  private static final Pattern RAW_EXCEPTION_TEXT =
      Pattern.compile("(\\b[a-z]+\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)\\b)|(\\n\\s*at )");
  private static final int THREADS = 4;

  /** A new or shared instance of the parser under test. */
  protected abstract SourceParser parser();

  /** Files this parser must read (at least one); the first is also parsed from several threads at once. */
  protected abstract List<Path> validSamples();

  /** Files this parser must refuse with a {@link ParseException}; may be empty. */
  protected abstract List<Path> invalidSamples();

  /** The limits every parse in the kit runs under. */
  protected ParseLimits limits() {
    return ParseLimits.defaults();
  }

  @Test
  void nameIsValidAndStable() {
    String name = parser().name();
    assertThat(name).as("plugin name").isNotNull().matches(VALID_NAME);
    assertThat(parser().name()).as("name asked twice").isEqualTo(name);
  }

  @Test
  void kindIsKnownAndStable() {
    String kind = parser().kind();
    assertThat(kind).as("kind of " + parser().name()).isIn(KINDS);
    assertThat(parser().kind()).as("kind asked twice").isEqualTo(kind);
  }

  @TestFactory
  Stream<DynamicTest> recognisesItsValidSamples() {
    return samples().stream().map(sample -> dynamicTest(sample.getFileName().toString(), () -> {
      assertThat(parser().confidence(head(sample)))
          .as("confidence of %s on %s", parser().name(), sample).isBetween(1, 100);
    }));
  }

  @Test
  void randomBytesAreNotRecognisedAboveItsOwnFormat() throws IOException {
    int lowestOnOwnSamples = 100;
    for (Path sample : samples()) {
      lowestOnOwnSamples = Math.min(lowestOnOwnSamples, parser().confidence(head(sample)));
    }
    int onRandom = parser().confidence(randomBytes(SourceParser.HEAD_BYTES));
    assertThat(onRandom).as("confidence on random bytes").isBetween(0, 100).isLessThan(lowestOnOwnSamples);
  }

  @Test
  void confidenceCopesWithAnyHeadAndLeavesItUnchanged() {
    for (byte[] head : List.of(new byte[0], new byte[] {0}, new byte[] {(byte) 0xFF}, randomBytes(3), randomBytes(1000))) {
      byte[] copy = head.clone();
      assertThat(parser().confidence(head)).as("confidence on %d bytes", head.length).isBetween(0, 100);
      assertThat(head).as("head after confidence()").isEqualTo(copy);
    }
  }

  @TestFactory
  Stream<DynamicTest> validSamplesParseIntoWellFormedResults() {
    return samples().stream().map(sample -> dynamicTest(sample.getFileName().toString(),
        () -> assertWellFormed(parser().parse(sample, limits()), sample)));
  }

  @TestFactory
  Stream<DynamicTest> invalidSamplesFailWithAParseException() {
    return invalidSamples().stream().map(sample -> dynamicTest(sample.getFileName().toString(),
        () -> assertRefused(sample)));
  }

  @Test
  void randomBytesFailWithAParseException(@TempDir Path dir) throws IOException {
    Path random = Files.write(dir.resolve("random.bin"), randomBytes(64 * 1024));
    assertRefused(random);
  }

  @Test
  void anEmptyFileFailsWithAParseException(@TempDir Path dir) throws IOException {
    assertRefused(Files.write(dir.resolve("empty"), new byte[0]));
  }

  @TestFactory
  Stream<DynamicTest> parsingIsRepeatable() {
    return samples().stream().map(sample -> dynamicTest(sample.getFileName().toString(), () -> {
      ParsedSource first = parser().parse(sample, limits());
      ParsedSource second = parser().parse(sample, limits());
      assertSameResult(second, first);
    }));
  }

  @Test
  void parsingIsThreadSafe() throws Exception {
    Path sample = samples().get(0);
    ParsedSource alone = parser().parse(sample, limits());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ParsedSource>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return parser().parse(sample, limits());
        }));
      }
      start.countDown();
      for (Future<ParsedSource> result : results) {
        assertSameResult(result.get(2, TimeUnit.MINUTES), alone);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @TestFactory
  Stream<DynamicTest> aStreamedParseHandsOverWhatAWholeParseReturns() {
    return samples().stream().map(sample -> dynamicTest(sample.getFileName().toString(), () -> {
      ParsedSource whole = parser().parse(sample, limits());
      Collected sink = new Collected();
      ParsedSource rest = parser().parse(sample, limits(), sink);
      assertThat(rest.pages()).as("pages left in the result of a streamed parse").isEmpty();
      assertThat(rest.segments()).as("segments left in the result of a streamed parse").isEmpty();
      assertThat(rest.images()).as("images left in the result of a streamed parse").isEmpty();
      if (sink.pageCount != null) {
        assertThat(sink.pageCount).as("the page count announced before the pages").isEqualTo(whole.pages().size());
      }
      assertSameResult(new ParsedSource(rest.kind(), rest.title(), rest.metadata(), sink.pages, sink.segments, sink.images,
          rest.warnings()), whole);
    }));
  }

  @Test
  void aSinkThatFailsStopsTheParseWithItsOwnException() {
    RuntimeException stop = new IllegalStateException("the caller gave up");
    ParseSink failing = new Collected() {
      @Override
      public void page(ParsedSource.Page page) {
        throw stop;
      }

      @Override
      public void segment(ParsedSource.Segment segment) {
        throw stop;
      }
    };
    assertThat(catchThrowable(() -> parser().parse(samples().get(0), limits(), failing))).isSameAs(stop);
  }

  @TestFactory
  Stream<DynamicTest> aStreamedParseRefusesWhatAWholeParseRefuses() {
    return invalidSamples().stream().map(sample -> dynamicTest(sample.getFileName().toString(), () -> {
      Throwable thrown = catchThrowable(() -> parser().parse(sample, limits(), new Collected()));
      assertThat(thrown).as("streamed parse of %s", sample).isInstanceOf(ParseException.class);
      assertThat(((ParseException) thrown).code()).isIn(CODES);
    }));
  }

  /** Everything a streamed parse hands over, in order. */
  private static class Collected implements ParseSink {
    final List<ParsedSource.Page> pages = new ArrayList<>();
    final List<ParsedSource.Segment> segments = new ArrayList<>();
    final List<ParsedSource.Image> images = new ArrayList<>();
    Integer pageCount;

    @Override
    public void pageCount(int pages) {
      assertThat(pageCount).as("pageCount announced twice").isNull();
      assertThat(this.pages).as("pageCount announced after a page").isEmpty();
      pageCount = pages;
    }

    @Override
    public void page(ParsedSource.Page page) {
      pages.add(page);
    }

    @Override
    public void segment(ParsedSource.Segment segment) {
      segments.add(segment);
    }

    @Override
    public void image(ParsedSource.Image image) {
      images.add(image);
    }
  }

  private List<Path> samples() {
    List<Path> samples = validSamples();
    assertThat(samples).as("validSamples() of " + getClass().getSimpleName()).isNotEmpty();
    return samples;
  }

  private void assertRefused(Path sample) {
    Throwable thrown = catchThrowable(() -> parser().parse(sample, limits()));
    assertThat(thrown).as("parsing %s", sample).isInstanceOf(ParseException.class);
    ParseException failure = (ParseException) thrown;
    assertThat(failure.code()).as("code for %s", sample).isIn(CODES);
    assertThat(failure.getMessage()).as("message for %s", sample).isNotBlank()
        .doesNotContainPattern(RAW_EXCEPTION_TEXT);
  }

  private void assertWellFormed(ParsedSource parsed, Path sample) {
    assertThat(parsed).as("result for %s", sample).isNotNull();
    assertThat(parsed.kind()).as("kind").isEqualTo(parser().kind());
    assertThat(parsed.pages().isEmpty() && parsed.segments().isEmpty()).as("neither pages nor segments").isFalse();
    if (parsed.title() != null) {
      assertThat(parsed.title()).as("title").isNotBlank();
    }
    for (int i = 0; i < parsed.pages().size(); i++) {
      ParsedSource.Page page = parsed.pages().get(i);
      assertThat(page.number()).as("page numbers run from 1 without gaps").isEqualTo(i + 1);
      assertThat(page.text()).as("text of page %d", page.number()).isNotNull();
    }
    double previousStart = 0;
    for (ParsedSource.Segment segment : parsed.segments()) {
      assertThat(segment.start()).as("start of %s", segment).isFinite().isGreaterThanOrEqualTo(previousStart);
      assertThat(segment.end()).as("end of %s", segment).isFinite().isGreaterThanOrEqualTo(segment.start());
      assertThat(segment.text()).as("text of %s", segment).isNotBlank();
      previousStart = segment.start();
    }
    for (ParsedSource.Image image : parsed.images()) {
      assertThat(image.pageNumber()).as("image page").isBetween(1, Math.max(1, parsed.pages().size()));
      assertThat(image.width()).as("image width").isPositive();
      assertThat(image.height()).as("image height").isPositive();
      assertThat(image.format()).as("image format").isIn("png", "jpeg");
      assertThat(image.data()).as("image data").isNotEmpty();
      assertThat(image.data()).as("%s magic number", image.format()).startsWith(magicNumber(image.format()));
    }
    assertJsonFriendly(parsed.metadata(), "metadata");
    assertThat(parsed.warnings()).as("warnings").allSatisfy(warning -> assertThat(warning).isNotBlank());
  }

  private static byte[] magicNumber(String format) {
    return format.equals("png") ? new byte[] {(byte) 0x89, 'P', 'N', 'G'} : new byte[] {(byte) 0xFF, (byte) 0xD8};
  }

  private static void assertJsonFriendly(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, inner) -> {
        assertThat(key).as("key in %s", path).isInstanceOf(String.class);
        assertJsonFriendly(inner, path + "." + key);
      });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        assertJsonFriendly(list.get(i), path + "[" + i + "]");
      }
    } else if (value instanceof Double || value instanceof Float) {
      assertThat(((Number) value).doubleValue()).as(path).isFinite();
    } else {
      assertThat(value).as(path + " is a String, Number, Boolean, List or Map")
          .isInstanceOfAny(String.class, Number.class, Boolean.class);
    }
  }

  /** Records compare arrays by identity, so images are compared through a digest of their bytes. */
  private static void assertSameResult(ParsedSource actual, ParsedSource expected) {
    assertThat(actual.kind()).isEqualTo(expected.kind());
    assertThat(actual.title()).isEqualTo(expected.title());
    assertThat(actual.metadata()).isEqualTo(expected.metadata());
    assertThat(actual.pages()).isEqualTo(expected.pages());
    assertThat(actual.segments()).isEqualTo(expected.segments());
    assertThat(actual.warnings()).isEqualTo(expected.warnings());
    assertThat(actual.images().stream().map(SourceParserContract::describe).toList())
        .isEqualTo(expected.images().stream().map(SourceParserContract::describe).toList());
  }

  private static String describe(ParsedSource.Image image) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(image.data());
      return image.pageNumber() + ":" + image.width() + "x" + image.height() + ":" + image.format()
          + ":" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] head(Path sample) throws IOException {
    try (InputStream in = Files.newInputStream(sample)) {
      return in.readNBytes(SourceParser.HEAD_BYTES);
    }
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(0x5EEDL + length).nextBytes(bytes);
    return bytes;
  }

  /** For subclasses that build their own hostile inputs: the same seeded noise the kit uses. */
  protected static byte[] noise(int length) {
    return randomBytes(length);
  }
}
