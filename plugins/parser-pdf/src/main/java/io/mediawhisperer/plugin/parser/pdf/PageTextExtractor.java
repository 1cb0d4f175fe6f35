package io.mediawhisperer.plugin.parser.pdf;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDMarkedContent;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * The text of each page, in content-stream order. That order, not
 * {@link #setSortByPosition sorting by position}, is what keeps a two-column paper readable:
 * LaTeX and most word processors write a column at a time, while sorting by position
 * interleaves the lines of both columns. A glyph drawn again over itself (fake bold) comes out
 * once, as with PDFTextStripper's own {@code setSuppressDuplicateOverlappingText}, but checked by
 * {@link OverlappingGlyphs}. One instance reads one document, once.
 */
final class PageTextExtractor extends PDFTextStripper {

  /** C0 controls other than tab and newline; PostgreSQL text refuses NUL. */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F]");
  private static final Pattern TRAILING_SPACES = Pattern.compile("[ \\t]+\\n");

  /** Where each page's text goes as soon as it is read. */
  interface PageHandler {
    void page(int number, String text);
  }

  private final Deadline deadline;
  private final int maxPages;
  private final PageHandler handler;
  private final StringWriter pageText = new StringWriter();
  private final List<Integer> unreadable = new ArrayList<>();
  private int handedOver;
  private final OverlappingGlyphs glyphs = new OverlappingGlyphs();
  /** For each open marked-content sequence, whether it carries an ActualText; PDFTextStripper keeps its own copy private. */
  private final Deque<Boolean> markedContents = new ArrayDeque<>();
  private boolean inActualText;

  /** A document with more pages than the limit, found while walking its page tree. */
  static final class TooManyPages extends RuntimeException {
    TooManyPages() {
      super("more pages than the limit", null, false, false);
    }
  }

  PageTextExtractor(Deadline deadline, int maxPages, PageHandler handler) {
    this.deadline = deadline;
    this.maxPages = maxPages;
    this.handler = handler;
    setLineSeparator("\n");
    setPageStart("");
    setPageEnd("");
    setArticleStart("");
    setArticleEnd("");
    setSuppressDuplicateOverlappingText(false);
  }

  /**
   * Hands the text of every page to the handler, page 1 first; pages without content get empty
   * text. Returns the number of pages handed over.
   */
  int extract(PDDocument document, int pageCount) throws IOException {
    writeText(document, pageText);
    // pages after the last one with content were never handed to processPage
    padTo(Math.max(getCurrentPageNo() - 1, pageCount));
    return handedOver;
  }

  /** Pages whose content could not be read; their text is empty. */
  List<Integer> unreadablePages() {
    return unreadable;
  }

  @Override
  public void processPage(PDPage page) throws IOException {
    int number = getCurrentPageNo();
    if (number > maxPages) {
      throw new TooManyPages();
    }
    deadline.check();
    padTo(number - 1);
    pageText.getBuffer().setLength(0);
    glyphs.clear();
    try {
      super.processPage(page);
    } catch (IOException | RuntimeException e) {
      if (e instanceof Deadline.Exceeded) {
        throw e;
      }
      // one damaged page should not cost the reader the other pages
      unreadable.add(number);
      pageText.getBuffer().setLength(0);
    }
    handOver(clean(pageText.toString()));
  }

  @Override
  protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
    deadline.check();
    super.processOperator(operator, operands);
  }

  @Override
  protected void processTextPosition(TextPosition text) {
    // the glyphs of an ActualText span are replaced by that text, never suppressed (PDFTextStripper's rule too)
    if (!inActualText && glyphs.repeatsEarlier(text.getUnicode(), text.getX(), text.getY(), text.getWidth())) {
      return;
    }
    super.processTextPosition(text);
  }

  // PDFTextStripper's rule for its own (private) ActualText: set by each sequence that opens,
  // cleared when one that carried an ActualText closes
  @Override
  public void beginMarkedContentSequence(COSName tag, COSDictionary properties) {
    boolean carriesActualText = PDMarkedContent.create(tag, properties).getActualText() != null;
    markedContents.push(carriesActualText);
    inActualText = carriesActualText;
    super.beginMarkedContentSequence(tag, properties);
  }

  @Override
  public void endMarkedContentSequence() {
    Boolean carriedActualText = markedContents.poll();
    if (Boolean.TRUE.equals(carriedActualText)) {
      inActualText = false;
    }
    super.endMarkedContentSequence();
  }

  private void padTo(int pages) {
    while (handedOver < pages) {
      if (handedOver + 1 > maxPages) {
        throw new TooManyPages();
      }
      handOver("");
    }
  }

  private void handOver(String text) {
    handedOver++;
    handler.page(handedOver, text);
    // the page is handed over: its text must not stay reachable from here
    pageText.getBuffer().setLength(0);
  }

  /** A page's text as handed over: without control characters and trailing spaces, stripped. */
  static String clean(String text) {
    String withoutControls = CONTROL.matcher(text).replaceAll("");
    return TRAILING_SPACES.matcher(withoutControls).replaceAll("\n").strip();
  }
}
