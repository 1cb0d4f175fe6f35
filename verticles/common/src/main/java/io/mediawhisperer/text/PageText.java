package io.mediawhisperer.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a document's pages made fit to read on its own: for listening (audiobooks) and for
 * writing from it (summaries, posts), the one place that cleaning is done. Pure Java, no I/O.
 *
 * <p>What it removes and joins:
 * <ul>
 *   <li>running headers, footers and page numbers ({@link RunningLines}: lines at the top or
 *       bottom of many pages that are the same ignoring digits, bare page numbers, roman
 *       numerals, {@code "Page 3 of 10"}, short lines numbered like the page);</li>
 *   <li>words hyphenated at a line end, and the line breaks inside paragraphs ({@link Reflow}:
 *       lower-case {@code "informa-"} + lower-case {@code "tion"} is one word; a line well short
 *       of the full width ends a paragraph);</li>
 *   <li>with {@link #paragraphs}, a paragraph broken by a page break ({@code "shall strive by"} /
 *       {@code "teaching and education ..."}) is one paragraph again.</li>
 * </ul>
 * Pages are given in order, page 1 first; a null page is an empty one.
 */
public final class PageText {

  /** A paragraph on one line, and the page (1 for the first one given) it starts on. */
  public record Paragraph(int page, String text) {
  }

  private PageText() {
  }

  /**
   * The pages with running headers, footers and page numbers removed, every other line kept as it
   * was: for a caller that looks at lines (code, tables) before {@link #reflow reflowing} them.
   */
  public static List<String> removeRunningLines(List<String> pages) {
    return RunningLines.remove(pages);
  }

  /**
   * The cleaned pages, as many as given: running lines removed, hyphenation joined, each
   * paragraph on one line and paragraphs separated by a blank line. A paragraph that continues
   * on the next page stays split between the two pages.
   */
  public static List<String> clean(List<String> pages) {
    List<String> stripped = RunningLines.remove(pages);
    Reflow reflow = Reflow.of(stripped);
    List<String> cleaned = new ArrayList<>(stripped.size());
    for (String page : stripped) {
      cleaned.add(String.join("\n\n", reflow.paragraphs(page)));
    }
    return cleaned;
  }

  /** The document's paragraphs in order: {@link #removeRunningLines} and then {@link #reflow}. */
  public static List<Paragraph> paragraphs(List<String> pages) {
    return reflow(RunningLines.remove(pages));
  }

  /**
   * Paragraphs of pages whose running lines are already gone: hyphenation joined, lines of a
   * paragraph joined with spaces, and a paragraph that a page break cut (its last line ends
   * without a sentence's end and the next page starts with a lower-case letter) made whole and
   * counted on the page where it starts.
   */
  public static List<Paragraph> reflow(List<String> pages) {
    Reflow reflow = Reflow.of(pages);
    List<Paragraph> paragraphs = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      List<String> onPage = reflow.paragraphs(pages.get(i));
      for (int j = 0; j < onPage.size(); j++) {
        String text = onPage.get(j);
        if (j == 0 && !paragraphs.isEmpty() && continues(paragraphs.getLast(), i + 1, text)) {
          Paragraph cut = paragraphs.removeLast();
          StringBuilder whole = new StringBuilder(cut.text());
          Reflow.join(whole, text);
          paragraphs.add(new Paragraph(cut.page(), whole.toString()));
        } else {
          paragraphs.add(new Paragraph(i + 1, text));
        }
      }
    }
    return paragraphs;
  }

  /** Whether a page's first paragraph carries on the previous page's last one. */
  private static boolean continues(Paragraph previous, int page, String first) {
    return previous.page() < page
        && !Reflow.endsSentence(previous.text())
        && Character.isLowerCase(first.codePointAt(0));
  }
}
