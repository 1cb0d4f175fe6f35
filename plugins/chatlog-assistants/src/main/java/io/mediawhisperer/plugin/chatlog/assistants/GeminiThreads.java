package io.mediawhisperer.plugin.chatlog.assistants;

import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds conversations from Gemini's activity records, which Takeout writes one per prompt, with
 * no conversation around them and in no documented order. Records are sorted by time (records
 * without one first; equal times in file order). A record whose {@code titleUrl} names a
 * conversation ({@code /app/c/<id>}) joins the other records of that id. The others are split by
 * time gaps: a record more than {@link #MAX_GAP} after the one before it starts a new conversation.
 * Conversations come out in the order of their first record.
 */
final class GeminiThreads {

  /** Longer than this between two prompts, and the second starts a new conversation. */
  static final Duration MAX_GAP = Duration.ofMinutes(30);

  private static final Comparator<GeminiTurn> CHRONOLOGICAL = Comparator
      .comparing(GeminiTurn::time, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingInt(GeminiTurn::position);

  private GeminiThreads() {
  }

  /** The turns grouped into conversations, each in time order; the list of turns is sorted in place. */
  static List<List<GeminiTurn>> group(List<GeminiTurn> turns) {
    turns.sort(CHRONOLOGICAL);
    Map<String, List<GeminiTurn>> byId = new LinkedHashMap<>();
    List<List<GeminiTurn>> threads = new ArrayList<>();
    List<GeminiTurn> byGap = null;
    for (GeminiTurn turn : turns) {
      if (turn.conversationId() != null) {
        List<GeminiTurn> thread = byId.get(turn.conversationId());
        if (thread == null) {
          thread = new ArrayList<>();
          byId.put(turn.conversationId(), thread);
          threads.add(thread);
        }
        thread.add(turn);
      } else {
        if (byGap == null || !followsClosely(byGap.get(byGap.size() - 1), turn)) {
          byGap = new ArrayList<>();
          threads.add(byGap);
        }
        byGap.add(turn);
      }
    }
    return threads; // in the order of their first turn, since turns were walked in time order
  }

  private static boolean followsClosely(GeminiTurn previous, GeminiTurn turn) {
    return previous.time() != null && turn.time() != null
        && Duration.between(previous.time(), turn.time()).compareTo(MAX_GAP) <= 0;
  }

  /** A thread as a conversation: each turn a prompt and its answer; further answers to a prompt become branches. */
  static ChatConversation conversation(List<GeminiTurn> thread) {
    List<ChatMessage> messages = new ArrayList<>();
    List<ChatBranch> branches = new ArrayList<>();
    for (GeminiTurn turn : thread) {
      if (!turn.prompt().isBlank()) {
        messages.add(ChatMessage.of("user", turn.prompt(), turn.time()));
      }
      if (!turn.answer().isBlank()) {
        int answerIndex = messages.size();
        messages.add(ChatMessage.of("assistant", turn.answer(), turn.time()));
        for (String other : turn.otherAnswers()) {
          branches.add(new ChatBranch(answerIndex, List.of(ChatMessage.of("assistant", other, turn.time()))));
        }
      }
    }
    GeminiTurn first = thread.get(0);
    String id = first.conversationId() != null ? first.conversationId()
        : StableId.of("gemini", first.time(), first.prompt());
    Instant updated = thread.get(thread.size() - 1).time();
    return new ChatConversation(id, null, null, first.time(), updated, messages, branches, List.of());
  }
}
