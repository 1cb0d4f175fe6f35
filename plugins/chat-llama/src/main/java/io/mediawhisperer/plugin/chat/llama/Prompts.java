package io.mediawhisperer.plugin.chat.llama;

import io.mediawhisperer.spi.chat.ChatInstructions;
import io.mediawhisperer.spi.chat.ChatMessage;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the model is told, fitted into its context window. The rules are the product: answer only
 * from the numbered passages and cite them by number. A local model's window is small (a few
 * thousand tokens) and llama.cpp fails or silently shifts the context when it overflows, so the
 * prompt is measured with the model's own tokenizer: prompt plus the answer's token allowance must
 * fit. The passages come best first; the lowest-ranked are left out first, and a best passage that
 * alone is too long is cut. Earlier turns of the conversation get at most a quarter of the room.
 */
final class Prompts {

  static final String ANSWER_RULES = ChatInstructions.ANSWER_RULES;
  static final String SUMMARY_RULES = ChatInstructions.SUMMARY_RULES;
  static final String NO_PASSAGES = ChatInstructions.NO_PASSAGES;

  /**
   * Tokens kept free beyond the measured prompt: the beginning-of-text token the server adds, and
   * the few a template may add or merge differently when the pieces are joined.
   */
  static final int SLACK = 16;
  static final int HISTORY_SHARE_DIVISOR = 4;

  /**
   * A prompt ready for the model.
   *
   * @param text what the model continues
   * @param tokens its length in tokens, measured
   * @param passages the passages it carries (the only ones an answer may cite)
   * @param dropped how many of the request's passages were left out for room
   */
  record Prepared(String text, int tokens, List<Passage> passages, int dropped) {
  }

  private final PromptFormat format;
  private final Tokens tokens;

  Prompts(PromptFormat format, Tokens tokens) {
    this.format = format;
    this.tokens = tokens;
  }

  /** Strings that end the answer when the model writes them. */
  List<String> stops() {
    return format.stops();
  }

  /** The answer prompt within {@code budget} tokens; fails when not even the bare question fits. */
  Prepared answer(ChatRequest request, int budget) throws PromptTooLong {
    String question = "\n\nQuestion: " + request.question();
    int bare = measure(List.of(), NO_PASSAGES + question);
    if (bare > budget) {
      throw new PromptTooLong("the question alone takes " + bare + " tokens; the model's context leaves room for "
          + budget);
    }
    List<PromptFormat.Turn> history = history(request.history(), Math.min(budget - bare, budget / HISTORY_SHARE_DIVISOR));
    int room = budget - measure(history, "Passages:\n\n" + question);
    List<Passage> sent = new ArrayList<>();
    List<String> blocks = new ArrayList<>();
    int used = 0;
    for (Passage passage : request.passages()) {
      String block = block(passage);
      int size = tokens.count(block) + 2; // the blank line between blocks
      if (used + size > room) {
        if (!sent.isEmpty()) {
          break;
        }
        block = tokens.cut(block, Math.max(0, room - 3)) + "…";
        size = room;
      }
      sent.add(passage);
      blocks.add(block);
      used += size;
    }
    // the sum of the parts is an estimate: measure the whole and drop from the end until it fits
    while (true) {
      String user = sent.isEmpty() ? NO_PASSAGES + question : "Passages:\n\n" + String.join("\n\n", blocks) + question;
      String text = format.render(ANSWER_RULES, history, user);
      int size = tokens.count(text);
      if (size + SLACK <= budget || sent.isEmpty()) {
        return new Prepared(text, size, List.copyOf(sent), request.passages().size() - sent.size());
      }
      sent.removeLast();
      blocks.removeLast();
    }
  }

  /** The summary prompt within {@code budget} tokens: passages spread evenly over the text, the one too long alone cut. */
  Prepared summary(SummaryRequest request, int budget) {
    String ask = "Summarize \"" + request.title() + "\" in at most " + request.maxWords() + " words.\n\nText:\n";
    int room = budget - measure(List.of(), ask);
    List<Passage> passages = request.passages();
    int[] sizes = new int[passages.size()];
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = tokens.count(passages.get(i).text().strip()) + 1;
      total += sizes[i];
    }
    List<String> chosen = new ArrayList<>();
    if (total <= room) {
      passages.forEach(p -> chosen.add(p.text().strip()));
    } else {
      for (int count = (int) Math.max(1, (long) passages.size() * room / Math.max(1, total)); count >= 1 && chosen.isEmpty();
          count--) {
        int used = 0;
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          int at = (int) ((long) i * passages.size() / count);
          sample.add(passages.get(at).text().strip());
          used += sizes[at];
        }
        if (used <= room) {
          chosen.addAll(sample);
        }
      }
      if (chosen.isEmpty() && !passages.isEmpty()) {
        chosen.add(tokens.cut(passages.getFirst().text().strip(), Math.max(0, room - 3)) + "…");
      }
    }
    String text = format.render(SUMMARY_RULES, List.of(), ask + String.join("\n\n", chosen));
    while (tokens.count(text) + SLACK > budget && chosen.size() > 1) {
      chosen.removeLast();
      text = format.render(SUMMARY_RULES, List.of(), ask + String.join("\n\n", chosen));
    }
    return new Prepared(text, tokens.count(text), List.of(), passages.size() - chosen.size());
  }

  /** {@code [n] Title, locator:} then the text. */
  static String block(Passage passage) {
    return "[" + passage.marker() + "] " + passage.citation() + ":\n" + passage.text().strip();
  }

  private int measure(List<PromptFormat.Turn> history, String user) {
    return tokens.count(format.render(ANSWER_RULES, history, user)) + SLACK;
  }

  /** The latest turns that fit {@code budget} tokens, oldest first; system messages are the server's, not the user's, and stay out. */
  private List<PromptFormat.Turn> history(List<ChatMessage> history, int budget) {
    List<PromptFormat.Turn> kept = new ArrayList<>();
    int used = 0;
    for (int i = history.size() - 1; i >= 0; i--) {
      ChatMessage message = history.get(i);
      if (message.role() == ChatMessage.Role.SYSTEM || message.content() == null || message.content().isBlank()) {
        continue;
      }
      int size = tokens.count(message.content()) + 8; // the turn's markers
      if (used + size > budget) {
        break;
      }
      used += size;
      kept.add(new PromptFormat.Turn(message.role() == ChatMessage.Role.USER ? "user" : "assistant", message.content()));
    }
    Collections.reverse(kept);
    return kept;
  }

  /** Not even the question fits the model's context. */
  static final class PromptTooLong extends Exception {
    PromptTooLong(String message) {
      super(message);
    }
  }
}
