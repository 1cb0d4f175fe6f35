package io.mediawhisperer.plugin.chatlog.assistants;

import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages one message of an export becomes: its text blocks joined with blank lines, and, in
 * their place, the tool calls and results it holds, each a message of role {@code tool}. Text
 * after a tool call starts a new message of the speaker's role, so the order of what happened is
 * kept. The first message carries the export's message id; the later ones that id with
 * {@code #<n>}, so every message keeps a stable id.
 */
final class MessageParts {

  private final String id;
  private final String role;
  private final Instant createdAt;
  private final String model;
  private final List<ChatMessage> messages = new ArrayList<>();
  private StringBuilder text;

  MessageParts(String id, String role, Instant createdAt, String model) {
    this.id = id;
    this.role = role;
    this.createdAt = createdAt;
    this.model = model;
  }

  /** A text block of the speaker; blank ones add nothing. */
  void text(String block) {
    if (block == null || block.isBlank()) {
      return;
    }
    if (text == null) {
      text = new StringBuilder();
    } else {
      text.append("\n\n");
    }
    text.append(block.strip());
  }

  /** A tool call or result, kept as a message of its own. */
  void tool(String toolName, String content) {
    closeText();
    messages.add(new ChatMessage(nextId(), "tool", content == null ? "" : content.strip(), createdAt, null, toolName));
  }

  /**
   * Files sent with the message, as notes after its text ({@code [attachment: report.pdf]}): the
   * exports hold at most the text extracted from them, which is the file's, not the message's.
   */
  void attachments(List<String> fileNames) {
    text(attachmentNotes(fileNames));
  }

  /** One {@code [attachment: name]} line per file. */
  static String attachmentNotes(List<String> fileNames) {
    StringBuilder notes = new StringBuilder();
    for (String name : fileNames) {
      if (!notes.isEmpty()) {
        notes.append('\n');
      }
      notes.append(name == null || name.isBlank() ? "[attachment without a name]" : "[attachment: " + name.strip() + "]");
    }
    return notes.toString();
  }

  boolean isEmpty() {
    return text == null && messages.isEmpty();
  }

  List<ChatMessage> messages() {
    closeText();
    return messages;
  }

  private void closeText() {
    if (text != null) {
      messages.add(new ChatMessage(nextId(), role, text.toString(), createdAt, "assistant".equals(role) ? model : null, null));
      text = null;
    }
  }

  private String nextId() {
    if (id == null) {
      return null;
    }
    return messages.isEmpty() ? id : id + "#" + messages.size();
  }
}
