package io.mediawhisperer.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.plugin.parser.pdf.PdfParser;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.text.PageText.Paragraph;
import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaning on PDFs read by the PDF parser, as ingestion reads them: the corpus's (which have
 * no running headers: nothing of them may be lost) and a manual made here with PDFBox the way
 * Texinfo sets one (a header with the chapter and page number, a bare page number on a chapter's
 * first page, a footer on every page). It lives in the audiobook module, which reads PDFs this way:
 * common's own tests must not have a parser plugin on their class path, where they test the plugin catalog.
 */
class PageTextCorpusTest {

  private static final String BODY = "All the datasets supplied with the system are available directly by name. Many"
      + " packages still use the obsolete convention in which the datasets are loaded with a function call, and the"
      + " manual explains both conventions at some length because readers meet both of them in practice every day."
      + " A data frame may also be read from a file whose first line has a name for each variable in the frame and"
      + " whose other lines hold the values, one line for each case, with the informa" + "\u0000"
      + "tion about the types of the columns guessed from what they hold.";

  private static final List<String> TOPICS = List.of("apple", "pear", "plum", "grape", "lemon", "melon");

  @TempDir
  Path dir;

  @Test
  void aManualsRunningHeadersPageNumbersAndFooterAreGoneAndItsHeadingsStay() throws Exception {
    List<String> pages = pagesOf(manual(dir.resolve("manual.pdf")));
    assertThat(pages.get(1)).as("the parser gives the header as a line of its own").startsWith("Chapter 1: Introduction 2\n");

    List<Paragraph> paragraphs = PageText.paragraphs(pages);

    assertThat(paragraphs).extracting(Paragraph::text).noneMatch(text -> text.contains("Chapter 1: Introduction"))
        .noneMatch(text -> text.contains("Chapter 2: Reading")).noneMatch(text -> text.contains("Draft"))
        .noneMatch(text -> text.matches("\\d+"));
    assertThat(paragraphs).filteredOn(p -> p.text().equals("1 Introduction")).extracting(Paragraph::page).containsExactly(1);
    assertThat(paragraphs).filteredOn(p -> p.text().equals("2 Reading data from files")).extracting(Paragraph::page)
        .containsExactly(4);
    assertThat(paragraphs).filteredOn(p -> p.text().startsWith("All the ")).hasSize(6)
        .allSatisfy(p -> assertThat(p.text()).contains(" datasets supplied with the system ")
            .contains(" information about the types ").containsPattern("what they hold about [a-z]+\\.$"));
  }

  @Test
  void theDeclarationLosesNothingAndItsPageBreaksNoLongerCutParagraphs() throws Exception {
    List<String> pages = pagesOf(Corpus.file("pdf/udhr.pdf"));

    List<Paragraph> paragraphs = PageText.paragraphs(pages);

    List<String> texts = paragraphs.stream().map(Paragraph::text).toList();
    assertThat(texts.getFirst()).isEqualTo("Universal Declaration of Human Rights");
    assertThat(texts).contains("Preamble", "Article I");
    assertThat(texts).containsAll(IntStream.rangeClosed(2, 30).mapToObj(n -> "Article " + n).toList());
    assertThat(texts).anyMatch(text -> text.contains("shall strive by teaching and education to promote respect"));
    assertThat(texts).anyMatch(text -> text.contains("Nor shall a heavier penalty be imposed than the one"));
    assertThat(texts).contains("Article 6", "Everyone has the right to recognition everywhere as a person before the law.");
    assertThat(words(texts)).as("words kept").isEqualTo(words(pages));
  }

  @Test
  void theTwoColumnPaperKeepsItsTextAndJoinsItsHyphenatedWords() throws Exception {
    List<String> pages = pagesOf(Corpus.file("pdf/tracemonkey-two-column.pdf"));

    List<String> texts = PageText.paragraphs(pages).stream().map(Paragraph::text).toList();

    assertThat(texts).anyMatch(text -> text.contains("object representations can change during execution, so the"
        + " simplified code requires guard instructions"));
    assertThat(texts).anyMatch(text -> text.contains("We present an alternative compilation technique for"
        + " dynamically-typed languages that identifies frequently executed loop traces at run-time"));
    assertThat(texts).contains("1. Introduction", "2. Overview: Example Tracing Run", "10. Future Work");
    // joined hyphenations make two words one; a few bare numbers of the figures' axes at a page's edge go
    assertThat((double) words(texts) / words(pages)).as("share of words kept").isGreaterThan(0.97);
  }

  private static List<String> pagesOf(Path pdf) throws Exception {
    ParsedSource parsed = new PdfParser().parse(pdf, ParseLimits.defaults());
    return parsed.pages().stream().map(ParsedSource.Page::text).toList();
  }

  private static long words(List<String> texts) {
    return texts.stream().flatMap(text -> List.of(text.split("\\s+")).stream()).filter(word -> !word.isBlank()).count();
  }

  /**
   * Six pages: chapter 1 on pages 1-3, chapter 2 on pages 4-6. A chapter's first page has its
   * page number alone at the top, the others a header {@code "Chapter N: Title P"}; every page has
   * the footer {@code "Draft - not for distribution"} and a paragraph of body text with a word
   * hyphenated at a line end.
   */
  private static Path manual(Path file) throws IOException {
    try (PDDocument document = new PDDocument()) {
      for (int page = 1; page <= 6; page++) {
        int chapter = page <= 3 ? 1 : 2;
        String title = chapter == 1 ? "Introduction" : "Reading data from files";
        List<String> lines = new ArrayList<>();
        boolean opensChapter = page == 1 || page == 4;
        lines.add(opensChapter ? String.valueOf(page) : "Chapter " + chapter + ": " + title + " " + page);
        if (opensChapter) {
          lines.add(chapter + " " + title);
        }
        // each page's text its own: a line repeated word for word at the edge of many pages is a running line
        String topic = TOPICS.get(page - 1);
        String body = BODY.replace("All the", "All the " + topic).replace("they hold.", "they hold about " + topic + ".");
        lines.addAll(wrap(body.replace("\u0000", "-\n"), 80));
        lines.add("Draft - not for distribution");
        PDPage pdfPage = new PDPage();
        document.addPage(pdfPage);
        try (PDPageContentStream content = new PDPageContentStream(document, pdfPage)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
          content.setLeading(14);
          content.newLineAtOffset(60, 740);
          for (String line : lines) {
            content.showText(line);
            content.newLine();
          }
          content.endText();
        }
      }
      document.save(file.toFile());
    }
    return file;
  }

  /** Lines of at most {@code width} characters; a newline in the text forces a line end (after a hyphen). */
  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (String part : text.split("\n")) {
      StringBuilder line = new StringBuilder();
      for (String word : part.split(" ")) {
        if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
          lines.add(line.toString());
          line.setLength(0);
        }
        line.append(line.isEmpty() ? "" : " ").append(word);
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
