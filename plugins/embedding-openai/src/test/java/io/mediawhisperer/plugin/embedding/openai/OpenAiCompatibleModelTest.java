package io.mediawhisperer.plugin.embedding.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import io.mediawhisperer.plugin.embedding.openai.FakeEmbeddingsServer.Reply;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingException;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The protocol, against a local server scripted per test. */
class OpenAiCompatibleModelTest {

  private static final String KEY = "sk-test-0123456789abcdef";
  private static final int DIMENSION = 16;
  private static final List<String> SEVEN = List.of("one", "two", "three", "four", "five", "six", "seven");

  private FakeEmbeddingsServer server;

  @BeforeEach
  void start() {
    server = FakeEmbeddingsServer.start(DIMENSION);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EmbeddingModel open(String... extra) {
    Map<String, String> values = new HashMap<>(Map.of(
        "base-url", server.baseUrl(),
        "api-key", KEY,
        "model", "text-embedding-test",
        "dimension", Integer.toString(DIMENSION),
        "retry-initial-delay-ms", "10"));
    for (int i = 0; i < extra.length; i += 2) {
      values.put(extra[i], extra[i + 1]);
    }
    return new OpenAiCompatibleProvider().open(new PluginSettings(values));
  }

  @Test
  void splitsTextsIntoBatchesAndSendsTheKey() throws Exception {
    try (EmbeddingModel model = open("batch-size", "3")) {
      List<float[]> vectors = model.embed(SEVEN);

      assertThat(server.requests()).extracting(FakeEmbeddingsServer.Request::inputs)
          .containsExactly(SEVEN.subList(0, 3), SEVEN.subList(3, 6), SEVEN.subList(6, 7));
      assertThat(server.requests()).allSatisfy(request -> {
        assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(request.body().get("model").asText()).isEqualTo("text-embedding-test");
      });
      assertThat(model.modelName()).isEqualTo("openai:text-embedding-test");
      assertThat(model.dimension()).isEqualTo(DIMENSION);
      assertThat(vectors).hasSize(7);
      for (int i = 0; i < SEVEN.size(); i++) {
        assertThat(norm(vectors.get(i))).isCloseTo(1.0, within(1e-6));
        assertThat(cosine(vectors.get(i), FakeEmbeddingsServer.pseudoEmbedding(SEVEN.get(i), DIMENSION)))
            .as(SEVEN.get(i)).isCloseTo(1.0, within(1e-6));
      }
    }
  }

  @Test
  void sendsNoAuthorizationWithoutAKey() throws Exception {
    Map<String, String> values = Map.of("base-url", server.baseUrl(), "model", "m", "dimension", "16");
    try (EmbeddingModel model = new OpenAiCompatibleProvider().open(new PluginSettings(values))) {
      model.embed(List.of("hello"));
    }
    assertThat(server.requests().get(0).authorization()).isNull();
  }

  @Test
  void ordersVectorsByIndexNotByPosition() throws Exception {
    server.respond((request, n) -> server.hashEmbeddings(request, DIMENSION, true));
    try (EmbeddingModel model = open()) {
      List<float[]> vectors = model.embed(SEVEN);
      for (int i = 0; i < SEVEN.size(); i++) {
        assertThat(cosine(vectors.get(i), FakeEmbeddingsServer.pseudoEmbedding(SEVEN.get(i), DIMENSION)))
            .as(SEVEN.get(i)).isCloseTo(1.0, within(1e-6));
      }
    }
  }

  @Test
  void retriesATooManyRequestsAnswerAsTheServerAsks() throws Exception {
    server.respond((request, n) -> n == 1
        ? Reply.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}").withHeader("Retry-After", "1")
        : server.hashEmbeddings(request));
    try (EmbeddingModel model = open()) {
      assertThat(model.embed(List.of("hello"))).hasSize(1);
    }
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void serverErrorsAreRetriedThenReportedAsRetryable() {
    server.respond((request, n) -> Reply.json(500, "{\"error\":{\"message\":\"the GPU caught fire\"}}"));
    try (EmbeddingModel model = open("max-retries", "2")) {
      EmbeddingException e = failure(() -> model.embed(List.of("hello")));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("500", "the GPU caught fire", "gave up after 3 attempts");
    }
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void rejectedKeyIsNotRetriedAndNeverQuoted() {
    // a server that echoes the key back, as some proxies do
    server.respond((request, n) -> Reply.json(401,
        "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":\"invalid_request_error\"}}"));
    try (EmbeddingModel model = open()) {
      EmbeddingException e = failure(() -> model.embed(List.of("hello")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("401", "Incorrect API key provided", "api-key");
      assertNoKeyIn(e);
      assertThat(model.toString()).doesNotContain(KEY);
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void badRequestQuotesTheServerAndIsNotRetried() {
    server.respond((request, n) -> Reply.json(404, "{\"error\":\"model \\\"nomic\\\" not found, try pulling it first\"}"));
    try (EmbeddingModel model = open()) {
      EmbeddingException e = failure(() -> model.embed(List.of("hello")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("404", "model \"nomic\" not found");
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void malformedBodyIsAPermanentFailure() {
    server.respond((request, n) -> Reply.json(200, "<html><body>Welcome to nginx!</body></html>"));
    try (EmbeddingModel model = open()) {
      EmbeddingException e = failure(() -> model.embed(List.of("hello")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("not an embeddings response", "Welcome to nginx");
    }
    server.respond((request, n) -> Reply.json(200, "{\"data\": [{\"index\": 0, \"embedding\": [0.1, "));
    try (EmbeddingModel model = open()) {
      assertThat(failure(() -> model.embed(List.of("hello"))).retryable()).isFalse();
    }
  }

  @Test
  void wrongDimensionIsAPermanentFailureThatSaysWhichSetting() {
    server.respond((request, n) -> server.hashEmbeddings(request, 768, false));
    try (EmbeddingModel model = open()) {
      EmbeddingException e = failure(() -> model.embed(List.of("hello")));
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("768 dimensions", "'dimension' is 16");
    }
  }

  @Test
  void missingOrRepeatedVectorsAreAPermanentFailure() {
    String vector = "[" + String.join(",", Collections.nCopies(DIMENSION, "0.5")) + "]";
    server.respond((request, n) -> Reply.json(200, n == 1
        ? "{\"data\":[{\"index\":0,\"embedding\":" + vector + "}]}"
        : "{\"data\":[{\"index\":1,\"embedding\":" + vector + "},{\"index\":1,\"embedding\":" + vector + "}]}"));
    try (EmbeddingModel model = open()) {
      EmbeddingException missing = failure(() -> model.embed(List.of("a", "b")));
      assertThat(missing.retryable()).isFalse();
      assertThat(missing.getMessage()).contains("returned 1 vectors for 2 texts");
      EmbeddingException repeated = failure(() -> model.embed(List.of("a", "b")));
      assertThat(repeated.retryable()).isFalse();
      assertThat(repeated.getMessage()).contains("repeated");
    }
  }

  @Test
  void slowServerTimesOutAndIsRetryable() {
    server.respond((request, n) -> server.hashEmbeddings(request).after(Duration.ofSeconds(3)));
    try (EmbeddingModel model = open("timeout-seconds", "1", "max-retries", "1")) {
      EmbeddingException e = failure(() -> model.embed(List.of("hello")));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("did not answer within 1 s");
    }
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void unreachableServerIsRetryable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> values = Map.of("base-url", "http://127.0.0.1:" + closedPort + "/v1", "model", "m",
        "dimension", "16", "max-retries", "0");
    try (EmbeddingModel model = new OpenAiCompatibleProvider().open(new PluginSettings(values))) {
      EmbeddingException e = failure(() -> model.embed(List.of("hello")));
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("cannot connect", "127.0.0.1:" + closedPort);
    }
  }

  @Test
  void longTextsAreCutToTheWindowBeforeSending() throws Exception {
    try (EmbeddingModel model = open("max-tokens", "3")) {
      model.embed(List.of("abcdefghijklmnopqrstuvwxyz", "short"));
    }
    assertThat(server.requests().get(0).inputs()).containsExactly("abcdefghijkl", "short");
  }

  @Test
  void emptyListSendsNothing() throws Exception {
    try (EmbeddingModel model = open()) {
      assertThat(model.embed(List.of())).isEmpty();
    }
    assertThat(server.requests()).isEmpty();
  }

  private static EmbeddingException failure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(EmbeddingException.class);
    return (EmbeddingException) thrown;
  }

  private static void assertNoKeyIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(t.toString()).doesNotContain(KEY);
    }
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return dot / (norm(a) * norm(b));
  }
}
