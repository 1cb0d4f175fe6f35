package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node whose chat model is {@code openai-compatible}, talking to a local server that speaks
 * the chat-completions protocol (streaming included) the way OpenAI, Ollama or vLLM do: answers
 * stream through to the client, citations map back to hits, summaries come from the model, and
 * a failing model keeps the question and answers with a clear error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiChatApiTest {

  /** What the fake model writes, in pieces; it cites the first passage it was given. */
  private static final List<String> PIECES = List.of("A generational collector ", "splits the heap ", "into a young and an old ",
      "generation [1].");
  private static final String SUMMARY = "A talk about generational garbage collection.";

  private final Vertx serverVertx = Vertx.vertx();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private volatile String mode = "ok";
  private HttpServer model;
  private Node node;
  private ApiClient api;
  private String user;
  private String talk;

  @BeforeAll
  void start() throws Exception {
    model = Await.result(serverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject json = body.toJsonObject();
      received.add(json);
      HttpServerResponse response = request.response();
      if (!request.path().equals("/v1/chat/completions") || !"Bearer test-key".equals(request.getHeader("authorization"))) {
        response.setStatusCode(401).end("{\"error\": {\"message\": \"bad key\"}}");
      } else if (mode.equals("fail")) {
        response.setStatusCode(500).end("{\"error\": {\"message\": \"the model crashed\"}}");
      } else if (!json.getBoolean("stream", false)) {
        response.putHeader("content-type", "application/json").end(new JsonObject().put("choices", new JsonArray().add(
            new JsonObject().put("message", new JsonObject().put("role", "assistant").put("content", isSummary(json) ? SUMMARY : String.join("", PIECES)))
                .put("finish_reason", "stop"))).encode());
      } else {
        response.setChunked(true).putHeader("content-type", "text/event-stream");
        List<String> pieces = isSummary(json) ? List.of(SUMMARY) : PIECES;
        long pause = mode.equals("slow") ? 300 : 5;
        for (int i = 0; i < pieces.size(); i++) {
          String piece = pieces.get(i);
          serverVertx.setTimer(pause * (i + 1), t -> {
            if (!response.closed()) {
              response.write("data: " + new JsonObject().put("choices", new JsonArray().add(new JsonObject()
                  .put("index", 0).put("delta", new JsonObject().put("content", piece)))).encode() + "\n\n");
            }
          });
        }
        serverVertx.setTimer(pause * (pieces.size() + 1), t -> {
          if (!response.closed()) {
            response.end("data: [DONE]\n\n");
          }
        });
      }
    })).listen(0, "127.0.0.1"));

    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-openai-chat-test").toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        "chat-provider", "openai-compatible",
        "chat-base-url", "http://127.0.0.1:" + model.actualPort() + "/v1",
        "chat-api-key", "test-key",
        "chat-model", "fake-model",
        "chat-max-retries", "0",
        "chat-timeout-seconds", "10")));
    api = new ApiClient(port);
    user = api.newUser("llm");
    talk = api.completed(user, api.post(user, "/api/v1/sources", new JsonObject().put("kind", "transcript")
        .put("videoId", "abc123XYZ_0").put("title", "Garbage collection talk").put("segments", new JsonArray()
            .add(new JsonObject().put("start", 0).put("duration", 30).put("text", "Welcome everyone, today we talk about memory management."))
            .add(new JsonObject().put("start", 30).put("duration", 45)
                .put("text", "A generational garbage collector splits the heap into a young and an old generation."))))).getString("sourceId");
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
    Await.result(serverVertx.close());
  }

  private static boolean isSummary(JsonObject request) {
    return request.getJsonArray("messages").encode().toLowerCase().contains("summar");
  }

  private String conversation() {
    return api.post(user, "/api/v1/conversations", new JsonObject().put("sourceIds", new JsonArray().add(talk)))
        .bodyAsJsonObject().getString("id");
  }

  @Test
  void theSourceSummaryComesFromTheModel() {
    assertThat(api.get(user, "/api/v1/sources/" + talk).bodyAsJsonObject().getString("summary")).isEqualTo(SUMMARY);
  }

  @Test
  void theModelsStreamedAnswerReachesTheClientWithItsCitationMappedToTheHit() {
    String id = conversation();
    received.clear();
    Sse.Stream stream = Sse.post(api.vertx, api.port, user, "/api/v1/conversations/" + id + "/messages",
        new JsonObject().put("content", "How does a generational collector split the heap?"), e -> false);
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.joinedDeltas()).isEqualTo(String.join("", PIECES));
    assertThat(stream.events().stream().filter(e -> e.name().equals("delta")).count()).isGreaterThanOrEqualTo(2);
    JsonObject message = stream.events().get(stream.events().size() - 1).data().getJsonObject("message");
    assertThat(message.getString("content")).isEqualTo(String.join("", PIECES));
    JsonObject metadata = message.getJsonObject("metadata");
    assertThat(metadata.getString("model")).isEqualTo("fake-model");
    assertThat(metadata.getJsonArray("citations")).containsExactly(1);
    JsonObject cited = metadata.getJsonArray("sources").getJsonObject(0);
    assertThat(cited.getBoolean("cited")).isTrue();
    assertThat(cited.getString("sourceId")).isEqualTo(talk);

    // the model was given the passages, numbered, and asked to cite them; the key went as a Bearer token
    JsonObject request = received.get(0);
    assertThat(request.getString("model")).isEqualTo("fake-model");
    assertThat(request.getBoolean("stream")).isTrue();
    String prompt = request.getJsonArray("messages").encode();
    assertThat(prompt).contains("[1]").contains("splits the heap into a young and an old generation")
        .contains("How does a generational collector split the heap?");

    // the second question carries the first exchange as history
    received.clear();
    api.post(user, "/api/v1/conversations/" + id + "/messages", new JsonObject().put("content", "And the old one?"));
    JsonArray messages = received.get(0).getJsonArray("messages");
    assertThat(messages.encode()).contains("How does a generational collector split the heap?").contains(String.join("", PIECES));
  }

  @Test
  void aFailingModelKeepsTheQuestionAndSaysSoClearly() {
    String id = conversation();
    mode = "fail";
    try {
      HttpResponse<Buffer> failed = api.post(user, "/api/v1/conversations/" + id + "/messages",
          new JsonObject().put("content", "What is a nursery?"));
      assertThat(failed.statusCode()).isEqualTo(503);
      JsonObject error = failed.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("chat_model_failed");
      assertThat(error.getString("message")).doesNotContain("test-key");
    } finally {
      mode = "ok";
    }
    JsonArray messages = api.get(user, "/api/v1/conversations/" + id).bodyAsJsonObject().getJsonArray("messages");
    assertThat(messages).hasSize(1);
    assertThat(messages.getJsonObject(0).getString("content")).isEqualTo("What is a nursery?");
    assertThat(messages.getJsonObject(0).getString("role")).isEqualTo("user");
  }

  @Test
  void aClientThatHangsUpMidAnswerStillFindsTheWholeAnswerStored() throws Exception {
    String id = conversation();
    mode = "slow";
    try {
      Sse.Stream cut = Sse.post(api.vertx, api.port, user, "/api/v1/conversations/" + id + "/messages",
          new JsonObject().put("content", "Tell me about the heap"), e -> "delta".equals(e.name()));
      assertThat(cut.events()).hasSize(1);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      JsonArray messages;
      do {
        Thread.sleep(100);
        messages = api.get(user, "/api/v1/conversations/" + id).bodyAsJsonObject().getJsonArray("messages");
      } while (messages.size() < 2 && System.nanoTime() < deadline);
      assertThat(messages).hasSize(2);
      assertThat(messages.getJsonObject(1).getString("content")).isEqualTo(String.join("", PIECES));
    } finally {
      mode = "ok";
    }
  }
}
