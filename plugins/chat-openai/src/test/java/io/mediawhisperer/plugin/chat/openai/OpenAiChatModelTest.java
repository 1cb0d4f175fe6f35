package io.mediawhisperer.plugin.chat.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.plugin.chat.openai.FakeChatServer.Part;
import io.mediawhisperer.plugin.chat.openai.FakeChatServer.Reply;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatAnswer;
import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.ChatMessage;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The protocol, against a local server scripted per test. */
class OpenAiChatModelTest {

  private static final String KEY = "sk-test-0123456789abcdef";
  private static final Passage TRACES = new Passage(1, "Tracemonkey paper", "p. 1", "As the program runs, the system "
      + "identifies hot (frequently executed) bytecode sequences, records them, and compiles them to fast native code.");
  private static final Passage PODCAST = new Passage(2, "The end of programming", "12:05",
      "This time by O'Reilly, who makes their money off of selling programming books.");
  private static final ChatRequest QUESTION = new ChatRequest("What does the system compile?", List.of(), List.of(TRACES, PODCAST));

  private FakeChatServer server;

  @BeforeEach
  void start() {
    server = FakeChatServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ChatModel open(String... extra) {
    Map<String, String> values = new HashMap<>(Map.of(
        "base-url", server.baseUrl(),
        "api-key", KEY,
        "model", "gpt-test",
        "retry-initial-delay-ms", "10"));
    for (int i = 0; i < extra.length; i += 2) {
      values.put(extra[i], extra[i + 1]);
    }
    return new OpenAiChatProvider().open(new PluginSettings(values));
  }

  @Test
  void handsOnEachPieceInOrderAndReadsTheCitations() throws Exception {
    server.respond((request, n) -> Reply.stream("It compiles ", "hot bytecode ", "sequences [1]", "", ", says [2][7]."));
    List<String> deltas = new ArrayList<>();
    try (ChatModel model = open()) {
      ChatAnswer answer = model.answer(QUESTION, deltas::add);
      assertThat(deltas).containsExactly("It compiles ", "hot bytecode ", "sequences [1]", ", says [2][7].");
      assertThat(answer.text()).isEqualTo("It compiles hot bytecode sequences [1], says [2][7].");
      assertThat(answer.citedMarkers()).containsExactly(1, 2);
      assertThat(model.modelName()).isEqualTo("gpt-test");
    }
  }

  @Test
  void sendsModelStreamRulesHistoryPassagesAndQuestion() throws Exception {
    ChatRequest request = new ChatRequest("And how fast is the code?", List.of(
        new ChatMessage(ChatMessage.Role.USER, "What does the system compile?"),
        new ChatMessage(ChatMessage.Role.ASSISTANT, "Hot bytecode sequences [1].")), List.of(TRACES, PODCAST));
    try (ChatModel model = open("temperature", "0.5", "max-tokens", "300")) {
      model.answer(request, delta -> { });
    }
    FakeChatServer.Request sent = server.requests().get(0);
    JsonNode body = sent.body();
    assertThat(body.get("model").asText()).isEqualTo("gpt-test");
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
    List<JsonNode> messages = sent.messages();
    assertThat(messages).extracting(m -> m.get("role").asText()).containsExactly("system", "user", "assistant", "user");
    assertThat(messages.get(0).get("content").asText())
        .contains("only the numbered passages", "[1] or [2][3]", "do not contain the answer");
    assertThat(messages.get(1).get("content").asText()).isEqualTo("What does the system compile?");
    assertThat(messages.get(2).get("content").asText()).isEqualTo("Hot bytecode sequences [1].");
    assertThat(messages.get(3).get("content").asText()).isEqualTo("Passages:\n\n"
        + "[1] Tracemonkey paper, p. 1:\n" + TRACES.text() + "\n\n"
        + "[2] The end of programming, 12:05:\n" + PODCAST.text() + "\n\n"
        + "Question: And how fast is the code?");
  }

  @Test
  void saysSoWhenThereAreNoPassages() throws Exception {
    try (ChatModel model = open()) {
      ChatAnswer answer = model.answer(new ChatRequest("What is a trace tree?", List.of(), List.of()), delta -> { });
      assertThat(answer.citedMarkers()).isEmpty();
    }
    assertThat(server.requests().get(0).lastUserMessage())
        .isEqualTo(Prompts.NO_PASSAGES + "\n\nQuestion: What is a trace tree?");
  }

  @Test
  void sendsTheKeyOnlyWhenThereIsOne() throws Exception {
    try (ChatModel model = open()) {
      model.answer(QUESTION, delta -> { });
    }
    Map<String, String> values = Map.of("base-url", server.baseUrl() + "/", "model", "llama3.2");
    try (ChatModel model = new OpenAiChatProvider().open(new PluginSettings(values))) {
      model.answer(QUESTION, delta -> { });
    }
    assertThat(server.requests()).extracting(FakeChatServer.Request::authorization).containsExactly("Bearer " + KEY, null);
  }

  @Test
  void waitsAsATooManyRequestsAnswerAsksThenTriesAgain() throws Exception {
    server.respond((request, n) -> n == 1
        ? Reply.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}").withHeader("Retry-After", "1")
        : Reply.stream("Fine [1]."));
    long start = System.nanoTime();
    try (ChatModel model = open()) {
      assertThat(model.answer(QUESTION, delta -> { }).text()).isEqualTo("Fine [1].");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    server.respond((request, n) -> n <= 2 ? Reply.json(503, "{\"error\":\"loading model\"}") : Reply.stream("Fine."));
    try (ChatModel model = open()) {
      assertThat(model.answer(QUESTION, delta -> { }).text()).isEqualTo("Fine.");
    }
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void serverErrorsThatPersistAreRetryableFailures() {
    server.respond((request, n) -> Reply.json(500, "{\"error\":{\"message\":\"the GPU caught fire\"}}"));
    try (ChatModel model = open("max-retries", "2")) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("500", "the GPU caught fire", "gave up after 3 attempts");
    }
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void aRefusedKeyIsNotRetriedAndNeverQuoted() {
    // a server that echoes the key back, as some proxies do
    server.respond((request, n) -> Reply.json(401,
        "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":\"invalid_request_error\"}}"));
    try (ChatModel model = open()) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("the chat endpoint refused the API key", "401", "Incorrect API key provided");
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(t.toString()).doesNotContain(KEY);
      }
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aMissingKeyIsNamed() {
    server.respond((request, n) -> Reply.json(401, "{\"error\":{\"message\":\"You didn't provide an API key.\"}}"));
    Map<String, String> values = Map.of("base-url", server.baseUrl(), "model", "gpt-4o-mini");
    try (ChatModel model = new OpenAiChatProvider().open(new PluginSettings(values))) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("wants an API key", "'api-key' is not set");
    }
  }

  @Test
  void aBadRequestQuotesTheServerAndIsNotRetried() {
    server.respond((request, n) -> Reply.json(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"));
    try (ChatModel model = open()) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("404", "model \"llama9\" not found");
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aServerThatNeverAnswersTimesOutInTime() {
    server.respond((request, n) -> Reply.stream("Late.").pausingBefore(0, Duration.ofSeconds(10)));
    long start = System.nanoTime();
    try (ChatModel model = open("timeout-seconds", "1")) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("did not answer within 1 s");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(server.requests()).as("a timeout is not retried at once").hasSize(1);
  }

  @Test
  void aStreamThatStallsTimesOutInTimeAndIsNotRetried() {
    server.respond((request, n) -> Reply.stream("It ", "compiles ", "loops.").pausingBefore(1, Duration.ofSeconds(10)));
    List<String> deltas = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    try (ChatModel model = open("idle-timeout-seconds", "1")) {
      ChatException e = failure(() -> model.answer(QUESTION, deltas::add));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("sent nothing for 1 s", "after part of the answer had been sent");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(deltas).containsExactly("It ");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aStreamThatTakesTooLongAltogetherTimesOut() {
    List<Part> slow = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      slow.add(new Part(FakeChatServer.event(FakeChatServer.chunk("word ", null)), Duration.ofMillis(200)));
    }
    server.respond((request, n) -> Reply.events(slow));
    long start = System.nanoTime();
    try (ChatModel model = open("timeout-seconds", "1", "idle-timeout-seconds", "1")) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.getMessage()).contains("did not finish its answer within 1 s");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anErrorInTheMiddleOfTheStreamIsNotRetried() {
    server.respond((request, n) -> Reply.events(
        FakeChatServer.event(FakeChatServer.chunk("It compiles ", null)),
        FakeChatServer.event("{\"error\":{\"message\":\"upstream overloaded\",\"code\":502}}")));
    try (ChatModel model = open()) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("upstream overloaded", "after part of the answer had been sent");
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void anErrorInTheStreamBeforeAnyContentIsRetried() throws Exception {
    server.respond((request, n) -> n == 1
        ? Reply.events(FakeChatServer.event("{\"error\":{\"message\":\"upstream overloaded\"}}"))
        : Reply.stream("Fine."));
    try (ChatModel model = open()) {
      assertThat(model.answer(QUESTION, delta -> { }).text()).isEqualTo("Fine.");
    }
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void toleratesKeepAlivesCarriageReturnsEmptyDeltasAndAMissingDone() throws Exception {
    server.respond((request, n) -> Reply.events(
        ": keep-alive\r\n\r\n",
        "data: " + FakeChatServer.chunk("", null) + "\r\n\r\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]}\r\n\r\n",
        "data: " + FakeChatServer.chunk("Hot ", null) + "\r\n\r\n: ping\r\n\r\n",
        "data: " + FakeChatServer.chunk("loops [1].", "stop") + "\r\n\r\n"));
    List<String> deltas = new ArrayList<>();
    try (ChatModel model = open()) {
      ChatAnswer answer = model.answer(QUESTION, deltas::add);
      assertThat(answer.text()).isEqualTo("Hot loops [1].");
      assertThat(deltas).containsExactly("Hot ", "loops [1].");
    }
  }

  @Test
  void acceptsAWholeCompletionFromAServerThatDoesNotStream() throws Exception {
    server.respond((request, n) -> Reply.json(200,
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hot loops [1].\"},\"finish_reason\":\"stop\"}]}"));
    List<String> deltas = new ArrayList<>();
    try (ChatModel model = open()) {
      assertThat(model.answer(QUESTION, deltas::add).citedMarkers()).containsExactly(1);
    }
    assertThat(deltas).containsExactly("Hot loops [1].");
  }

  @Test
  void malformedResponsesAreReportedAsSuch() {
    List<Reply> malformed = List.of(
        Reply.events("data: {\"choices\": [{\"delta\": {\"content\": \"Hot\n\n"),
        Reply.events("data: " + FakeChatServer.chunk("", "stop") + "\n\n"),
        Reply.events("<html><body>Welcome to nginx!</body></html>\n"),
        Reply.events(FakeChatServer.event(FakeChatServer.chunk("", "stop")), "data: [DONE]\n\n"),
        Reply.json(200, "<html>oops</html>"));
    for (Reply reply : malformed) {
      server.respond((request, n) -> reply);
      try (ChatModel model = open()) {
        ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
        assertThat(e.getMessage()).as("for %s", reply.parts()).contains("malformed response");
        assertThat(e.retryable()).isFalse();
      }
    }
    assertThat(server.requests()).hasSize(malformed.size());
  }

  @Test
  void anUnreachableServerIsRetriedThenRetryable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> values = Map.of("base-url", "http://127.0.0.1:" + closedPort + "/v1", "model", "m",
        "max-retries", "1", "retry-initial-delay-ms", "10");
    try (ChatModel model = new OpenAiChatProvider().open(new PluginSettings(values))) {
      ChatException e = failure(() -> model.answer(QUESTION, delta -> { }));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("cannot connect", "127.0.0.1:" + closedPort, "gave up after 2 attempts");
    }
  }

  @Test
  void passagesBeyondTheBudgetAreLeftOutLowestRankedFirst() throws Exception {
    String text = "x".repeat(400);
    List<Passage> passages = List.of(new Passage(1, "A", null, text), new Passage(2, "B", null, text),
        new Passage(3, "C", null, text));
    server.respond((request, n) -> Reply.stream("See [1], [2] and [3]."));
    try (ChatModel model = open("context-chars", "900")) {
      ChatAnswer answer = model.answer(new ChatRequest("What is x?", List.of(), passages), delta -> { });
      assertThat(answer.citedMarkers()).as("a passage the model never saw cannot be cited").containsExactly(1, 2);
    }
    String user = server.requests().get(0).lastUserMessage();
    assertThat(user).contains("[1] A:", "[2] B:").doesNotContain("[3] C:");

    Passage huge = new Passage(1, "Huge", null, "y".repeat(5000));
    try (ChatModel model = open("context-chars", "600")) {
      model.answer(new ChatRequest("What is y?", List.of(), List.of(huge)), delta -> { });
    }
    String cut = server.requests().get(1).lastUserMessage();
    assertThat(cut).startsWith("Passages:\n\n[1] Huge:\nyyy").contains("…\n\nQuestion: What is y?");
    assertThat(cut.length()).isLessThan(700);
  }

  @Test
  void summarisesWithAnInstructionAndSamplesLongDocumentsEvenly() throws Exception {
    List<Passage> parts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      parts.add(new Passage(i + 1, "Long paper", "p. " + (i + 1), "Part " + i + " " + "z".repeat(200)));
    }
    server.respond((request, n) -> Reply.stream("A paper ", "about loops."));
    try (ChatModel model = open("context-chars", "1000")) {
      assertThat(model.summarize(new SummaryRequest("Long paper", parts, 40))).isEqualTo("A paper about loops.");
    }
    FakeChatServer.Request sent = server.requests().get(0);
    assertThat(sent.messages().get(0).get("content").asText()).contains("summaries");
    String user = sent.lastUserMessage();
    assertThat(user).startsWith("Summarize \"Long paper\" in at most 40 words.");
    assertThat(user).contains("Part 0 ", "Part 5 ", "Part 10 ", "Part 15 ").doesNotContain("Part 1 ", "Part 19 ");
    assertThat(sent.body().get("max_tokens").asInt()).isEqualTo(800);
  }

  @Test
  void aClosedModelRefusesWork() {
    ChatModel model = open();
    model.close();
    assertThat(catchThrowable(() -> model.answer(QUESTION, delta -> { }))).isInstanceOf(IllegalStateException.class);
  }

  private static ChatException failure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ChatException.class);
    return (ChatException) thrown;
  }
}
