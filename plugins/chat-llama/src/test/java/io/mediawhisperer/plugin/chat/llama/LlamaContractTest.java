package io.mediawhisperer.plugin.chat.llama;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModelContract;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract against a tiny llama model with random weights, run by the real llama.cpp. One
 * rule is relaxed: a model that writes random tokens cannot be expected to cite the passage that
 * answers (nor anything in particular); every other rule (streaming, citations read from the
 * text and limited to the passages shown, empty retrieval, summary length, concurrency with
 * repeatable answers, idempotent close) holds for any text and is checked.
 */
class LlamaContractTest extends ChatModelContract {

  private final Path dir;
  private final Path model;

  LlamaContractTest() {
    try {
      dir = Files.createTempDirectory("mw-chat-llama-contract");
      model = TinyGguf.write(dir.resolve("tiny-random.gguf"), 42);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  void deleteModel() throws IOException {
    Files.deleteIfExists(model);
    Files.deleteIfExists(dir);
  }

  @Override
  protected ChatModelProvider provider() {
    return new LlamaChatProvider();
  }

  @Override
  protected PluginSettings settings() {
    return new PluginSettings(Map.of("model-path", model.toString(), "context-size", "2048", "max-tokens", "48",
        "threads", "2"));
  }

  /** Random weights write random tokens: which passage they cite is chance. */
  @Override
  protected boolean citesThePassageThatAnswers() {
    return false;
  }
}
