package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.plugin.chat.llama.TinyGguf;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node whose chat model is {@code llama}: a GGUF file run in-process by llama.cpp. No real model
 * ships here, so the file is a tiny random-weight one written by the test (its words are noise); what
 * is proved is the wiring: the node loads the file named by {@code chat-model-path}, a source's
 * summary and an answer come from it, streamed over HTTP, and a missing file stops the start.
 */
class LlamaChatApiTest {

  @Test
  void aNodeRunsAGgufModelForSummariesAndStreamedAnswers() throws Exception {
    Path dataDir = Files.createTempDirectory("mw-llama");
    Path model = TinyGguf.write(dataDir.resolveSibling(dataDir.getFileName() + "-tiny.gguf"), 7);
    int port = Ports.free();
    try (Node node = Node.start(config(dataDir, port, model.toString())); ApiClient api = new ApiClient(port)) {
      String user = api.newUser("llama");
      String talk = api.completed(user, api.post(user, "/api/v1/sources", new JsonObject().put("kind", "transcript")
          .put("videoId", "abc123XYZ_0").put("title", "Trace trees talk").put("segments", new JsonArray()
              .add(new JsonObject().put("start", 0).put("duration", 30).put("text", "Trace trees record hot loops in the program."))
              .add(new JsonObject().put("start", 30).put("duration", 45).put("text", "The compiler emits native code for each trace.")))))
          .getString("sourceId");
      assertThat(api.get(user, "/api/v1/sources/" + talk).bodyAsJsonObject().getString("summary")).as("written by the model").isNotBlank();

      String conversation = api.post(user, "/api/v1/conversations", new JsonObject().put("sourceIds", new JsonArray().add(talk)))
          .bodyAsJsonObject().getString("id");
      Sse.Stream stream = Sse.post(api.vertx, api.port, user, "/api/v1/conversations/" + conversation + "/messages",
          new JsonObject().put("content", "What do trace trees record?"), e -> false);
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.events().stream().filter(e -> e.name().equals("delta")).count()).isGreaterThanOrEqualTo(2);
      JsonObject message = stream.events().get(stream.events().size() - 1).data().getJsonObject("message");
      assertThat(message.getString("content")).isNotBlank().isEqualTo(stream.joinedDeltas());
      assertThat(message.getJsonObject("metadata").getString("model")).isNotBlank().isNotEqualTo("extractive");
    }

    Path missing = dataDir.resolveSibling("no-such-model.gguf");
    assertThatThrownBy(() -> Node.start(config(Files.createTempDirectory("mw-llama-missing"), Ports.free(), missing.toString())))
        .hasStackTraceContaining(missing.toString());
  }

  private static io.vertx.core.json.JsonObject config(Path dataDir, int port, String modelPath) {
    return NodeConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString(), "http-port", String.valueOf(port),
        "registration-per-hour-per-address", "0", "db-url", TestDatabase.url(), "chat-provider", "llama",
        "chat-model-path", modelPath, "chat-workers", "2", "chat-timeout-seconds", "60"));
  }
}
