package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.plugin.chatlog.assistants.ExportRead.Outcome;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One conversation of Claude's {@code conversations.json}: {@code uuid}, {@code name} (the
 * title), {@code created_at}/{@code updated_at}, and {@code chat_messages} in order; the official
 * export is linear (no parent links). A message's {@code content} blocks become its text
 * ({@code text} blocks joined), tool messages ({@code tool_use}: the tool's name and its input;
 * {@code tool_result}: its text), or nothing ({@code thinking}: the model's reasoning is not what
 * it said). When {@code content} yields nothing, the message's {@code text} is taken. Attached
 * files are named in a note after the text; their extracted text is not copied into the message.
 * {@code account} (a bare uuid or {@code {uuid}}) is not needed and not read.
 */
final class ClaudeConversations {

  /** The key under which {@link #toolNames} holds the latest call's tool (no call id is empty). */
  private static final String LATEST_CALL = "";

  private final String model;
  private final List<String> warnings = new ArrayList<>();
  /** The tool of each call seen so far, by call id: a result names its tool through its call. */
  private final Map<String, String> toolNames = new HashMap<>();
  private final Set<String> unknownTypes = new TreeSet<>();

  private ClaudeConversations(String model) {
    this.model = model;
  }

  static Outcome read(JsonNode conversation) {
    String uuid = Nodes.nonBlank(conversation, "uuid");
    String title = Nodes.nonBlank(conversation, "name");
    String label = title != null ? title : uuid != null ? uuid : "without a name";
    JsonNode chatMessages = Nodes.array(conversation, "chat_messages");
    if (chatMessages == null) {
      return Outcome.skip(label, "its chat_messages is not a list");
    }
    ClaudeConversations reading = new ClaudeConversations(Nodes.nonBlank(conversation, "model"));
    List<ChatMessage> messages = new ArrayList<>();
    int number = 0;
    for (JsonNode message : chatMessages) {
      messages.addAll(reading.message(message, ++number));
    }
    if (messages.isEmpty()) {
      return Outcome.skip(label, chatMessages.isEmpty() ? "it holds no messages"
          : !reading.unknownTypes.isEmpty()
              ? "its messages hold only blocks of unknown types (" + String.join(", ", reading.unknownTypes) + ")"
              : "none of its messages holds text");
    }
    ChatMessage first = messages.get(0);
    String id = uuid != null ? uuid : StableId.of("claude", first.createdAt(), first.content());
    Instant created = Times.of(conversation, "created_at");
    return Outcome.read(new ChatConversation(id, title, reading.model, created != null ? created : first.createdAt(),
        Times.of(conversation, "updated_at"), messages, List.of(), reading.warnings));
  }

  /** The messages one of Claude's becomes: its text, and its tool calls and results in their place. */
  private List<ChatMessage> message(JsonNode message, int number) {
    String role = role(Nodes.text(message, "sender"));
    if (role == null) {
      warnings.add("Message " + number + " was left out: its sender '" + Nodes.text(message, "sender")
          + "' is neither human nor assistant.");
      return List.of();
    }
    MessageParts parts = new MessageParts(Nodes.nonBlank(message, "uuid"), role, Times.of(message, "created_at"), model);
    Set<String> unknown = new TreeSet<>();
    blocks(message, parts, unknown);
    if (parts.isEmpty()) {
      parts.text(Nodes.text(message, "text"));
    }
    List<String> files = fileNames(message);
    if (!files.isEmpty()) {
      parts.attachments(files);
    }
    if (!unknown.isEmpty()) {
      unknownTypes.addAll(unknown);
      warnings.add("Message " + number + (parts.isEmpty() ? " was left out: it holds only" : ": left out")
          + " blocks of a type this reader does not know (" + String.join(", ", unknown) + ").");
    }
    return parts.messages();
  }

  private static String role(String sender) {
    if (sender == null) {
      return null;
    }
    return switch (sender.toLowerCase(Locale.ROOT)) {
      case "human", "user" -> "user";
      case "assistant" -> "assistant";
      default -> null;
    };
  }

  private void blocks(JsonNode message, MessageParts parts, Set<String> unknown) {
    JsonNode content = Nodes.array(message, "content");
    if (content == null) {
      return;
    }
    for (JsonNode block : content) {
      String type = Nodes.text(block, "type");
      switch (type == null ? "" : type) {
        case "text" -> parts.text(Nodes.text(block, "text"));
        case "tool_use" -> toolCall(block, parts);
        case "tool_result" -> parts.tool(toolOfResult(block), toolResult(block.get("content")));
        case "thinking", "redacted_thinking" -> {
          // the model's reasoning, not what it said: left out
        }
        default -> unknown.add(type == null ? "without a type" : type);
      }
    }
  }

  /** A tool call: its tool's name, then its input as {@code key: value} lines. */
  private void toolCall(JsonNode block, MessageParts parts) {
    String name = Nodes.nonBlank(block, "name");
    String id = Nodes.nonBlank(block, "id");
    if (name != null) {
      toolNames.put(LATEST_CALL, name);
      if (id != null) {
        toolNames.put(id, name);
      }
    }
    String input = ReadableJson.of(block.get("input"));
    parts.tool(name, name == null ? input : input.isEmpty() ? name : name + "\n" + input);
  }

  /**
   * The tool a result comes from: its own {@code name}, else its call's (by {@code tool_use_id}).
   * The notes document no link from a result to its call, so without either it is the latest call's.
   */
  private String toolOfResult(JsonNode block) {
    String name = Nodes.nonBlank(block, "name");
    return name != null ? name : toolNames.getOrDefault(Nodes.text(block, "tool_use_id"), toolNames.get(LATEST_CALL));
  }

  /** A tool result's {@code content}: a list of {@code {type, text}} items (or a bare string). */
  private static String toolResult(JsonNode content) {
    if (content == null || !content.isArray()) {
      return ReadableJson.of(content);
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : content) {
      String text = item.isTextual() ? item.asText() : Nodes.nonBlank(item, "text");
      if (text == null) {
        // web results may name their source instead of holding text; the name is still worth reading
        text = Nodes.firstText(item, "title", "url", "file_path");
      }
      if (text != null && !text.isBlank()) {
        texts.add(text.strip());
      }
    }
    return String.join("\n\n", texts);
  }

  /** The names of {@code attachments} and {@code files}, each once. */
  private static List<String> fileNames(JsonNode message) {
    List<String> names = new ArrayList<>();
    for (String field : List.of("attachments", "files")) {
      JsonNode list = Nodes.array(message, field);
      if (list == null) {
        continue;
      }
      for (JsonNode file : list) {
        String name = Nodes.text(file, "file_name");
        if (name == null || name.isBlank() || !names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
