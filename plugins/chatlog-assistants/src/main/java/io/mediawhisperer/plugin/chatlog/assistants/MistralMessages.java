package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Le Chat's messages, read tolerantly since no vendor documentation exists: the role from
 * {@code role} (or {@code author}, {@code sender}); the text from {@code contentChunks} ({@code
 * text} chunks joined, each {@code tool_call} chunk a {@code tool} message for the call and one
 * for its result; {@code reference} and {@code custom_element} chunks hold nothing readable) or,
 * when they hold no text, from {@code content} (a string, or a list of blocks with {@code text});
 * {@code files} named in notes.
 */
final class MistralMessages {

  private static final Set<String> NOTHING_TO_READ = Set.of("reference", "custom_element");

  private MistralMessages() {
  }

  /** True when {@code node} looks like a message of any chat service: a role and some content. */
  static boolean isMessage(JsonNode node) {
    return node != null && node.isObject() && role(node) != null
        && (node.has("content") || node.has("contentChunks") || node.has("text"));
  }

  /**
   * The messages {@code message} becomes (none when it holds no text); what is left out goes to
   * {@code warnings}. Answers name {@code conversationModel} unless the message names its own.
   */
  static List<ChatMessage> read(JsonNode message, int number, String conversationModel, List<String> warnings) {
    String role = role(message);
    if (role == null) {
      warnings.add("Message " + number + " was left out: it names no role this reader knows.");
      return List.of();
    }
    MessageParts parts = new MessageParts(Nodes.id(message, "id"), role,
        Times.of(message.has("createdAt") ? message.get("createdAt") : message.get("created_at")),
        message.has("model") ? Nodes.nonBlank(message, "model") : conversationModel);
    Set<String> unknown = new TreeSet<>();
    JsonNode chunks = Nodes.array(message, "contentChunks");
    chunks(chunks != null ? chunks : Nodes.array(message, "content"), parts, unknown);
    if (parts.isEmpty() || !hasText(chunks)) {
      JsonNode content = message.get("content");
      parts.text(content != null && content.isTextual() ? content.asText() : Nodes.text(message, "text"));
    }
    List<String> files = new ArrayList<>();
    JsonNode fileList = Nodes.array(message, "files");
    if (fileList != null) {
      fileList.forEach(file -> files.add(file.isTextual() ? file.asText() : Nodes.firstText(file, "name", "fileName")));
    }
    if (!files.isEmpty()) {
      parts.attachments(files);
    }
    if (!unknown.isEmpty()) {
      warnings.add("Message " + number + ": left out chunks of a type this reader does not know (" + String.join(", ", unknown) + ").");
    }
    return parts.messages();
  }

  private static boolean hasText(JsonNode chunks) {
    if (chunks != null) {
      for (JsonNode chunk : chunks) {
        if ("text".equals(Nodes.text(chunk, "type")) && Nodes.nonBlank(chunk, "text") != null) {
          return true;
        }
      }
    }
    return false;
  }

  private static void chunks(JsonNode chunks, MessageParts parts, Set<String> unknown) {
    if (chunks == null) {
      return;
    }
    for (JsonNode chunk : chunks) {
      if (chunk.isTextual()) {
        parts.text(chunk.asText());
        continue;
      }
      String type = Nodes.text(chunk, "type");
      if (type == null || type.equals("text")) {
        parts.text(Nodes.text(chunk, "text"));
      } else if (type.equals("tool_call")) {
        String name = Nodes.nonBlank(chunk, "name");
        String arguments = ReadableJson.ofEncoded(Nodes.text(chunk, "publicArguments"));
        parts.tool(name, name == null ? arguments : arguments.isBlank() ? name : name + "\n" + arguments);
        JsonNode result = chunk.get("publicResult");
        String resultText = result != null && result.isTextual() ? ReadableJson.ofEncoded(result.asText()) : ReadableJson.of(result);
        if (!resultText.isBlank()) {
          parts.tool(name, resultText);
        }
      } else if (!NOTHING_TO_READ.contains(type)) {
        unknown.add(type);
      }
    }
  }

  private static String role(JsonNode message) {
    String role = Nodes.firstText(message, "role", "sender");
    if (role == null) {
      JsonNode author = message.get("author");
      role = author == null ? null : author.isTextual() ? author.asText() : Nodes.text(author, "role");
    }
    if (role == null) {
      return null;
    }
    return switch (role.toLowerCase(Locale.ROOT)) {
      case "user", "human" -> "user";
      case "assistant", "model", "bot", "ai", "mistral", "le chat" -> "assistant";
      case "system" -> "system";
      case "tool", "function" -> "tool";
      default -> null;
    };
  }
}
