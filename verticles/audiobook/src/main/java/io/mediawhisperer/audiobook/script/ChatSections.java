package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.text.TextBlocks;
import io.mediawhisperer.text.PageText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A chat log's messages as sections by conversation turn: a turn is a question of the user and
 * the answers after it, and a section gathers whole turns until it holds
 * {@link ListeningScript.Settings#messagesPerChapter()} messages (more for a log that would
 * otherwise have more than {@link ListeningScript.Settings#maxChapters()} sections). A section is
 * titled with its first question, cut at {@link #TITLE_CHARS} characters. Each message is led in
 * by who speaks ({@code "You asked:"}, {@code "The assistant answered:"}); system and tool messages
 * are not read. Code blocks and tables in a message are announced, as in documents.
 */
final class ChatSections {

  static final int TITLE_CHARS = 60;
  private static final Set<String> SILENT = Set.of("system", "tool", "function", "developer");
  private static final String UNTITLED = "Conversation";

  private ChatSections() {
  }

  static List<Section> of(List<MessageIn> messages, String sourceTitle, ListeningScript.Settings settings) {
    List<MessageIn> read = messages.stream()
        .filter(m -> !SILENT.contains(m.role().toLowerCase(Locale.ROOT)) && !m.content().isBlank())
        .sorted(Comparator.comparingInt(MessageIn::index))
        .toList();
    if (read.isEmpty()) {
      return List.of();
    }
    int perSection = Math.max(settings.messagesPerChapter(),
        (read.size() + settings.maxChapters() - 1) / settings.maxChapters());
    List<List<MessageIn>> groups = new ArrayList<>();
    List<MessageIn> current = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      MessageIn message = read.get(i);
      boolean turnStarts = isUser(message) && (i == 0 || !isUser(read.get(i - 1)));
      if (turnStarts && current.size() >= perSection) {
        groups.add(current);
        current = new ArrayList<>();
      }
      current.add(message);
    }
    groups.add(current);
    List<Section> sections = new ArrayList<>();
    for (List<MessageIn> group : groups) {
      sections.add(Section.titled(title(group, sourceTitle), paragraphs(group, settings)));
    }
    return sections;
  }

  private static List<String> paragraphs(List<MessageIn> group, ListeningScript.Settings settings) {
    List<String> paragraphs = new ArrayList<>();
    MessageIn previous = null;
    for (MessageIn message : group) {
      String leadIn = isUser(message) ? "You asked:"
          : previous != null && !isUser(previous) ? "The assistant went on:" : "The assistant answered:";
      List<String> spoken = new ArrayList<>();
      for (PageText.Paragraph paragraph : PageText.reflow(List.of(TextBlocks.announce(message.content())))) {
        String text = SpokenText.speakable(paragraph.text());
        if (!text.isEmpty() && !(Announcements.is(text) && !spoken.isEmpty() && spoken.getLast().equals(text))) {
          spoken.add(text);
        }
      }
      if (!spoken.isEmpty()) {
        spoken.set(0, leadIn + " " + spoken.getFirst());
        for (String text : spoken) {
          paragraphs.addAll(SpokenText.split(text, settings.maxParagraphChars()));
        }
      }
      previous = message;
    }
    return paragraphs;
  }

  /** The section's first question, its first line, cut at a word before {@link #TITLE_CHARS} characters. */
  private static String title(List<MessageIn> group, String sourceTitle) {
    String question = group.stream().filter(ChatSections::isUser).map(MessageIn::content).findFirst().orElse(null);
    if (question == null) {
      return sourceTitle == null || sourceTitle.isBlank() ? UNTITLED : sourceTitle.strip();
    }
    String line = question.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    line = SpokenText.speakable(line);
    if (line.endsWith(".") && !question.strip().lines().findFirst().orElse("").strip().endsWith(".")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      return UNTITLED;
    }
    if (line.length() <= TITLE_CHARS) {
      return line;
    }
    int cut = line.lastIndexOf(' ', TITLE_CHARS);
    return line.substring(0, cut > TITLE_CHARS / 2 ? cut : TITLE_CHARS).strip() + "…";
  }

  private static boolean isUser(MessageIn message) {
    return message.role().equalsIgnoreCase("user") || message.role().equalsIgnoreCase("human");
  }
}
