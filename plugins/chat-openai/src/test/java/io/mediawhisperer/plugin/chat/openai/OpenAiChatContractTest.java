package io.mediawhisperer.plugin.chat.openai;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModelContract;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract, unrelaxed, against a local server that plays a tiny deterministic model. */
class OpenAiChatContractTest extends ChatModelContract {

  private FakeChatServer server;

  @BeforeAll
  void startServer() {
    server = FakeChatServer.start();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Override
  protected ChatModelProvider provider() {
    return new OpenAiChatProvider();
  }

  @Override
  protected PluginSettings settings() {
    return new PluginSettings(Map.of("base-url", server.baseUrl(), "model", "fake-model"));
  }
}
