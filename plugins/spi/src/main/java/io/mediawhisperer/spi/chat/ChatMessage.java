package io.mediawhisperer.spi.chat;

/** An earlier message of the conversation, oldest first in {@link ChatRequest#history()}. */
public record ChatMessage(Role role, String content) {

  public enum Role {
    USER, ASSISTANT, SYSTEM
  }
}
