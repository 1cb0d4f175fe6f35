package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParsedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chunks a conversation along its turns: whole messages, each labelled with its speaker, a
 * question kept with its answer while both fit the chunk size, a new chunk started at a question
 * that would not fit with its answer. A message longer than a chunk is cut by the text chunker
 * (sentences, overlap). Every chunk carries the index of its first message, which is what a hit
 * and a citation point at.
 */
final class TurnChunker {

  private final TokenCounter tokenizer;
  private final Chunker longMessages;
  private final int size;
  private final int requestedSize;

  TurnChunker(TokenCounter tokenizer, int chunkSize, int overlapPercent) {
    this.tokenizer = tokenizer;
    this.requestedSize = chunkSize;
    this.longMessages = new Chunker(tokenizer, chunkSize, overlapPercent);
    this.size = longMessages.size();
  }

  /** The chunk size asked for (the setting's value; the model's limit may cut the chunks shorter). */
  int requestedSize() {
    return requestedSize;
  }

  List<Chunker.Chunk> chunk(List<ChatMessage> messages) {
    List<Chunker.Chunk> out = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    int tokens = 0;
    int first = -1;
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      if (m.content().isBlank()) {
        continue;
      }
      String text = label(m) + ": " + m.content().strip();
      int count = tokenizer.count(text);
      if (count > size) {
        flush(out, texts, first);
        texts.clear();
        tokens = 0;
        for (Chunker.Chunk piece : longMessages.chunk(new ParsedSource("chat_log", null, Map.of(),
            List.of(new ParsedSource.Page(1, text)), List.of(), List.of(), List.of()))) {
          out.add(new Chunker.Chunk(out.size(), piece.text(), piece.tokenCount(), null, null, null, null, i));
        }
        continue;
      }
      int withAnswer = count + ("user".equals(m.role()) ? answerTokens(messages, i) : 0);
      if (!texts.isEmpty() && (tokens + count > size || ("user".equals(m.role()) && tokens + withAnswer > size))) {
        flush(out, texts, first);
        texts.clear();
        tokens = 0;
      }
      if (texts.isEmpty()) {
        first = i;
      }
      texts.add(text);
      tokens += count;
    }
    flush(out, texts, first);
    return out;
  }

  private int answerTokens(List<ChatMessage> messages, int question) {
    return question + 1 < messages.size() && !"user".equals(messages.get(question + 1).role())
        ? tokenizer.count(label(messages.get(question + 1)) + ": " + messages.get(question + 1).content().strip())
        : 0;
  }

  private void flush(List<Chunker.Chunk> out, List<String> texts, int first) {
    if (!texts.isEmpty()) {
      String text = String.join("\n\n", texts);
      out.add(new Chunker.Chunk(out.size(), text, tokenizer.count(text), null, null, null, null, first));
    }
  }

  private static String label(ChatMessage m) {
    return switch (m.role()) {
      case "user" -> "User";
      case "assistant" -> "Assistant";
      case "system" -> "System";
      default -> m.toolName() == null ? "Tool" : "Tool (" + m.toolName() + ")";
    };
  }
}
