package io.mediawhisperer.plugin.chat.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatAnswer;
import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.ChatMessage;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin against real llama.cpp and tiny random-weight models written by {@link TinyGguf}. */
class LlamaChatModelTest {

  private static final String CHATML = """
      {% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}\
      {% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}""";

  @TempDir
  static Path dir;
  static Path tiny;
  static Path small;
  static Path templated;

  @BeforeAll
  static void writeModels() throws IOException {
    tiny = TinyGguf.write(dir.resolve("tiny-random.gguf"), 42);
    small = TinyGguf.write(dir.resolve("small-random.gguf"), 7, null, TinyGguf.SMALL);
    templated = TinyGguf.write(dir.resolve("tiny-chatml.gguf"), 42, CHATML, TinyGguf.TINY);
  }

  private static PluginSettings settings(Path model, String... more) {
    Map<String, String> values = new HashMap<>(Map.of("model-path", model.toString(), "threads", "2"));
    for (int i = 0; i < more.length; i += 2) {
      values.put(more[i], more[i + 1]);
    }
    return new PluginSettings(values);
  }

  private static Passage passage(int marker, String text) {
    return new Passage(marker, "Notes", "p. " + marker, text);
  }

  @Test
  void loadsOnceAndStreamsAnAnswerInSeveralPiecesThatJoinToItsText() throws Exception {
    long start = System.nanoTime();
    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "max-tokens", "200", "context-size", "1024"),
        prompt -> { })) {
      long loadMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(model.modelName()).isEqualTo("tiny-random");
      assertThat(model.generative()).isTrue();

      List<String> deltas = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      ChatAnswer answer = model.answer(new ChatRequest("How do traces work?", List.of(),
          List.of(passage(1, "A trace is a hot loop recorded and compiled to native code."))), deltas::add);
      double seconds = (System.nanoTime() - t0) / 1e9;

      assertThat(deltas).hasSizeGreaterThan(5);
      assertThat(String.join("", deltas)).isEqualTo(answer.text());
      assertThat(answer.text()).isNotBlank();
      System.out.printf("tiny model (%d-dim, %d layers): load %d ms; answer of %d pieces in %.3f s = %.0f pieces/s%n",
          TinyGguf.TINY.embedding(), TinyGguf.TINY.layers(), loadMillis, deltas.size(), seconds, deltas.size() / seconds);
    }
  }

  @Test
  void measuresTheSmallModel() throws Exception {
    long start = System.nanoTime();
    try (LlamaChatModel model = LlamaChatProvider.open(settings(small, "max-tokens", "256", "context-size", "1024"),
        prompt -> { })) {
      long loadMillis = (System.nanoTime() - start) / 1_000_000;
      List<String> deltas = new ArrayList<>();
      long t0 = System.nanoTime();
      model.answer(new ChatRequest("What is a trace?", List.of(), List.of(passage(1, "A trace is a hot loop."))),
          deltas::add);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(deltas).isNotEmpty();
      System.out.printf("small model (%d-dim, %d layers): load %d ms; answer of %d pieces in %.3f s = %.0f pieces/s%n",
          TinyGguf.SMALL.embedding(), TinyGguf.SMALL.layers(), loadMillis, deltas.size(), seconds,
          deltas.size() / seconds);
    }
  }

  @Test
  void leavesOutTheLowestRankedPassagesSoThatPromptAndAnswerFitTheContext() throws Exception {
    List<Prompts.Prepared> sent = new CopyOnWriteArrayList<>();
    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "context-size", "1024", "max-tokens", "64"),
        sent::add)) {
      List<Passage> passages = new ArrayList<>();
      for (int i = 1; i <= 30; i++) {
        passages.add(passage(i, ("Passage " + i + " says the trace compiler records hot loops. ").repeat(8)));
      }
      ChatAnswer answer = model.answer(new ChatRequest("What do the passages say?", List.of(), passages), d -> { });

      Prompts.Prepared prompt = sent.getLast();
      assertThat(prompt.tokens() + 64).isLessThanOrEqualTo(1024);
      assertThat(prompt.passages()).isNotEmpty().hasSizeLessThan(30);
      assertThat(prompt.dropped()).isEqualTo(30 - prompt.passages().size());
      assertThat(prompt.passages()).isEqualTo(passages.subList(0, prompt.passages().size())); // best first kept
      assertThat(prompt.text()).contains("[1] Notes, p. 1").doesNotContain("[30] Notes");
      assertThat(answer.citedMarkers()).allMatch(m -> m <= prompt.passages().size());
    }
  }

  @Test
  void cutsABestPassageThatAloneIsLongerThanTheContext() throws Exception {
    List<Prompts.Prepared> sent = new CopyOnWriteArrayList<>();
    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "context-size", "1024", "max-tokens", "64"),
        sent::add)) {
      String huge = "The trace compiler records hot loops and compiles them. ".repeat(100);
      model.answer(new ChatRequest("What happens?", List.of(), List.of(passage(1, huge), passage(2, "short"))), d -> { });

      Prompts.Prepared prompt = sent.getLast();
      assertThat(prompt.tokens() + 64).isLessThanOrEqualTo(1024);
      assertThat(prompt.passages()).extracting(Passage::marker).containsExactly(1);
      assertThat(prompt.text()).contains("…").doesNotContain(huge);
    }
  }

  @Test
  void keepsTheLatestTurnsOfALongConversationWithinAQuarterOfTheRoom() throws Exception {
    List<Prompts.Prepared> sent = new CopyOnWriteArrayList<>();
    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "context-size", "1024", "max-tokens", "64"),
        sent::add)) {
      List<ChatMessage> history = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        history.add(new ChatMessage(i % 2 == 0 ? ChatMessage.Role.USER : ChatMessage.Role.ASSISTANT, "turn " + i));
      }
      model.answer(new ChatRequest("And now?", history, List.of(passage(1, "A passage."))), d -> { });

      String text = sent.getLast().text();
      assertThat(text).contains("turn 39").doesNotContain("turn 0\n");
      assertThat(sent.getLast().tokens() + 64).isLessThanOrEqualTo(1024);
    }
  }

  @Test
  void usesTheModelsOwnChatTemplateWhenItHasOneAndAPlainLayoutOtherwise() throws Exception {
    List<Prompts.Prepared> sent = new CopyOnWriteArrayList<>();
    ChatRequest request = new ChatRequest("Why?", List.of(), List.of(passage(1, "Because.")));
    try (LlamaChatModel model = LlamaChatProvider.open(settings(templated, "context-size", "1024", "max-tokens", "64"), sent::add)) {
      model.answer(request, d -> { });
    }
    assertThat(sent.getLast().text()).startsWith("<|im_start|>system\n").contains("<|im_start|>user\n")
        .contains("[1] Notes, p. 1:\nBecause.").endsWith("<|im_start|>assistant\n");

    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "context-size", "1024", "max-tokens", "64"), sent::add)) {
      model.answer(request, d -> { });
    }
    assertThat(sent.getLast().text()).doesNotContain("<|im_start|>").contains("### User:\n")
        .endsWith("### Assistant:\n");
  }

  @Test
  void anInterruptedCallerGetsAChatExceptionAtOnceAndTheModelAnswersAgainAfterwards() throws Exception {
    List<Long> promptsAt = new CopyOnWriteArrayList<>();
    try (LlamaChatModel model = LlamaChatProvider.open(settings(small, "context-size", "2048", "max-tokens", "1200"),
        prompt -> promptsAt.add(System.nanoTime()))) {
      CountDownLatch firstPiece = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicReference<Long> failedAt = new AtomicReference<>();
      Thread caller = new Thread(() -> {
        try {
          model.answer(new ChatRequest("Tell me everything.", List.of(), List.of(passage(1, "Everything."))),
              piece -> firstPiece.countDown());
        } catch (Throwable t) {
          failedAt.set(System.nanoTime());
          failure.set(t);
        }
      });
      caller.start();
      assertThat(firstPiece.await(30, TimeUnit.SECONDS)).isTrue();
      long interruptedAt = System.nanoTime();
      caller.interrupt();
      caller.join(5_000);

      assertThat(caller.isAlive()).isFalse();
      assertThat(failure.get()).isInstanceOf(ChatException.class).hasMessageContaining("cancelled");
      assertThat(((ChatException) failure.get()).retryable()).isFalse();
      assertThat(failedAt.get() - interruptedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));

      // the worker stopped that generation at its next token (all 1200 would take seconds here):
      // the next request is taken up at once and answered
      List<String> deltas = new ArrayList<>();
      ChatAnswer again = model.answer(new ChatRequest("Again?", List.of(), List.of(passage(1, "Yes."))), deltas::add);
      assertThat(String.join("", deltas)).isEqualTo(again.text()).isNotBlank();
      long freeAfter = promptsAt.getLast() - interruptedAt;
      assertThat(freeAfter).isLessThan(TimeUnit.SECONDS.toNanos(1));
      System.out.printf("the model took up the next request %d ms after the interrupt%n", freeAfter / 1_000_000);
    }
  }

  @Test
  void aCallerAlreadyInterruptedIsRefusedWithoutAnAnswer() throws Exception {
    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "context-size", "1024", "max-tokens", "64"),
        prompt -> { })) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> model.answer(new ChatRequest("Q?", List.of(), List.of()), d -> { }))
            .isInstanceOf(ChatException.class).hasMessageContaining("cancelled");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(model.answer(new ChatRequest("Q?", List.of(), List.of()), d -> { }).text()).isNotBlank();
    }
  }

  @Test
  void anAnswerOverItsTimeFailsRetryablyAndTheModelStaysUsable() throws Exception {
    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "context-size", "2048", "max-tokens", "200",
        "timeout-seconds", "1"), prompt -> { })) {
      // a slow reader: the deadline passes while it holds the first piece
      assertThatThrownBy(() -> model.answer(new ChatRequest("Q?", List.of(), List.of(passage(1, "P."))), piece -> {
        try {
          Thread.sleep(1_500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      })).isInstanceOfSatisfying(ChatException.class, e -> {
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessageContaining("within 1 s");
      });
      assertThat(model.answer(new ChatRequest("Q?", List.of(), List.of()), d -> { }).text()).isNotBlank();
    }
  }

  @Test
  void summarisesWithinTheTokensTheWordsAllow() throws Exception {
    List<Prompts.Prepared> sent = new CopyOnWriteArrayList<>();
    try (LlamaChatModel model = LlamaChatProvider.open(settings(tiny, "context-size", "1024", "max-tokens", "64"),
        sent::add)) {
      List<Passage> pages = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        pages.add(passage(i, ("Page " + i + " is about loops and traces. ").repeat(6)));
      }
      String summary = model.summarize(new SummaryRequest("Notes", pages, 20));
      assertThat(summary).isNotBlank();
      assertThat(summary.strip().split("\\s+").length).isLessThanOrEqualTo(40);
      Prompts.Prepared prompt = sent.getLast();
      assertThat(prompt.tokens() + 40).isLessThanOrEqualTo(1024);
      assertThat(prompt.text()).contains("Page 1 ").contains("at most 20 words");
      assertThat(prompt.dropped()).isPositive(); // spread over the text, not just its start
      assertThat(prompt.text()).containsPattern("Page (1[0-9]|20) ");
    }
  }

  @Test
  void closeIsIdempotentAndAClosedModelRefusesWork() {
    LlamaChatModel model = LlamaChatProvider.open(settings(tiny), prompt -> { });
    model.close();
    model.close();
    assertThatThrownBy(() -> model.answer(new ChatRequest("Q?", List.of(), List.of()), d -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
