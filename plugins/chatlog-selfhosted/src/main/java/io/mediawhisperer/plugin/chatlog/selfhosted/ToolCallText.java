package io.mediawhisperer.plugin.chatlog.selfhosted;

import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;

/**
 * A tool call and its result as one {@code tool} message a person can read: which tool, with
 * what, and what came back.
 */
final class ToolCallText {

  private ToolCallText() {
  }

  static ChatMessage message(String id, String name, String arguments, String result, Instant at) {
    StringBuilder text = new StringBuilder();
    String tool = name == null || name.isBlank() ? "a tool" : name;
    text.append("Called ").append(tool);
    if (arguments != null && !arguments.isBlank() && !arguments.strip().equals("{}")) {
      text.append(" with ").append(arguments.strip());
    }
    if (result != null && !result.isBlank()) {
      text.append("\n\nResult:\n").append(result.strip());
    }
    return new ChatMessage(id, "tool", text.toString(), at, null, name == null || name.isBlank() ? null : name);
  }
}
