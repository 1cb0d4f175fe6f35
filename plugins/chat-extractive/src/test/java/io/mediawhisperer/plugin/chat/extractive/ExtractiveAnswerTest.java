package io.mediawhisperer.plugin.chat.extractive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatAnswer;
import io.mediawhisperer.spi.chat.ChatMessage;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Passage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers to questions over real passages: the Tracemonkey paper, the Python FAQ, a podcast transcript. */
class ExtractiveAnswerTest {

  private static final String PAPER = "Tracemonkey paper";

  private static final Passage INTRO = new Passage(1, PAPER, "p. 1", "Dynamic languages such as JavaScript, Python, "
      + "and Ruby, are popular since they are expressive, accessible to non-experts, and make deployment as easy as "
      + "distributing a source file. They are used for small scripts as well as for complex applications. "
      + "JavaScript, for example, is the de facto standard for client-side web programming and is used for the "
      + "application logic of browser-based productivity applications such as Google Mail, Google Docs and Zimbra "
      + "Collaboration Suite.");
  private static final Passage TRACES = new Passage(2, PAPER, "p. 1", "We present a trace-based compilation "
      + "technique for dynamic languages that reconciles speed of compilation with excellent performance of the "
      + "generated machine code. Our system uses a mixed-mode execution approach: the system starts running "
      + "JavaScript in a fast-starting bytecode interpreter. As the program runs, the system identifies hot "
      + "(frequently executed) bytecode sequences, records them, and compiles them to fast native code. We call "
      + "such a sequence of instructions a trace.");
  private static final Passage GUARDS = new Passage(3, PAPER, "p. 2", "Every compiled trace contains all the guards "
      + "(checks) required to validate the speculation. If one of the guards fails (if control flow is different, "
      + "or a value of a different type is generated), the trace exits. If an exit becomes hot, the VM can record a "
      + "branch trace starting at the exit to cover the new path.");

  private final ChatModel model = new ExtractiveProvider().open(PluginSettings.empty());

  @Test
  void quotesTheSecondPassageWhenItIsClearlyTheAnswer() throws Exception {
    // the question shares only "dynamic languages" and "JavaScript" with the first passage
    ChatAnswer answer = ask("Which bytecode sequences does the system compile to native code?", INTRO, TRACES, GUARDS);
    assertThat(answer.citedMarkers()).first().isEqualTo(2);
    assertThat(answer.text()).startsWith("According to your sources:\n\n- \"As the program runs, the system identifies "
        + "hot (frequently executed) bytecode sequences, records them, and compiles them to fast native code.\" "
        + "(Tracemonkey paper, p. 1) [2]");
  }

  @Test
  void prefersTheTopPassageWhenTheWordsAreEven() throws Exception {
    Passage tracesFirst = new Passage(1, PAPER, "p. 1", TRACES.text());
    Passage tracesAgain = new Passage(2, "Tracemonkey slides", "slide 4", TRACES.text().replace("We present", "They present"));
    ChatAnswer answer = ask("How are hot bytecode sequences compiled?", tracesFirst, tracesAgain);
    assertThat(answer.citedMarkers()).containsExactly(1);
  }

  @Test
  void writesTheAnswerInItsFormatStrongestFirst() throws Exception {
    List<String> deltas = new ArrayList<>();
    ChatAnswer answer = model.answer(new ChatRequest("What happens when a guard of a compiled trace fails?", List.of(),
        List.of(TRACES, GUARDS)), deltas::add);
    assertThat(answer.text()).isEqualTo("""
        According to your sources:

        - "If one of the guards fails (if control flow is different, or a value of a different type is generated), \
        the trace exits." (Tracemonkey paper, p. 2) [3]
        - "Every compiled trace contains all the guards (checks) required to validate the speculation." \
        (Tracemonkey paper, p. 2) [3]""");
    assertThat(deltas).hasSize(3).first().isEqualTo("According to your sources:\n\n");
    assertThat(answer.citedMarkers()).containsExactly(3);
  }

  @Test
  void saysPlainlyWhenThereIsNothingToQuote() throws Exception {
    List<String> deltas = new ArrayList<>();
    ChatAnswer answer = model.answer(new ChatRequest("What is a trace tree?", List.of(), List.of()), deltas::add);
    assertThat(answer.text()).isEqualTo(AnswerWriter.NOTHING_FOUND);
    assertThat(deltas).containsExactly(AnswerWriter.NOTHING_FOUND);
    assertThat(answer.citedMarkers()).isEmpty();
  }

  @Test
  void offersTheClosestPassageWhenNoSentenceSharesAWord() throws Exception {
    ChatAnswer answer = ask("Who won the football world cup in 1954?", INTRO, TRACES);
    assertThat(answer.text()).isEqualTo("""
        No passage in your sources clearly answers this question. The closest passage says:

        - "Dynamic languages such as JavaScript, Python, and Ruby, are popular since they are expressive, accessible \
        to non-experts, and make deployment as easy as distributing a source file." (Tracemonkey paper, p. 1) [1]""");
    assertThat(answer.citedMarkers()).containsExactly(1);
    assertThat(ask("Why?", INTRO).text()).startsWith(AnswerWriter.ONLY_CLOSEST);
  }

  @Test
  void passagesWithNothingQuotableCountAsNothingFound() throws Exception {
    Passage numbers = new Passage(1, "Table", "p. 9", "12.5 | 13.1 | 14.0 || 2x 3x 20x");
    assertThat(ask("How fast is it?", numbers).text()).isEqualTo(AnswerWriter.NOTHING_FOUND);
  }

  @Test
  void readsAFollowUpWithThePreviousQuestion() throws Exception {
    ChatAnswer answer = model.answer(new ChatRequest("And why?", List.of(
        new ChatMessage(ChatMessage.Role.USER, "Are dynamic languages like JavaScript hard to compile?"),
        new ChatMessage(ChatMessage.Role.ASSISTANT, "Yes [1].")), List.of(
            new Passage(1, PAPER, "p. 1", "Dynamic languages such as JavaScript are more difficult to compile than "
                + "statically typed ones. Since no concrete type information is available, traditional compilers "
                + "need to emit generic code that can handle all possible type combinations at runtime."))),
        delta -> { });
    assertThat(answer.text()).startsWith(AnswerWriter.FOUND).contains("more difficult to compile");
  }

  @Test
  void skipsRepeatsOfOverlappingChunks() throws Exception {
    String sentence = "If an exit becomes hot, the VM can record a branch trace starting at the exit to cover the new path.";
    Passage first = new Passage(1, PAPER, "p. 2", "The trace exits. " + sentence);
    Passage second = new Passage(2, PAPER, "p. 2", sentence + " In this way, the VM records a trace tree.");
    ChatAnswer answer = ask("What does the VM record when an exit becomes hot?", first, second);
    assertThat(answer.text().split("\n")).filteredOn(line -> line.contains("branch trace starting")).hasSize(1);
    assertThat(answer.citedMarkers()).first().isEqualTo(1);
  }

  @Test
  void quotesAtMostThreeSentencesAndTwoPerPassage() throws Exception {
    Passage loops = new Passage(4, PAPER, "p. 2", "Nested loops can be difficult to optimize for tracing VMs. "
        + "We solve the nested loop problem by recording nested trace trees. Our system traces the inner loop "
        + "exactly as the naive version. When the outer loop reaches the inner loop header, the system tries to "
        + "call the trace tree for the inner loop.");
    ChatAnswer answer = ask("How are nested loops traced with trace trees?", loops, GUARDS, TRACES);
    long quotes = answer.text().lines().filter(line -> line.startsWith("- ")).count();
    long fromLoops = answer.text().lines().filter(line -> line.endsWith("[4]")).count();
    assertThat(quotes).isBetween(1L, 3L);
    assertThat(fromLoops).isBetween(1L, 2L);
    assertThat(answer.citedMarkers()).first().isEqualTo(4);
  }

  @Test
  void referencesInsideAQuoteAreNotTakenForCitations() throws Exception {
    Passage related = new Passage(1, PAPER, "p. 13", "Call threading, also known as context threading [2], compiles "
        + "methods by generating a native call instruction to an interpreter method for each interpreter bytecode.");
    Passage other = new Passage(2, "Python FAQ", null, "Python is an interpreted, interactive, object-oriented language.");
    ChatAnswer answer = ask("What is call threading?", related, other);
    assertThat(answer.text()).contains("context threading (2), compiles");
    assertThat(answer.citedMarkers()).containsExactly(1);
  }

  @Test
  void cutsVeryLongSentencesWithAnEllipsis() throws Exception {
    String longSentence = "The module " + "and another_configurable_component ".repeat(15) + "handles tracing.";
    ChatAnswer answer = ask("Which module handles tracing?", new Passage(1, "Manual", null, longSentence));
    String quote = answer.text().lines().filter(l -> l.startsWith("- ")).findFirst().orElseThrow();
    assertThat(quote).contains(" …\" (Manual) [1]");
    assertThat(quote.length()).isLessThan(Quotes.MAX_CHARS + 30);
  }

  @Test
  void quotesTheTranscriptOfAPodcast() throws Exception {
    List<Passage> parts = CorpusText.passages("The end of programming (podcast)",
        CorpusText.transcript("transcripts/podcast-no-blank-lines.vtt"), 500);
    ChatAnswer answer = ask("Who wrote the article about the end of programming?", parts.toArray(Passage[]::new));
    assertThat(answer.text()).startsWith(AnswerWriter.FOUND).containsIgnoringCase("O'Reilly");
    assertThat(answer.citedMarkers()).isNotEmpty();
  }

  private ChatAnswer ask(String question, Passage... passages) throws Exception {
    StringBuilder streamed = new StringBuilder();
    ChatAnswer answer = model.answer(new ChatRequest(question, List.of(), List.of(passages)), streamed::append);
    assertThat(streamed.toString()).isEqualTo(answer.text());
    return answer;
  }
}
