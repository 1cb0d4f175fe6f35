package io.mediawhisperer.spi.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.PluginSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every chat model plugin must do, whatever writes the answers. A plugin's test extends this
 * class and says how to make its provider and settings:
 *
 * <pre>{@code
 * class ExtractiveContractTest extends ChatModelContract {
 *   protected ChatModelProvider provider() { return new ExtractiveProvider(); }
 *   protected PluginSettings settings() { return PluginSettings.empty(); }
 * }
 * }</pre>
 *
 * <p>The model is opened once (lazily, so a subclass may start what the model needs, such as a
 * server, in its own {@code @BeforeAll}) and closed after the last test. The passages are real
 * text: the abstract and introduction of "Trace-based Just-in-Time Type Specialization for
 * Dynamic Languages" (Gal et al., PLDI 2009) and entries of the Python FAQ, so that a model is
 * judged on what users will upload rather than on toy sentences.
 *
 * <p>A remote model cannot be held to everything an offline one can; the {@code protected}
 * hooks below say what a subclass may relax, and each says why. The kit needs JUnit 5 and
 * AssertJ on the test classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ChatModelContract {

  private static final String VALID_NAME = "[a-z0-9]+(-[a-z0-9]+)*";

  protected static final String PAPER = "Trace-based Just-in-Time Type Specialization for Dynamic Languages";
  protected static final String FAQ = "Python Design and History FAQ";

  /** The passage that answers {@link #TRACE_QUESTION}. */
  protected static final Passage TRACES = new Passage(1, PAPER, "p. 1",
      "We present a trace-based compilation technique for dynamic languages that reconciles speed of "
          + "compilation with excellent performance of the generated machine code. Our system uses a mixed-mode "
          + "execution approach: the system starts running JavaScript in a fast-starting bytecode interpreter. "
          + "As the program runs, the system identifies hot (frequently executed) bytecode sequences, records "
          + "them, and compiles them to fast native code. We call such a sequence of instructions a trace.");

  protected static final Passage NESTED_LOOPS = new Passage(2, PAPER, "p. 2",
      "We solve the nested loop problem by recording nested trace trees. Our system traces the inner loop "
          + "exactly as the naive version. The system stops extending the inner tree when it reaches an outer "
          + "loop, but then it starts a new trace at the outer loop header. When the outer loop reaches the inner "
          + "loop header, the system tries to call the trace tree for the inner loop.");

  /** The passage that answers {@link #INDENTATION_QUESTION}. */
  protected static final Passage INDENTATION = new Passage(3, FAQ, null,
      "Guido van Rossum believes that using indentation for grouping is extremely elegant and contributes "
          + "a lot to the clarity of the average Python program. Most people learn to love this feature after "
          + "a while. Since there are no begin/end brackets there cannot be a disagreement between grouping "
          + "perceived by the parser and the human reader.");

  protected static final Passage FLOATS = new Passage(4, FAQ, null,
      "Users are often surprised by results like this: 1.2 - 1.0 gives 0.19999999999999996 and think it is "
          + "a bug in Python. It's not. This has little to do with Python, and much more to do with how the "
          + "underlying platform handles floating-point numbers. The float type in CPython uses a C double for "
          + "storage.");

  protected static final String TRACE_QUESTION =
      "How does the trace-based compiler decide which code to compile to native code?";
  protected static final String INDENTATION_QUESTION = "Why does Python use indentation for grouping statements?";

  /** Paragraphs of the paper's abstract and introduction, in reading order, to summarise. */
  protected static final List<Passage> PAPER_PAGES = List.of(
      new Passage(1, PAPER, "p. 1", "Dynamic languages such as JavaScript are more difficult to compile than "
          + "statically typed ones. Since no concrete type information is available, traditional compilers need "
          + "to emit generic code that can handle all possible type combinations at runtime. We present an "
          + "alternative compilation technique for dynamically-typed languages that identifies frequently "
          + "executed loop traces at run-time and then generates machine code on the fly that is specialized "
          + "for the actual dynamic types occurring on each path through the loop. Our method provides cheap "
          + "inter-procedural type specialization, and an elegant and efficient way of incrementally compiling "
          + "lazily discovered alternative paths through nested loops. We have implemented a dynamic compiler "
          + "for JavaScript based on our technique and we have measured speedups of 10x and more for certain "
          + "benchmark programs."),
      new Passage(2, PAPER, "p. 1", "Compilers for statically typed languages rely on type information to "
          + "generate efficient machine code. In a dynamically typed programming language such as JavaScript, "
          + "the types of expressions may vary at runtime. This means that the compiler can no longer easily "
          + "transform operations into machine instructions that operate on one specific type. Without exact "
          + "type information, the compiler must emit slower generalized machine code that can deal with all "
          + "potential type combinations."),
      TRACES,
      new Passage(4, PAPER, "p. 1", "Unlike method-based dynamic compilers, our dynamic compiler operates at "
          + "the granularity of individual loops. This design choice is based on the expectation that programs "
          + "spend most of their time in hot loops. Even in dynamically typed languages, we expect hot loops to "
          + "be mostly type-stable, meaning that the types of values are invariant. (12) For example, we would "
          + "expect loop counters that start as integers to remain integers for all iterations."),
      new Passage(5, PAPER, "p. 2", "Every compiled trace contains all the guards (checks) required to "
          + "validate the speculation. If one of the guards fails (if control flow is different, or a value of "
          + "a different type is generated), the trace exits. If an exit becomes hot, the VM can record a branch "
          + "trace starting at the exit to cover the new path. In this way, the VM records a trace tree covering "
          + "all the hot paths through the loop."),
      new Passage(6, PAPER, "p. 2", "We implemented these techniques for an existing JavaScript interpreter, "
          + "SpiderMonkey. We call the resulting tracing VM TraceMonkey. TraceMonkey supports all the JavaScript "
          + "features of SpiderMonkey, with a 2x-20x speedup for traceable programs."));

  private ChatModel model;

  protected abstract ChatModelProvider provider();

  protected abstract PluginSettings settings();

  /**
   * Whether the model must cite the passage that plainly answers a question. True for anything
   * that reads the passages itself; a plugin whose answers come from a remote model it cannot
   * steer in a test (a real endpoint rather than a scripted one) may turn it off.
   */
  protected boolean citesThePassageThatAnswers() {
    return true;
  }

  /**
   * The most words a summary asked for {@code maxWords} words may have. Twice the request by
   * default: a model writes whole sentences and may finish the one it started; a remote model
   * that is known to overshoot more may allow more.
   */
  protected int summaryWordLimit(int maxWords) {
    return 2 * maxWords;
  }

  /**
   * Whether the same request always gets the same answer, which the concurrency test then
   * checks. True for offline models and scripted servers; a remote model that samples (any
   * temperature above zero) should say false, and the test then only checks each answer alone.
   */
  protected boolean repeatable() {
    return true;
  }

  protected final synchronized ChatModel model() {
    if (model == null) {
      model = provider().open(settings());
    }
    return model;
  }

  @AfterAll
  final void closeModel() {
    if (model != null) {
      model.close();
    }
  }

  /** The requests most tests ask: with passages that answer, with none, with history, with odd markers. */
  protected List<ChatRequest> requests() {
    return List.of(
        new ChatRequest(TRACE_QUESTION, List.of(), List.of(TRACES, NESTED_LOOPS, renumbered(INDENTATION, 3))),
        new ChatRequest(INDENTATION_QUESTION, List.of(), List.of(renumbered(INDENTATION, 1), renumbered(FLOATS, 2))),
        new ChatRequest("Who won the football world cup in 1954?", List.of(), List.of()),
        new ChatRequest("And how does it handle nested loops?", List.of(
            new ChatMessage(ChatMessage.Role.USER, TRACE_QUESTION),
            new ChatMessage(ChatMessage.Role.ASSISTANT, "It compiles frequently executed bytecode sequences [1].")),
            List.of(renumbered(NESTED_LOOPS, 1), renumbered(TRACES, 2))),
        // markers need not be 1..n: a caller may have dropped passages
        new ChatRequest(INDENTATION_QUESTION, List.of(), List.of(renumbered(INDENTATION, 4), renumbered(FLOATS, 9))));
  }

  @Test
  void namesAreValid() {
    assertThat(provider().name()).matches(VALID_NAME);
    assertThat(model().modelName()).isNotBlank();
  }

  @Test
  void deltasJoinedAreTheAnswerAndArriveBeforeItReturns() throws Exception {
    for (ChatRequest request : requests()) {
      List<String> deltas = new CopyOnWriteArrayList<>();
      ChatAnswer answer = model().answer(request, deltas::add);
      String joinedOnReturn = String.join("", deltas);
      assertThat(answer.text()).as("answer to %s", request.question()).isNotBlank();
      assertThat(deltas).as("deltas of the answer to %s", request.question()).isNotEmpty();
      assertThat(joinedOnReturn).as("deltas joined when answer() returned, for %s", request.question())
          .isEqualTo(answer.text());
    }
  }

  @Test
  void citesOnlyItsPassagesInOrderOfFirstAppearanceEachOnce() throws Exception {
    for (ChatRequest request : requests()) {
      ChatAnswer answer = model().answer(request, delta -> { });
      Set<Integer> markers = new HashSet<>();
      request.passages().forEach(p -> markers.add(p.marker()));
      assertThat(answer.citedMarkers()).as("markers cited in %s", answer.text())
          .doesNotHaveDuplicates()
          .allMatch(markers::contains)
          .isEqualTo(Citations.cited(answer.text(), request.passages()));
    }
  }

  @Test
  void citesThePassageThatPlainlyAnswers() throws Exception {
    if (!citesThePassageThatAnswers()) {
      return;
    }
    ChatAnswer traces = model().answer(new ChatRequest(TRACE_QUESTION, List.of(),
        List.of(TRACES, NESTED_LOOPS, renumbered(FLOATS, 3))), delta -> { });
    assertThat(traces.citedMarkers()).as("citations in %s", traces.text()).contains(TRACES.marker());

    ChatAnswer indentation = model().answer(new ChatRequest(INDENTATION_QUESTION, List.of(),
        List.of(renumbered(INDENTATION, 1), renumbered(TRACES, 2))), delta -> { });
    assertThat(indentation.citedMarkers()).as("citations in %s", indentation.text()).contains(1);
  }

  @Test
  void withoutPassagesAnswersWithoutCitations() throws Exception {
    List<String> deltas = new ArrayList<>();
    ChatAnswer answer = model().answer(new ChatRequest(TRACE_QUESTION, List.of(), List.of()), deltas::add);
    assertThat(answer.text()).isNotBlank();
    assertThat(answer.citedMarkers()).isEmpty();
    assertThat(String.join("", deltas)).isEqualTo(answer.text());
  }

  @Test
  void summarisesWithinAboutTheWordsAsked() throws Exception {
    for (int maxWords : new int[] {60, 20}) {
      String summary = model().summarize(new SummaryRequest(PAPER, PAPER_PAGES, maxWords));
      assertThat(summary).as("summary in %d words", maxWords).isNotBlank();
      assertThat(words(summary)).as("words of the summary asked in %d words: %s", maxWords, summary)
          .isLessThanOrEqualTo(summaryWordLimit(maxWords));
    }
    String single = model().summarize(new SummaryRequest(FAQ, List.of(renumbered(INDENTATION, 1)), 40));
    assertThat(single).isNotBlank();
    assertThat(words(single)).isLessThanOrEqualTo(summaryWordLimit(40));
  }

  @Test
  void worksFromSeveralThreadsAtOnce() throws Exception {
    List<ChatRequest> requests = requests();
    SummaryRequest summary = new SummaryRequest(PAPER, PAPER_PAGES, 50);
    List<String> expected = new ArrayList<>();
    for (ChatRequest request : requests) {
      expected.add(model().answer(request, delta -> { }).text());
    }
    String expectedSummary = model().summarize(summary);

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (ChatRequest request : requests) {
          calls.add(pool.submit(answerOf(request)));
        }
        calls.add(pool.submit(() -> model().summarize(summary)));
      }
      for (int i = 0; i < calls.size(); i++) {
        String actual = calls.get(i).get();
        int which = i % (requests.size() + 1);
        assertThat(actual).isNotBlank();
        if (repeatable()) {
          assertThat(actual).as("call %d", i).isEqualTo(which < requests.size() ? expected.get(which) : expectedSummary);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeIsIdempotent() {
    ChatModel separate = provider().open(settings());
    separate.close();
    separate.close();
  }

  /** An answer whose deltas are checked against its text, so that concurrent streams cannot mix. */
  private Callable<String> answerOf(ChatRequest request) {
    return () -> {
      StringBuilder streamed = new StringBuilder();
      ChatAnswer answer = model().answer(request, streamed::append);
      assertThat(streamed.toString()).isEqualTo(answer.text());
      assertThat(answer.citedMarkers()).isEqualTo(Citations.cited(answer.text(), request.passages()));
      return answer.text();
    };
  }

  /** {@code passage} under another marker. */
  protected static Passage renumbered(Passage passage, int marker) {
    return new Passage(marker, passage.sourceTitle(), passage.locator(), passage.text());
  }

  protected static int words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }
}
