package io.mediawhisperer.spi.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void cutsAfterSentenceEnds() {
    assertThat(SentenceSplitter.split("Python is an interpreted language. It is interactive! Is it slow? Not really."))
        .containsExactly("Python is an interpreted language.", "It is interactive!", "Is it slow?", "Not really.");
  }

  @Test
  void doesNotCutAtAbbreviationsInitialsOrDecimals() {
    assertThat(SentenceSplitter.split(
        "Some languages, e.g. Python, are dynamic. See Fig. 3 for the numbers. A. Gal and B. Eich wrote it in 2009."))
        .containsExactly("Some languages, e.g. Python, are dynamic.", "See Fig. 3 for the numbers.",
            "A. Gal and B. Eich wrote it in 2009.");
    assertThat(SentenceSplitter.split("The module (i.e. the file) is loaded once. Users see 1.2 - 1.0 give 0.19999999999999996 "
        + "and think it is a bug. It's not."))
        .containsExactly("The module (i.e. the file) is loaded once.",
            "Users see 1.2 - 1.0 give 0.19999999999999996 and think it is a bug.", "It's not.");
    assertThat(SentenceSplitter.split("Hot loops are mostly type-stable et al. found, cf. Sec. 4 and the U.S. Government."))
        .hasSize(1);
  }

  @Test
  void keepsDottedNamesAndCallsWhole() {
    assertThat(SentenceSplitter.split("Call os.path.join() with the parts. Then call list.index(x) on the result."))
        .containsExactly("Call os.path.join() with the parts.", "Then call list.index(x) on the result.");
    assertThat(SentenceSplitter.split("Use ``x.sort()`` to sort in place. The method returns None."))
        .containsExactly("Use ``x.sort()`` to sort in place.", "The method returns None.");
  }

  @Test
  void keepsASentenceThatGoesOnInLowerCase() {
    assertThat(SentenceSplitter.split("It runs etc. and then stops. Really.")).containsExactly("It runs etc. and then stops.", "Really.");
  }

  @Test
  void closingQuotesAndBracketsStayWithTheirSentence() {
    assertThat(SentenceSplitter.split("He said \"it works.\" Then he left. (It did not.) The end."))
        .containsExactly("He said \"it works.\"", "Then he left.", "(It did not.)", "The end.");
  }

  /** The first page of the Tracemonkey paper as PDF text extraction gives it: wrapped lines, hyphenation. */
  @Test
  void joinsWrappedPdfLinesAndTheirHyphenation() {
    String page = """
        Abstract
        Dynamic languages such as JavaScript are more difficult to com-
        pile than statically typed ones. Since no concrete type information
        is available, traditional compilers need to emit generic code that can
        handle all possible type combinations at runtime.
        1. Introduction
        Dynamic languages such as JavaScript, Python, and Ruby, are pop-
        ular since they are expressive.""";
    assertThat(SentenceSplitter.split(page)).containsExactly(
        "Abstract",
        "Dynamic languages such as JavaScript are more difficult to compile than statically typed ones.",
        "Since no concrete type information is available, traditional compilers need to emit generic code that "
            + "can handle all possible type combinations at runtime.",
        "1. Introduction",
        "Dynamic languages such as JavaScript, Python, and Ruby, are popular since they are expressive.");
  }

  @Test
  void endsSentencesAtBlankLinesListItemsAndCode() {
    String text = "Results\n\nThe loop ran 10x faster\n- first item\n- second item\n"
        + "Try this:\n    if (x <= y)\n            x++;\nOnly the x++ statement is executed";
    assertThat(SentenceSplitter.split(text)).containsExactly(
        "Results", "The loop ran 10x faster", "- first item", "- second item", "Try this:", "if (x <= y)", "x++;",
        "Only the x++ statement is executed");
    assertThat(SentenceSplitter.split("Line one.\r\nLine two.\rLine three.")).containsExactly("Line one.", "Line two.", "Line three.");
  }

  @Test
  void cutsTextWithoutPunctuationIntoWindows() throws java.io.IOException {
    String captions = spokenLines("transcripts/youtube-auto-caption.vtt");
    List<String> windows = SentenceSplitter.split(captions.replaceAll("<[^>]*>", ""));
    assertThat(windows).isNotEmpty().allSatisfy(w -> assertThat(WritingText.words(w)).isLessThanOrEqualTo(SentenceSplitter.MAX_WORDS));
    String words = "word ".repeat(130).strip();
    assertThat(SentenceSplitter.split(words)).extracting(WritingText::words).containsExactly(40, 40, 50);
  }

  @Test
  void nothingGivesNothing() {
    assertThat(SentenceSplitter.split("")).isEmpty();
    assertThat(SentenceSplitter.split(" \n\n \t")).isEmpty();
  }

  /** The cue lines of a WebVTT file of the corpus, joined with spaces. */
  private static String spokenLines(String relative) throws java.io.IOException {
    return java.nio.file.Files.readAllLines(io.mediawhisperer.testsupport.Corpus.file(relative)).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.equals("WEBVTT") && !l.matches("\\d+") && !l.contains("-->")
            && !l.matches("(Kind|Language|Style):.*"))
        .collect(java.util.stream.Collectors.joining(" "));
  }
}
