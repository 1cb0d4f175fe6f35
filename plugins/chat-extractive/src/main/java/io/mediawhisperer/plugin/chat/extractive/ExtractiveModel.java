package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.ChatAnswer;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Citations;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.util.function.Consumer;

/**
 * The chat model that needs no model: answers are quotes of the passages' best sentences, each
 * cited, and summaries are the document's own sentences, part by part where it has parts. Nothing it writes is invented,
 * which makes it a safe default for a server that must run without network or GPU. Holds no
 * state, so it is thread-safe and closing it releases nothing.
 */
final class ExtractiveModel implements ChatModel {

  static final String NAME = "extractive";

  @Override
  public String modelName() {
    return NAME;
  }

  @Override
  public ChatAnswer answer(ChatRequest request, Consumer<String> deltas) {
    StringBuilder text = new StringBuilder();
    for (String piece : AnswerWriter.write(request)) {
      text.append(piece);
      deltas.accept(piece);
    }
    String answer = text.toString();
    return new ChatAnswer(answer, Citations.cited(answer, request.passages()));
  }

  @Override
  public String summarize(SummaryRequest request) {
    return Summarizer.summarize(request);
  }

  /** It quotes; it cannot follow a writing instruction. */
  @Override
  public boolean generative() {
    return false;
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "ExtractiveModel";
  }
}
