package io.mediawhisperer.plugin.chat.openai;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatModelProvider;

/**
 * Plugin "openai-compatible": any server that speaks OpenAI's streamed
 * {@code POST /chat/completions} (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp's server, ...),
 * for answers that are written rather than quoted. Settings: {@code base-url} and {@code model}
 * (required), {@code api-key}, {@code timeout-seconds} (120), {@code idle-timeout-seconds} (30),
 * {@code max-retries} (2), {@code retry-initial-delay-ms} (500), {@code temperature} (0.2),
 * {@code max-tokens} (800), {@code context-chars} (24000).
 */
public final class OpenAiChatProvider implements ChatModelProvider {

  public static final String NAME = "openai-compatible";

  @Override
  public String name() {
    return NAME;
  }

  /** Opens no connection: a wrong URL, key or model shows on the first question. */
  @Override
  public ChatModel open(PluginSettings settings) {
    return new OpenAiChatModel(ChatSettings.from(settings));
  }
}
