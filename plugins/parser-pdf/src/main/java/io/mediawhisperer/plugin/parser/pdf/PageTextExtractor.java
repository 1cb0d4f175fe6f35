package io.mediawhisperer.plugin.parser.pdf;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of each page, in content-stream order. That order, not
 * {@link #setSortByPosition sorting by position}, is what keeps a two-column paper readable:
 * LaTeX and most word processors write a column at a time, while sorting by position
 * interleaves the lines of both columns. One instance reads one document, once.
 */
final class PageTextExtractor extends PDFTextStripper {

  /** C0 controls other than tab and newline; PostgreSQL text refuses NUL. */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F]");
  private static final Pattern TRAILING_SPACES = Pattern.compile("[ \\t]+\\n");

  private final Deadline deadline;
  private final int maxPages;
  private final StringWriter pageText = new StringWriter();
  private final List<String> texts = new ArrayList<>();
  private final List<Integer> unreadable = new ArrayList<>();

  /** A document with more pages than the limit, found while walking its page tree. */
  static final class TooManyPages extends RuntimeException {
    TooManyPages() {
      super("more pages than the limit", null, false, false);
    }
  }

  PageTextExtractor(Deadline deadline, int maxPages) {
    this.deadline = deadline;
    this.maxPages = maxPages;
    setLineSeparator("\n");
    setPageStart("");
    setPageEnd("");
    setArticleStart("");
    setArticleEnd("");
  }

  /** The text of every page, index 0 for page 1; pages without content have empty text. */
  List<String> extract(PDDocument document) throws IOException {
    writeText(document, pageText);
    // pages after the last one with content were never handed to processPage
    padTo(getCurrentPageNo() - 1);
    return texts;
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
    texts.add(clean(pageText.toString()));
  }

  @Override
  protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
    deadline.check();
    super.processOperator(operator, operands);
  }

  private void padTo(int pages) {
    while (texts.size() < pages) {
      if (texts.size() + 1 > maxPages) {
        throw new TooManyPages();
      }
      texts.add("");
    }
  }

  private static String clean(String text) {
    String withoutControls = CONTROL.matcher(text).replaceAll("");
    return TRAILING_SPACES.matcher(withoutControls).replaceAll("\n").strip();
  }
}
