package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import io.mediawhisperer.spi.text.SentenceSplitter;
import io.mediawhisperer.spi.text.WritingText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conversation's summary: what was asked and what was concluded, in the conversation's own
 * words. "Asked:" quotes the user's first request (and a later one that asks something else),
 * "Concluded:" the central sentences of the last answer that says something on its own (a
 * closing "You're welcome!" does not). Messages come as passages whose text starts with the
 * speaker, {@code "User: "} or {@code "Assistant: "}, one message or a turn of several each.
 */
final class ChatLogSummary {

  private static final Pattern SPEAKER = Pattern.compile("(?m)^(User|Assistant|System|Tool(?: \\([^)]*\\))?): ");
  /** The share of the words the questions may take; the conclusion gets the rest. */
  static final double ASKED_SHARE = 0.4;
  static final int MAX_QUESTIONS = 2;

  private record Turn(boolean user, String text) {
  }

  private ChatLogSummary() {
  }

  /** The summary, or null when the passages hold no user request or no answer to conclude from. */
  static String summarize(SummaryRequest request) {
    List<Turn> turns = turns(request.passages());
    List<String> asked = new ArrayList<>();
    for (Turn turn : turns) {
      if (turn.user() && asked.size() < MAX_QUESTIONS && asked.stream().noneMatch(a -> WritingText.sameThing(a, turn.text()))) {
        asked.add(turn.text());
      }
    }
    Turn answer = null;
    for (int i = turns.size() - 1; i >= 0 && answer == null; i--) {
      Turn turn = turns.get(i);
      if (!turn.user() && SentenceSplitter.split(turn.text()).stream().anyMatch(WritingText::fitToWrite)) {
        answer = turn;
      }
    }
    if (asked.isEmpty() || answer == null) {
      return null;
    }
    int askedWords = Math.max(8, (int) (request.maxWords() * ASKED_SHARE));
    // the first request in full (up to the share), a later one only when it fits whole in what is left
    StringBuilder summary = new StringBuilder("Asked: ").append(request(asked.getFirst(), askedWords));
    for (int i = 1; i < asked.size(); i++) {
      String then = request(asked.get(i), askedWords - Junk.words(summary.toString()) + 1);
      if (!then.isEmpty() && !then.endsWith("…")) {
        summary.append(" Then: ").append(then);
      }
    }
    int left = Math.max(10, request.maxWords() - Junk.words(summary.toString()));
    String concluded = Summarizer.summarize(new SummaryRequest(request.title(),
        List.of(new Passage(1, request.title(), null, answer.text())), left));
    return summary.append(" Concluded: ").append(concluded).toString();
  }

  /** A request in at most {@code maxWords} words: its first sentences, the last one cut with an ellipsis. */
  private static String request(String text, int maxWords) {
    StringBuilder out = new StringBuilder();
    for (String sentence : SentenceSplitter.split(text)) {
      int have = Junk.words(out.toString());
      int words = Junk.words(sentence);
      if (have + words <= maxWords) {
        out.append(out.isEmpty() ? "" : " ").append(sentence);
      } else {
        if (out.isEmpty() && maxWords > 0) {
          String[] first = sentence.split("\\s+");
          out.append(String.join(" ", List.of(first).subList(0, Math.min(first.length, Math.max(1, maxWords))))).append(" …");
        }
        break;
      }
    }
    return out.toString();
  }

  /** The messages in order, each once (overlapping passages repeat them), tools and system prompts left out. */
  private static List<Turn> turns(List<Passage> passages) {
    Set<String> seen = new LinkedHashSet<>();
    List<Turn> turns = new ArrayList<>();
    for (Passage passage : passages) {
      Matcher m = SPEAKER.matcher(passage.text());
      List<int[]> starts = new ArrayList<>();
      List<String> speakers = new ArrayList<>();
      while (m.find()) {
        starts.add(new int[] {m.start(), m.end()});
        speakers.add(m.group(1));
      }
      // a long message is cut into several passages: text before the first speaker carries on the last turn
      String carried = passage.text().substring(0, starts.isEmpty() ? passage.text().length() : starts.getFirst()[0]).strip();
      if (!carried.isEmpty() && !turns.isEmpty() && seen.add("+" + carried)) {
        Turn last = turns.removeLast();
        turns.add(new Turn(last.user(), last.text() + " " + carried));
      }
      for (int k = 0; k < starts.size(); k++) {
        int end = k + 1 < starts.size() ? starts.get(k + 1)[0] : passage.text().length();
        String text = passage.text().substring(starts.get(k)[1], end).strip();
        String speaker = speakers.get(k);
        if (!text.isEmpty() && (speaker.equals("User") || speaker.equals("Assistant")) && seen.add(speaker + text)) {
          turns.add(new Turn(speaker.equals("User"), text));
        }
      }
    }
    return turns;
  }
}
