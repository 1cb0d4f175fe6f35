package io.mediawhisperer.plugin.chat.openai;

import io.mediawhisperer.spi.chat.ChatInstructions;
import io.mediawhisperer.spi.chat.ChatMessage;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the model is told. The rules are the product: answer only from the numbered passages,
 * cite them by number, and say so when they do not hold the answer; a model that is not told
 * this answers from what it learned and cites nothing, which is what a knowledge base over the
 * user's own sources must never do. Passages are given best first and cut to a budget of
 * characters (the lowest-ranked go first), so that a long context never crowds out the question
 * or overflows a small local model's window.
 */
final class Prompts {

  static final String ANSWER_RULES = ChatInstructions.ANSWER_RULES;
  static final String SUMMARY_RULES = ChatInstructions.SUMMARY_RULES;
  static final String NO_PASSAGES = ChatInstructions.NO_PASSAGES;

  /** A budget for history of this share of the passages' budget: earlier turns matter less than the sources. */
  static final int HISTORY_SHARE_DIVISOR = 2;

  /** The messages, and the passages that made it into them (the only ones an answer may cite). */
  record Prompt(List<ChatJson.Message> messages, List<Passage> passages) {
  }

  private Prompts() {
  }

  static Prompt answer(ChatRequest request, int contextChars) {
    List<ChatJson.Message> messages = new ArrayList<>();
    messages.add(new ChatJson.Message("system", ANSWER_RULES));
    messages.addAll(history(request.history(), contextChars / HISTORY_SHARE_DIVISOR));
    List<Passage> sent = new ArrayList<>();
    StringBuilder user = new StringBuilder();
    int used = 0;
    for (Passage passage : request.passages()) {
      String block = block(passage);
      if (used + block.length() > contextChars) {
        if (sent.isEmpty()) {
          block = cut(block, contextChars); // the best passage, cut, rather than nothing
        } else {
          break;
        }
      }
      user.append(sent.isEmpty() ? "Passages:\n\n" : "\n\n").append(block);
      used += block.length();
      sent.add(passage);
    }
    if (sent.isEmpty()) {
      user.append(NO_PASSAGES);
    }
    user.append("\n\nQuestion: ").append(request.question());
    messages.add(new ChatJson.Message("user", user.toString()));
    return new Prompt(messages, sent);
  }

  /** {@code [n] Title, locator:} then the text. */
  static String block(Passage passage) {
    return "[" + passage.marker() + "] " + passage.citation() + ":\n" + passage.text().strip();
  }

  /** The latest turns that fit {@code budget} characters, oldest first. */
  static List<ChatJson.Message> history(List<ChatMessage> history, int budget) {
    List<ChatJson.Message> kept = new ArrayList<>();
    int used = 0;
    for (int i = history.size() - 1; i >= 0; i--) {
      ChatMessage message = history.get(i);
      String content = message.content() == null ? "" : message.content();
      if (used + content.length() > budget) {
        break;
      }
      used += content.length();
      kept.add(new ChatJson.Message(message.role().name().toLowerCase(java.util.Locale.ROOT), content));
    }
    Collections.reverse(kept);
    return kept;
  }

  static List<ChatJson.Message> summary(SummaryRequest request, int contextChars) {
    StringBuilder user = new StringBuilder("Summarize \"" + request.title() + "\" in at most " + request.maxWords()
        + " words.\n\nText:\n");
    for (Passage passage : sampled(request.passages(), contextChars)) {
      user.append("\n").append(passage.text().strip()).append("\n");
    }
    return List.of(new ChatJson.Message("system", SUMMARY_RULES), new ChatJson.Message("user", user.toString().strip()));
  }

  /**
   * Passages spread evenly over the document that fit {@code budget} characters: a summary of
   * the first chapters only would be a summary of the wrong thing. The single passage that is
   * over the budget alone is cut.
   */
  static List<Passage> sampled(List<Passage> passages, int budget) {
    long total = 0;
    for (Passage p : passages) {
      total += p.text().strip().length() + 2;
    }
    if (total <= budget) {
      return passages;
    }
    for (int count = (int) Math.max(1, (long) passages.size() * budget / total); count >= 1; count--) {
      List<Passage> sample = new ArrayList<>(count);
      int used = 0;
      for (int i = 0; i < count; i++) {
        Passage p = passages.get((int) ((long) i * passages.size() / count));
        sample.add(p);
        used += p.text().strip().length() + 2;
      }
      if (used <= budget) {
        return sample;
      }
    }
    Passage first = passages.get(0);
    return List.of(new Passage(first.marker(), first.sourceTitle(), first.locator(), cut(first.text().strip(), budget)));
  }

  private static String cut(String text, int chars) {
    if (text.length() <= chars) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(chars - 2)) ? chars - 2 : chars - 1;
    return text.substring(0, end) + "…";
  }
}
