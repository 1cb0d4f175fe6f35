package io.mediawhisperer.plugin.chat.llama;

import io.mediawhisperer.spi.chat.ChatAnswer;
import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Citations;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.util.function.Consumer;

/**
 * Answers with a local GGUF model run in this process by llama.cpp, streamed token by token. The
 * prompt is fitted into the model's context window with its own tokenizer; the answer's
 * citations are read from its text and kept only when they name a passage the model was shown.
 * Thread-safe: requests queue for the model, which writes one at a time.
 */
final class LlamaChatModel implements ChatModel {

  private final LlamaSettings settings;
  private final String name;
  private final LlamaEngine engine;
  private final Consumer<Prompts.Prepared> promptsSent;

  LlamaChatModel(LlamaSettings settings, String name, LlamaEngine engine, Consumer<Prompts.Prepared> promptsSent) {
    this.settings = settings;
    this.name = name;
    this.engine = engine;
    this.promptsSent = promptsSent;
  }

  /** The model file's name without {@code .gguf}, e.g. {@code qwen2.5-1.5b-instruct-q4_k_m}: it names the quantisation too. */
  @Override
  public String modelName() {
    return name;
  }

  @Override
  public ChatAnswer answer(ChatRequest request, Consumer<String> deltas) throws ChatException {
    int budget = settings.contextSize() - settings.maxTokens();
    LlamaEngine.Written written = engine.write(prompts -> sent(prompts.answer(request, budget)), settings.maxTokens(),
        deltas);
    if (written.text().isBlank()) {
      throw new ChatException("the local model " + name + " wrote an empty answer", true, null);
    }
    return new ChatAnswer(written.text(), Citations.cited(written.text(), written.prompt().passages()));
  }

  @Override
  public String summarize(SummaryRequest request) throws ChatException {
    // room for the words asked for, at about 1.3 tokens a word, and never more than half the window
    int maxTokens = Math.min(Math.max(32, request.maxWords() * 2), settings.contextSize() / 2);
    int budget = settings.contextSize() - maxTokens;
    String summary = engine.write(prompts -> sent(prompts.summary(request, budget)), maxTokens, piece -> { })
        .text().strip();
    if (summary.isEmpty()) {
      throw new ChatException("the local model " + name + " wrote an empty summary", true, null);
    }
    return summary;
  }

  private Prompts.Prepared sent(Prompts.Prepared prompt) {
    promptsSent.accept(prompt);
    return prompt;
  }

  @Override
  public boolean generative() {
    return true;
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "LlamaChatModel[" + settings.modelPath() + ", context " + settings.contextSize() + " tokens, "
        + settings.threads() + " threads]";
  }
}
