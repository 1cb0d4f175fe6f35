package io.mediawhisperer.plugin.chat.llama;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import java.util.function.Consumer;

/**
 * Plugin "llama": a GGUF model the user downloaded, run inside the node by llama.cpp
 * (java-llama.cpp, whose jar carries the native library for Linux, macOS and Windows), so that
 * answers are written without any server or network. Settings: {@code model-path} (required),
 * {@code context-size} (4096), {@code threads} (the available processors), {@code max-tokens}
 * (512), {@code timeout-seconds} (300), {@code temperature} (0.2).
 */
public final class LlamaChatProvider implements ChatModelProvider {

  public static final String NAME = "llama";

  @Override
  public String name() {
    return NAME;
  }

  /** Loads the model now, once: a missing or broken file fails the node's start, naming the file. */
  @Override
  public ChatModel open(PluginSettings settings) {
    return open(settings, prompt -> { });
  }

  /** As {@link #open(PluginSettings)}, telling {@code promptsSent} each prompt given to the model (tests). */
  static LlamaChatModel open(PluginSettings settings, Consumer<Prompts.Prepared> promptsSent) {
    LlamaSettings parsed = LlamaSettings.from(settings);
    GgufHeader header;
    try {
      header = GgufHeader.read(parsed.modelPath());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting '" + LlamaSettings.MODEL_PATH + "': " + e.getMessage(), e);
    }
    String file = parsed.modelPath().getFileName().toString();
    String name = file.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
    return new LlamaChatModel(parsed, name, LlamaEngine.load(parsed, header), promptsSent);
  }
}
