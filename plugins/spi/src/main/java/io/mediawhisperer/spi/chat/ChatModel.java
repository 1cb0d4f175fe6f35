package io.mediawhisperer.spi.chat;

import java.util.function.Consumer;

/**
 * Writes answers and summaries from passages the server retrieved. Blocking (CPU or network):
 * always called off the event loop, possibly from several threads at once.
 */
public interface ChatModel extends AutoCloseable {

  /** Recorded with every answer ({@code metadata.model}), e.g. {@code extractive} or {@code gpt-4o-mini}. */
  String modelName();

  /**
   * Answers {@code request.question()} from its passages only, citing them with markers
   * {@code [n]} (n = {@link Passage#marker()}). Each piece of the answer is handed to
   * {@code deltas} as soon as it is written, in order; the pieces joined equal the returned
   * text. When no passage answers the question the answer says so plainly and cites nothing
   * it did not use.
   */
  ChatAnswer answer(ChatRequest request, Consumer<String> deltas) throws ChatException;

  /** A summary of the passages (a source, or the sources of a collection) in at most about {@code maxWords} words. */
  String summarize(SummaryRequest request) throws ChatException;

  /**
   * True when the model writes new text (a language model); false when it can only quote its
   * passages (the extractive model). Content generation asks a non-generative model for
   * summaries and key points instead of instructions it could not follow.
   */
  default boolean generative() {
    return true;
  }

  @Override
  void close();
}
