package io.mediawhisperer.plugin.chat.openai;

import io.mediawhisperer.plugin.openai.RetryPolicy;
import io.mediawhisperer.spi.chat.ChatAnswer;
import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Citations;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Answers from a remote (or local) OpenAI-compatible model, streamed as the model writes.
 * Failures before the first piece of the answer is handed on are retried (429 as the server
 * asks, 5xx, lost connections); after it, never, since the user has already read the
 * beginning. The answer's citations are read from its text and kept only when they name a
 * passage the model was actually shown. Thread-safe: it keeps no state between calls but the
 * HTTP client.
 */
final class OpenAiChatModel implements ChatModel {

  private final ChatSettings settings;
  private final ChatCompletions endpoint;
  private final RetryPolicy retries;
  private final AtomicBoolean closed = new AtomicBoolean();

  OpenAiChatModel(ChatSettings settings) {
    this.settings = settings;
    this.endpoint = new ChatCompletions(settings, Clock.systemUTC());
    this.retries = settings.retryPolicy();
  }

  /** The endpoint's model name, as recorded with each answer. */
  @Override
  public String modelName() {
    return settings.model();
  }

  @Override
  public ChatAnswer answer(ChatRequest request, Consumer<String> deltas) throws ChatException {
    Prompts.Prompt prompt = Prompts.answer(request, settings.contextChars());
    String text = withRetries(prompt.messages(), settings.maxTokens(), deltas);
    return new ChatAnswer(text, Citations.cited(text, prompt.passages()));
  }

  @Override
  public String summarize(SummaryRequest request) throws ChatException {
    // room for the words asked for, at about 1.3 tokens a word
    int maxTokens = Math.max(settings.maxTokens(), request.maxWords() * 2);
    return withRetries(Prompts.summary(request, settings.contextChars()), maxTokens, piece -> { }).strip();
  }

  private String withRetries(List<ChatJson.Message> messages, int maxTokens, Consumer<String> deltas)
      throws ChatException {
    if (closed.get()) {
      throw new IllegalStateException(this + " is closed");
    }
    try {
      return retries.call(() -> endpoint.complete(messages, maxTokens, deltas), ChatException::new);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException("interrupted while waiting for " + settings.endpointForMessages(), true, e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      endpoint.close();
    }
  }

  @Override
  public String toString() {
    return "OpenAiChatModel[" + settings.model() + " at " + settings.endpointForMessages() + "]";
  }
}
