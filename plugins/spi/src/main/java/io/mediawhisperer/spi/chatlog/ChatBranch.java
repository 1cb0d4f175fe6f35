package io.mediawhisperer.spi.chatlog;

import java.util.List;

/**
 * A path of a conversation tree that is not the main thread: an edited prompt or a regenerated
 * answer and what followed it. Its first message is an alternative to the main thread's message
 * at {@code forkIndex} (the messages before it are shared), so a reader of the branch sees the main
 * thread's first {@code forkIndex} messages, then these.
 */
public record ChatBranch(int forkIndex, List<ChatMessage> messages) {

  public ChatBranch {
    if (forkIndex < 0) {
      throw new IllegalArgumentException("forkIndex must not be negative");
    }
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a branch has at least one message");
    }
  }
}
