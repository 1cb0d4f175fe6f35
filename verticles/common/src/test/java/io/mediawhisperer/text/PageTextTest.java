package io.mediawhisperer.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.text.PageText.Paragraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cleaning rules on small pages written here; {@link PageTextCorpusTest} runs them on real PDFs. */
class PageTextTest {

  /** Each page's text differs: a line repeated word for word at the edge of many pages is a running line. */
  private static final List<String> TOPICS = List.of("apples", "pears", "plums", "grapes", "lemons", "melons");
  private static final String FULL_1 = "All the datasets supplied with R are available directly by name and can be";
  private static final String FULL_2 = "read into a session with a single call, which this chapter shows with a few";
  private static final String LAST = "small examples.";

  @Test
  void aRunningHeaderWhosePageNumberChangesIsRemovedFromEveryPage() {
    List<String> pages = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pages.add("Chapter 7: Reading data from files " + (35 + i) + "\n" + body(i));
    }

    List<String> cleaned = PageText.clean(pages);

    assertThat(cleaned).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(cleaned.get(i)).isEqualTo(flowing(i)).doesNotContain("Chapter 7").doesNotContain("3");
    }
  }

  @Test
  void aHeaderNumberedLikeThePageGoesEvenWhenItsTitleChangesEveryTwoPages() {
    // printed page = index + 2; no title repeats three times, the numbering does
    List<String> pages = List.of(
        "3\n1 Introduction\n" + body(0),
        "Chapter 1: Introduction 4\n" + body(1),
        "5\n2 Structure\n" + body(2),
        "Chapter 2: Structure 6\n" + body(3),
        "Chapter 2: Structure 7\n" + body(4));

    List<String> cleaned = PageText.clean(pages);

    assertThat(cleaned.get(0)).isEqualTo("1 Introduction\n\n" + flowing(0));
    assertThat(cleaned.get(1)).isEqualTo(flowing(1));
    assertThat(cleaned.get(2)).as("the page number goes, the chapter heading stays").startsWith("2 Structure\n\n");
    assertThat(cleaned.get(3)).doesNotContain("Chapter 2");
    assertThat(cleaned.get(4)).doesNotContain("Chapter 2");
  }

  @Test
  void aChapterHeadingNumberedLikeItsPageUnderThePageNumberStays() {
    // the manual's first chapter starts on printed page 1 and is called "1 Introduction"
    List<String> pages = new ArrayList<>(List.of("1\n1 Introduction\n" + body(0)));
    for (int page = 2; page <= 4; page++) {
      pages.add(body(page - 1) + "\n" + page);
    }

    List<String> cleaned = PageText.clean(pages);

    assertThat(cleaned.get(0)).isEqualTo("1 Introduction\n\n" + flowing(0));
    for (int i = 1; i < 4; i++) {
      assertThat(cleaned.get(i)).isEqualTo(flowing(i));
    }
  }

  @Test
  void barePageNumbersPageOfAndRomanNumeralsAtTheEdgesGo() {
    List<String> pages = List.of(
        "iv\n" + body(0),
        body(1) + "\nPage 3 of 10",
        "- 12 -\n" + body(2),
        body(3) + "\n7 / 40",
        "xii\n" + body(4) + "\n[9]");

    List<String> cleaned = PageText.clean(pages);

    for (int i = 0; i < 5; i++) {
      assertThat(cleaned.get(i)).isEqualTo(flowing(i));
    }
  }

  @Test
  void aHeadingLabelThatOpensManyPagesIsNotAHeader() {
    List<String> pages = new ArrayList<>();
    for (int article = 6; article <= 9; article++) {
      pages.add("Article " + article + "\n" + body(article - 6));
    }

    List<String> cleaned = PageText.clean(pages);

    for (int i = 0; i < 4; i++) {
      assertThat(cleaned.get(i)).startsWith("Article " + (6 + i) + "\n\n");
    }
  }

  @Test
  void aFooterRepeatedWordForWordGoesAndOneSeenTwiceStays() {
    List<String> pages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pages.add(body(i) + "\nACME Corporation - Confidential");
    }
    pages.add(body(4) + "\nSee the appendix");
    pages.add(body(5) + "\nSee the appendix");

    List<String> cleaned = PageText.clean(pages);

    assertThat(cleaned.subList(0, 4)).allSatisfy(page -> assertThat(page).doesNotContain("Confidential"));
    assertThat(cleaned.subList(4, 6)).allSatisfy(page -> assertThat(page).endsWith("See the appendix"));
  }

  @Test
  void hyphenationBetweenLowerCaseLettersIsJoinedOtherHyphensStay() {
    String page = "The interpreter records the informa-\n"
        + "tion it needs to compile a trace, as Gal-\n"
        + "Eich described in their paper about the trace-\n"
        + "based compiler and its execution speed on benchmarks.";

    assertThat(PageText.clean(List.of(page)).getFirst())
        .contains("information it needs")
        .contains("Gal-Eich described")
        .contains("tracebased compiler");
  }

  @Test
  void wrappedLinesBecomeOneParagraphAndShortLinesEndOne() {
    String page = String.join("\n",
        "Preamble",
        "Whereas recognition of the inherent dignity and of the equal and inalienable",
        "rights of all members of the human family is the foundation of freedom, justice",
        "and peace in the world,",
        "Whereas disregard and contempt for human rights have resulted in barbarous",
        "acts which have outraged the conscience of mankind.",
        "",
        "Article 1",
        "All human beings are born free and equal in dignity and rights. They are",
        "endowed with reason and conscience and should act towards one another in a",
        "spirit of brotherhood.");

    assertThat(PageText.clean(List.of(page)).getFirst().split("\n\n")).containsExactly(
        "Preamble",
        "Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of the"
            + " human family is the foundation of freedom, justice and peace in the world,",
        "Whereas disregard and contempt for human rights have resulted in barbarous acts which have outraged the"
            + " conscience of mankind.",
        "Article 1",
        "All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience"
            + " and should act towards one another in a spirit of brotherhood.");
  }

  @Test
  void aShortCapitalizedLineAfterASentenceIsAParagraphOfItsOwnAndBulletsStartOne() {
    String page = String.join("\n",
        "The library is portable to any system with a C89 compiler and nothing else,",
        "and it needs no configuration at all before it can be used by a program.",
        "Library Notes",
        "The library has these properties, which the next sections explain in turn:",
        "• Portability. The code should work on all Unix like operating systems.",
        "• Small footprint.");

    assertThat(PageText.clean(List.of(page)).getFirst().split("\n\n")).containsExactly(
        "The library is portable to any system with a C89 compiler and nothing else, and it needs no configuration"
            + " at all before it can be used by a program.",
        "Library Notes",
        "The library has these properties, which the next sections explain in turn:",
        "• Portability. The code should work on all Unix like operating systems.",
        "• Small footprint.");
  }

  @Test
  void aParagraphCutByAPageBreakIsOneParagraphOnItsFirstPage() {
    List<String> pages = List.of(
        FULL_1 + "\n" + FULL_2 + "\nevery individual and every organ of society shall strive by",
        "teaching and education to promote respect for these rights and freedoms.\nArticle 1\n" + body(1),
        "Article 2\n" + body(2));

    List<Paragraph> paragraphs = PageText.paragraphs(pages);

    assertThat(paragraphs.getFirst().page()).isEqualTo(1);
    assertThat(paragraphs.getFirst().text()).endsWith("shall strive by teaching and education to promote respect for"
        + " these rights and freedoms.");
    assertThat(paragraphs).extracting(Paragraph::text).contains("Article 1", "Article 2");
    assertThat(paragraphs).filteredOn(p -> p.text().equals("Article 2")).extracting(Paragraph::page).containsExactly(3);
  }

  @Test
  void emptyAndMissingPagesGiveEmptyPagesAndNoParagraphs() {
    List<String> pages = Arrays.asList("", null, "  \n \n", "\n");

    assertThat(PageText.clean(pages)).containsExactly("", "", "", "");
    assertThat(PageText.paragraphs(pages)).isEmpty();
    assertThat(PageText.paragraphs(List.of())).isEmpty();
  }

  @Test
  void unwrappedTextKeepsEachLineAsAParagraph() {
    String note = String.join("\n",
        "This note was written in an editor that does not wrap lines, so every paragraph is one long line of text,"
            + " however long it gets.",
        "A second paragraph follows on the next line without a blank line between the two of them, as chat apps and"
            + " notes do it.",
        "Short one.");

    assertThat(PageText.paragraphs(List.of(note))).extracting(Paragraph::text).hasSize(3);
  }

  /** Three lines of set text, the first two full, about a topic of their own. */
  private static String body(int topic) {
    String about = TOPICS.get(topic);
    return FULL_1.replace("datasets", "datasets on " + about) + "\n" + FULL_2.replace("chapter", about + " chapter") + "\n"
        + LAST.replace("small", "small " + about);
  }

  /** {@link #body} as one paragraph. */
  private static String flowing(int topic) {
    return body(topic).replace('\n', ' ');
  }
}
