package io.mediawhisperer.plugin.parser.pdf;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParseSink;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Page;
import io.mediawhisperer.spi.parser.SourceParser;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * PDFs, with Apache PDFBox: the text of each page in reading order, the page count, title and
 * author from the document information, the outline (bookmarks) under {@code outline} when the
 * PDF has one ({@link PdfOutline}), and the embedded images. Scanned pages are not OCRed;
 * a PDF without a text layer still completes, with a warning. Compressed streams that would
 * decompress past the limits are left out first ({@link StreamGuard}), with a warning.
 */
public final class PdfParser implements SourceParser {

  private static final byte[] SIGNATURE = "%PDF-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_FILE_MARKER = "%%EOF".getBytes(StandardCharsets.US_ASCII);
  /** Readers accept junk before the header (mail and web wrappers leave some); so do we, up to this much. */
  private static final int MAX_LEADING_JUNK = 1024;
  /** Readers look for %%EOF this close to the end; junk after it is common. */
  private static final int END_MARKER_WINDOW = 1024;
  /** Scratch data PDFBox creates (for example decrypted streams) past this goes to a temporary file. */
  private static final long MAX_MAIN_MEMORY_BYTES = 32L * 1024 * 1024;
  private static final int MAX_DETAIL_LENGTH = 200;
  private static final int MAX_LISTED_PAGES = 10;

  @Override
  public String name() {
    return "pdf";
  }

  @Override
  public String kind() {
    return "pdf";
  }

  @Override
  public int confidence(byte[] head) {
    return indexOf(head, SIGNATURE, 0, Math.min(head.length, MAX_LEADING_JUNK + SIGNATURE.length)) >= 0 ? 100 : 0;
  }

  @Override
  public ParsedSource parse(Path file, ParseLimits limits) throws ParseException {
    List<Page> pages = new ArrayList<>();
    List<ParsedSource.Image> images = new ArrayList<>();
    ParsedSource rest = parse(file, limits, new ParseSink() {
      @Override
      public void page(Page page) {
        pages.add(page);
      }

      @Override
      public void segment(ParsedSource.Segment segment) {
        throw new IllegalStateException("a PDF has no segments");
      }

      @Override
      public void image(ParsedSource.Image image) {
        images.add(image);
      }
    });
    return new ParsedSource(rest.kind(), rest.title(), rest.metadata(), pages, List.of(), images, rest.warnings());
  }

  /**
   * Hands each page to {@code sink} as soon as its text is read, so only the page being read is
   * held here; the images (bounded by the limits, not by the document) follow the last page.
   */
  @Override
  public ParsedSource parse(Path file, ParseLimits limits, ParseSink sink) throws ParseException {
    Deadline deadline = new Deadline(limits.maxTime());
    if (sizeOf(file) == 0) {
      throw new ParseException(ParseException.CORRUPT, "The file is empty (0 bytes), so it is not a PDF.");
    }
    try (PDDocument document = Loader.loadPDF(file.toFile(), "", MemoryUsageSetting.setupMixed(MAX_MAIN_MEMORY_BYTES).streamCache)) {
      return read(document, file, limits, deadline, new TimedSink(sink, deadline));
    } catch (InvalidPasswordException e) {
      throw new ParseException(ParseException.ENCRYPTED,
          "The PDF is protected by a password. Remove the password (for example by printing it to a new PDF) and upload it again.", e);
    } catch (Deadline.Exceeded e) {
      throw new ParseException(ParseException.TOO_LARGE,
          "Reading the PDF took too long: it did not finish within the limit of " + describe(deadline.limit()) + ".", e);
    } catch (PageTextExtractor.TooManyPages e) {
      throw tooManyPages(limits);
    } catch (TimedSink.Failed e) {
      throw e.getCause();
    } catch (IOException | RuntimeException e) {
      throw new ParseException(ParseException.CORRUPT, "The PDF is damaged and cannot be read (" + detail(e) + ").", e);
    }
  }

  private ParsedSource read(PDDocument document, Path file, ParseLimits limits, Deadline deadline, TimedSink sink)
      throws IOException, ParseException {
    int pageCount = document.getNumberOfPages();
    if (pageCount > limits.maxPages()) {
      throw tooManyPages(limits);
    }
    if (pageCount == 0) {
      throw new ParseException(ParseException.CORRUPT, "The PDF has no pages.");
    }
    StreamGuard guard = StreamGuard.check(document, limits.maxStreamBytes(), limits.maxImagePixels(), deadline);
    PdfMetadata metadata = PdfMetadata.of(document);
    BitSet blankPages = new BitSet();
    long[] characters = {0};
    sink.pageCount(pageCount);
    PageTextExtractor textExtractor = new PageTextExtractor(deadline, limits.maxPages(), (number, text) -> {
      characters[0] += text.length();
      if (characters[0] > limits.maxTextChars()) {
        throw new TextTooLong();
      }
      if (text.isBlank()) {
        blankPages.set(number);
      }
      sink.page(new Page(number, text));
    });
    int pages;
    try {
      pages = textExtractor.extract(document, pageCount);
    } catch (TextTooLong e) {
      throw new ParseException(ParseException.TOO_LARGE,
          "The PDF holds more than the limit of " + limits.maxTextChars() + " characters of text.");
    }
    ImageExtractor imageExtractor = new ImageExtractor(limits, deadline, guard);
    int number = 0;
    for (PDPage page : document.getPages()) {
      if (++number > pages) {
        break;
      }
      deadline.check();
      imageExtractor.extract(page, number);
    }
    imageExtractor.images().forEach(sink::image);

    List<String> warnings = new ArrayList<>();
    if (!textExtractor.unreadablePages().isEmpty()) {
      warnings.add("Page(s) " + listed(textExtractor.unreadablePages()) + " could not be read and are left empty.");
    }
    warnings.addAll(guard.warnings());
    warnings.addAll(textLayerWarnings(pages, blankPages, imageExtractor));
    warnings.addAll(imageExtractor.warnings());
    if (!endsWithEndOfFileMarker(file)) {
      warnings.add("The file seems cut short (it has no end-of-file marker); some content may be missing.");
    }
    Map<String, Object> facts = metadata.facts();
    facts.put("pageCount", pages);
    List<Map<String, Object>> outline = PdfOutline.of(document, deadline);
    if (!outline.isEmpty()) {
      facts.put("outline", outline);
    }
    return new ParsedSource(kind(), metadata.title(), facts, List.of(), List.of(), List.of(), warnings);
  }

  /** Past the limit of characters, found while the pages are read. */
  private static final class TextTooLong extends RuntimeException {
    TextTooLong() {
      super("more text than the limit", null, false, false);
    }
  }

  /**
   * The caller's sink, with the time it takes (the caller's back-pressure) left out of the
   * parse's time limit, and its exceptions carried past PDFBox's and our own handlers unchanged.
   */
  private record TimedSink(ParseSink sink, Deadline deadline) {

    static final class Failed extends RuntimeException {
      Failed(RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
      }

      @Override
      public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
      }
    }

    void pageCount(int pages) {
      call(() -> sink.pageCount(pages));
    }

    void page(Page page) {
      call(() -> sink.page(page));
    }

    void image(ParsedSource.Image image) {
      call(() -> sink.image(image));
    }

    private void call(Runnable handOver) {
      long started = System.nanoTime();
      try {
        handOver.run();
      } catch (RuntimeException e) {
        throw new Failed(e);
      } finally {
        deadline.excuse(System.nanoTime() - started);
      }
    }
  }

  private static List<String> textLayerWarnings(int pages, BitSet blankPages, ImageExtractor images) {
    if (blankPages.cardinality() == pages) {
      return List.of("No text layer: this PDF holds no text, and scanned pages are not OCRed.");
    }
    List<Integer> scanned = images.pagesWithImages().stream()
        .filter(blankPages::get)
        .toList();
    if (scanned.isEmpty()) {
      return List.of();
    }
    return List.of("Page(s) " + listed(scanned) + " have no text layer (scanned?); they are not OCRed.");
  }

  private static ParseException tooManyPages(ParseLimits limits) {
    return new ParseException(ParseException.TOO_LARGE, "The PDF has more pages than the limit of " + limits.maxPages() + ".");
  }

  private static long sizeOf(Path file) throws ParseException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new ParseException(ParseException.CORRUPT, "The file could not be read: " + e.getMessage(), e);
    }
  }

  private static boolean endsWithEndOfFileMarker(Path file) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      int window = (int) Math.min(in.length(), END_MARKER_WINDOW);
      byte[] tail = new byte[window];
      in.seek(in.length() - window);
      in.readFully(tail);
      return indexOf(tail, END_OF_FILE_MARKER, 0, tail.length) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** PDFBox's own words on what is wrong, which name the damaged structure, without exception class names. */
  private static String detail(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "its structure is not valid";
    }
    String oneLine = message.replaceAll("\\s+", " ").strip();
    if (oneLine.endsWith(".")) {
      oneLine = oneLine.substring(0, oneLine.length() - 1);
    }
    return oneLine.length() > MAX_DETAIL_LENGTH ? oneLine.substring(0, MAX_DETAIL_LENGTH) + "..." : oneLine;
  }

  private static String listed(List<Integer> numbers) {
    String shown = numbers.stream().limit(MAX_LISTED_PAGES).map(String::valueOf).collect(Collectors.joining(", "));
    return numbers.size() > MAX_LISTED_PAGES ? shown + " and " + (numbers.size() - MAX_LISTED_PAGES) + " more" : shown;
  }

  private static String describe(Duration limit) {
    return limit.toMillis() < 1000 ? limit.toMillis() + " ms" : limit.toSeconds() + " s";
  }
}
