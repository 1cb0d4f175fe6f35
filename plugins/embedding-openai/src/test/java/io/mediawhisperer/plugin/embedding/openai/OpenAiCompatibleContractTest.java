package io.mediawhisperer.plugin.embedding.openai;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModelContract;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract, against a local server whose vectors are derived from a hash of each text. */
class OpenAiCompatibleContractTest extends EmbeddingModelContract {

  private FakeEmbeddingsServer server;

  @BeforeAll
  void startServer() {
    server = FakeEmbeddingsServer.start(64);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Override
  protected EmbeddingModelProvider provider() {
    return new OpenAiCompatibleProvider();
  }

  @Override
  protected PluginSettings settings() {
    return new PluginSettings(Map.of(
        "base-url", server.baseUrl(),
        "model", "hash-embedder",
        "dimension", "64",
        "batch-size", "4"));
  }
}
