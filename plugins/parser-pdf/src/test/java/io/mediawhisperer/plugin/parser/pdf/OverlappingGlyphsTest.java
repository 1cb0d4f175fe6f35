package io.mediawhisperer.plugin.parser.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The extractor's own check for glyphs drawn over themselves gives PDFBox's text, page for page. */
class OverlappingGlyphsTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"pdf/tracemonkey-two-column.pdf", "pdf/udhr.pdf"})
  void corpusPagesComeOutAsPdfBoxSuppressingOverlapsGivesThem(String name) throws IOException {
    Path file = Corpus.file(name);
    List<String> ours = ours(file);
    List<String> pdfBox = pdfBox(file);

    assertThat(ours).hasSameSizeAs(pdfBox);
    for (int i = 0; i < ours.size(); i++) {
      assertThat(ours.get(i)).as("%s page %d", name, i + 1).isEqualTo(pdfBox.get(i));
    }
    assertThat(String.join("", ours)).hasSizeGreaterThan(1_000);
  }

  @Test
  void fakeBoldComesOutOnceAndRepeatedTextElsewhereTwice() throws IOException {
    Path file = TestPdfs.withFakeBold(dir.resolve("bold.pdf"), "Chapter One", "same words");

    String text = ours(file).get(0);

    assertThat(text).contains("Chapter One").doesNotContain("CChh").doesNotContain("Chapter OneChapter One");
    assertThat(text.split("same words", -1)).hasSize(3);
    assertThat(text).isEqualTo(pdfBox(file).get(0));
  }

  @Test
  void aGlyphIsARepeatOnlyWithinATolerance() {
    OverlappingGlyphs glyphs = new OverlappingGlyphs();
    // width 6 for one character: tolerance 2 on both axes, [v - 2, v + 2)
    assertThat(glyphs.repeatsEarlier("a", 100, 100, 6)).isFalse();
    assertThat(glyphs.repeatsEarlier("a", 101.9f, 98.1f, 6)).isTrue();
    assertThat(glyphs.repeatsEarlier("b", 100, 100, 6)).as("another character").isFalse();
    assertThat(glyphs.repeatsEarlier("a", 102.5f, 100, 6)).as("2.5 to the right").isFalse();
    assertThat(glyphs.repeatsEarlier("a", 100, 95, 6)).as("5 lower, in the row below").isFalse();
    assertThat(glyphs.repeatsEarlier("a", 100, 96.5f, 6)).as("within 2 of the one 5 lower").isTrue();
    assertThat(glyphs.repeatsEarlier("", 100, 100, 6)).as("an empty text is never compared").isFalse();
    assertThat(glyphs.repeatsEarlier("", 100, 100, 6)).isFalse();
    glyphs.clear();
    assertThat(glyphs.repeatsEarlier("a", 100, 100, 6)).as("a new page").isFalse();
  }

  private static List<String> ours(Path file) throws IOException {
    List<String> pages = new ArrayList<>();
    try (PDDocument document = Loader.loadPDF(file.toFile())) {
      new PageTextExtractor(new Deadline(Duration.ofMinutes(1)), 10_000, (number, text) -> pages.add(text))
          .extract(document, document.getNumberOfPages());
    }
    return pages;
  }

  /** Each page through a stock PDFTextStripper set up as the extractor is, overlaps suppressed by PDFBox itself, cleaned alike. */
  private static List<String> pdfBox(Path file) throws IOException {
    List<String> pages = new ArrayList<>();
    try (PDDocument document = Loader.loadPDF(file.toFile())) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSuppressDuplicateOverlappingText(true);
      stripper.setLineSeparator("\n");
      stripper.setPageStart("");
      stripper.setPageEnd("");
      stripper.setArticleStart("");
      stripper.setArticleEnd("");
      for (int page = 1; page <= document.getNumberOfPages(); page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        pages.add(PageTextExtractor.clean(stripper.getText(document)));
      }
    }
    return pages;
  }
}
