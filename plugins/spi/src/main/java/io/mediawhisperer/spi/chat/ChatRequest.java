package io.mediawhisperer.spi.chat;

import java.util.List;

/**
 * A question to answer.
 *
 * @param question the user's new message
 * @param history earlier messages of the conversation, oldest first (without the question)
 * @param passages what retrieval found for the question, best first; possibly empty
 */
public record ChatRequest(String question, List<ChatMessage> history, List<Passage> passages) {

  public ChatRequest {
    history = List.copyOf(history);
    passages = List.copyOf(passages);
  }
}
