package io.mediawhisperer.spi.chat;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.PluginSettings;

/**
 * Plugin kind "chat model": answers a question from numbered passages, citing them, and writes
 * summaries. Configuration chooses one by name ({@code chat-provider = extractive}); the node
 * opens it with the settings whose keys start with {@code chat-} (without the prefix).
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.chat.ChatModelProvider}; contract
 * kit: {@code ChatModelContract}.
 */
public interface ChatModelProvider extends NamedPlugin {

  /** Opens the model; fails with {@link IllegalArgumentException} naming a bad setting. */
  ChatModel open(PluginSettings settings);
}
