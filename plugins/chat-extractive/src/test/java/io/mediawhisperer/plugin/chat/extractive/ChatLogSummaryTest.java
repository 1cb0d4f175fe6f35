package io.mediawhisperer.plugin.chat.extractive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A conversation's summary says what was asked and what was concluded, in the conversation's words. */
class ChatLogSummaryTest {

  private static final List<Passage> TURNS = List.of(
      new Passage(1, "Sorting in Python", "message 0", "User: How do I sort a list of dictionaries by a key in Python?\n\n"
          + "Assistant: Use the built-in sorted function with a key argument. The key function is called once for each "
          + "element, and its result is what the elements are compared by."),
      new Passage(2, "Sorting in Python", "message 2", "User: And in descending order?\n\n"
          + "Assistant: Pass reverse=True as well. Sorting in descending order keeps equal elements in their original order, "
          + "because Python's sort is stable.\n\nUser: Thanks!\n\nAssistant: You're welcome!"));

  @Test
  void saysWhatWasAskedAndWhatTheLastSubstantialAnswerConcluded() {
    String summary = Summarizer.summarize(new SummaryRequest("Sorting in Python", TURNS, 60, SummaryRequest.Kind.CHAT_LOG, List.of()));
    assertThat(summary).startsWith("Asked: How do I sort a list of dictionaries by a key in Python?")
        .contains(" Then: And in descending order?")
        .contains(" Concluded: ")
        .contains("Sorting in descending order keeps equal elements in their original order, because Python's sort is stable.")
        .doesNotContain("You're welcome", "Thanks!", "User:", "Assistant:");
  }

  @Test
  void withoutAUserRequestItIsAnOrdinarySummary() {
    List<Passage> monologue = List.of(new Passage(1, "Notes", null, "Assistant: Python's sort is stable, so equal elements "
        + "keep their original order. Sorting in descending order uses the reverse argument of sorted."));
    String summary = Summarizer.summarize(new SummaryRequest("Notes", monologue, 40, SummaryRequest.Kind.CHAT_LOG, List.of()));
    assertThat(summary).doesNotStartWith("Asked:");
  }
}
