package io.mediawhisperer.spi.chatlog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One conversation of an export: one {@code chat_log} source.
 *
 * @param externalId the service's id of the conversation: with the platform, what makes a
 *                   re-import of next month's export update this conversation instead of adding
 *                   a copy; readers of exports without ids derive a stable one (from the first
 *                   message's time and text, say)
 * @param title      the service's title, or null (the server then takes the first prompt's start)
 * @param model      the model, when the export names one for the whole conversation
 * @param messages   the main thread in order: for a tree, the path to the service's current node
 * @param branches   the other paths of the tree (edits, regenerations); empty for linear exports
 * @param warnings   what was left out of this conversation (hidden nodes are not warnings)
 */
public record ChatConversation(String externalId, String title, String model, Instant createdAt, Instant updatedAt,
    List<ChatMessage> messages, List<ChatBranch> branches, List<String> warnings) {

  public ChatConversation {
    Objects.requireNonNull(externalId, "externalId");
    messages = List.copyOf(messages);
    branches = List.copyOf(branches);
    warnings = List.copyOf(warnings);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a conversation has at least one message");
    }
    for (ChatBranch branch : branches) {
      if (branch.forkIndex() > messages.size()) {
        throw new IllegalArgumentException("a branch forks at " + branch.forkIndex() + ", past the main thread's end");
      }
    }
  }
}
