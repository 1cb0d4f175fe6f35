package io.mediawhisperer.plugin.chat.extractive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import io.mediawhisperer.spi.text.SentenceSplitter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Summaries of real documents of the corpus: the Python Design FAQ and a podcast transcript. */
class SummarizerTest {

  /** Its own sentences, in reading order, no junk, no questions, ranging over the document rather than one answer. */
  @Test
  void summarisesTheDesignFaqWithItsOwnSentencesInReadingOrder() {
    List<String> lines = CorpusText.lines("qa/design.rst.txt");
    String text = CorpusText.collapsed(lines, 1, lines.size());
    List<Passage> passages = CorpusText.passages("Design and History FAQ", text, 600);

    String summary = Summarizer.summarize(new SummaryRequest("Design and History FAQ", passages, 120));
    System.out.println("Design FAQ in 120 words: " + summary);

    assertThat(Junk.words(summary)).isBetween(60, 120);
    List<String> sentences = SentenceSplitter.split(summary);
    assertThat(sentences).hasSizeGreaterThanOrEqualTo(3);
    int first = -1;
    int previous = -1;
    for (String sentence : sentences) {
      int at = text.indexOf(sentence);
      assertThat(at).as("\"%s\" is a sentence of the document", sentence).isNotNegative();
      assertThat(at).as("\"%s\" comes after the previous sentence", sentence).isGreaterThan(previous);
      assertThat(Junk.unfitForSummary(sentence) || sentence.endsWith("?")).as("\"%s\" is junk or a question", sentence).isFalse();
      first = first < 0 ? at : first;
      previous = at;
    }
    assertThat(previous - first).as("the stretch of the document the summary quotes").isGreaterThan(text.length() / 2);
  }

  @Test
  void summarisesAPodcastTranscript() {
    String text = CorpusText.transcript("transcripts/podcast-no-blank-lines.vtt");
    List<Passage> passages = CorpusText.passages("The end of programming", text, 500);
    String summary = Summarizer.summarize(new SummaryRequest("The end of programming", passages, 60));
    System.out.println("Podcast in 60 words: " + summary);
    assertThat(Junk.words(summary)).isBetween(20, 60);
    assertThat(summary).containsIgnoringCase("programming");
  }

  @Test
  void repeatedSentencesOfOverlappingChunksCountOnce() {
    String a = "Python uses indentation for grouping of statements because it is elegant and clear.";
    String b = "Most people learn to love the indentation rule of the language after a while.";
    String c = "There are no begin and end brackets so the parser and the reader always agree on grouping.";
    List<Passage> overlapping = List.of(new Passage(1, "FAQ", null, a + " " + b), new Passage(2, "FAQ", null, b + " " + c));
    String summary = Summarizer.summarize(new SummaryRequest("FAQ", overlapping, 100));
    assertThat(summary.split("Most people", -1)).hasSize(2);
  }

  @Test
  void aSummaryTooShortForAnySentenceIsTheBestSentenceCut() {
    List<Passage> passages = List.of(new Passage(1, "Paper", "p. 1", "Dynamic languages such as JavaScript are more "
        + "difficult to compile than statically typed ones, since no concrete type information is available to the "
        + "compiler before the program actually runs."));
    String summary = Summarizer.summarize(new SummaryRequest("Paper", passages, 10));
    assertThat(summary).startsWith("Dynamic languages such as JavaScript").endsWith(" …");
    assertThat(Junk.words(summary)).isEqualTo(11);
  }

  @Test
  void textWithoutSentencesIsGivenAsItsFirstWords() {
    assertThat(Summarizer.summarize(new SummaryRequest("Table", List.of(new Passage(1, "Table", null, "1 2 3 | 4 5 6")), 10)))
        .isEqualTo("1 2 3 | 4 5 6");
    assertThat(Summarizer.summarize(new SummaryRequest("Empty", List.of(), 10))).isEqualTo("\"Empty\" has no text to summarize.");
  }

  @Test
  void skipsReferenceListsAndDebris() {
    String references = "[7] V. Bala, E. Duesterwald, and S. Banerjia. Dynamo: A transparent dynamic optimization "
        + "system. In Proceedings of the ACM SIGPLAN Conference on Programming Language Design and Implementation, "
        + "pages 1–12. ACM Press, 2000. [11] A. Gal, C. W. Probst, and M. Franz. HotpathVM: An effective JIT compiler "
        + "for resource-constrained devices. In Proceedings of the International Conference on Virtual Execution "
        + "Environments, pages 144–153. ACM Press, 2006.";
    String body = "Our experimental results show that in practice loops typically are entered with only a few different "
        + "combinations of value types of variables. Thus, a small number of traces per loop is sufficient to run a "
        + "program efficiently.";
    String summary = Summarizer.summarize(new SummaryRequest("Paper",
        List.of(new Passage(1, "Paper", "p. 13", body), new Passage(2, "Paper", "p. 14", references)), 200));
    assertThat(summary).doesNotContain("Proceedings", "Bala", "pages 1–12");
    assertThat(Junk.reference("[6] A. Aho, R. Sethi, J. Ullman, and M. Lam.")).isTrue();
    assertThat(Junk.reference("Compilers: Principles, techniques, and tools, 2006.")).isTrue();
    assertThat(Junk.reference("Python was created by Guido van Rossum in 1991.")).isFalse();
  }

  /** A 200-page PDF has some 5,000 sentences; the Python FAQ eight times over has more (more than the cap once unfit ones are out). */
  @Test
  void staysFastOnALargeDocument() {
    List<Passage> passages = new ArrayList<>();
    List<String> articles = List.of(" the ", " that ", " this ", " each ", " every ", " some ", " any ",  " one ", " no ", " our ", " his ", " her ", " their ", " your ", " its ", " another ", " a ");
    for (String article : articles) {
      for (String file : List.of("qa/programming.rst.txt", "qa/design.rst.txt", "qa/library.rst.txt", "qa/general.rst.txt",
          "qa/extending.rst.txt", "qa/windows.rst.txt", "qa/gui.rst.txt")) {
        List<String> lines = CorpusText.lines(file);
        // each copy says "the" differently, so that its sentences are not repeats of the first copy's
        String text = CorpusText.collapsed(lines, 1, lines.size()).replace(" the ", article);
        passages.addAll(CorpusText.passages(file, text, 600));
      }
    }
    assertThat(Summarizer.candidates(passages)).hasSize(Summarizer.MAX_SENTENCES);
    Summarizer.summarize(new SummaryRequest("warm-up", passages.subList(0, 100), 100)); // as a running server is
    long start = System.nanoTime();
    String summary = Summarizer.summarize(new SummaryRequest("Python FAQ", passages, 200));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("Python FAQ x8 (" + passages.size() + " passages) in " + millis + " ms: " + summary);
    assertThat(Junk.words(summary)).isBetween(100, 200);
    assertThat(millis).isLessThan(5_000);
  }
}
