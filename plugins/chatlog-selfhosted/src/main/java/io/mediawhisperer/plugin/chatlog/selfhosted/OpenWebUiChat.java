package io.mediawhisperer.plugin.chatlog.selfhosted;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Open WebUI chat into a conversation: the tree of its {@code history}, a user's message as its
 * text, an answer as {@link OpenWebUiAnswer} reads it. A chat's own system prompt
 * ({@code chat.params.system}) opens the thread as a {@code system} message. Without a
 * {@code currentId} the main thread follows the last child at each step.
 */
final class OpenWebUiChat {

  private OpenWebUiChat() {
  }

  /** Whether {@code entry} is an Open WebUI chat: an object whose chat (or itself) has a message history. */
  static boolean isChat(JsonNode entry) {
    return entry.isObject() && body(entry).path("history").isObject();
  }

  static String titleOrId(JsonNode entry, int position) {
    String title = title(entry);
    if (title != null) {
      return title;
    }
    String id = ExportJson.nonBlank(entry, "id");
    return id != null ? id : "#" + position;
  }

  static ChatConversation read(JsonNode entry) throws UnreadableConversation {
    JsonNode body = body(entry);
    JsonNode history = body.path("history");
    JsonNode messages = history.path("messages");
    if (!messages.isObject() || messages.isEmpty()) {
      throw UnreadableConversation.empty("its history holds no messages");
    }
    List<String> warnings = new ArrayList<>();
    MessageTree tree = new MessageTree();
    int unknownRoles = 0;
    for (Map.Entry<String, JsonNode> field : messages.properties()) {
      JsonNode message = field.getValue();
      if (!message.isObject()) {
        continue;
      }
      String id = ExportJson.nonBlank(message, "id");
      id = id != null ? id : field.getKey();
      String role = ExportJson.text(message, "role");
      List<ChatMessage> read = switch (role == null ? "" : role) {
        case "user", "system" -> plain(id, role, message);
        case "assistant" -> OpenWebUiAnswer.read(id, message);
        default -> {
          unknownRoles++;
          yield List.of();
        }
      };
      tree.add(new MessageTree.Node(id, ExportJson.nonBlank(message, "parentId"), read, ExportJson.time(message.get("timestamp"))));
    }
    if (unknownRoles > 0) {
      warnings.add(unknownRoles + " message(s) with a role other than user, assistant or system were left out.");
    }
    if (tree.duplicates() > 0) {
      warnings.add(tree.duplicates() + " message(s) repeating another's id were left out.");
    }
    List<ChatMessage> prefix = new ArrayList<>();
    String system = ExportJson.nonBlank(body.path("params"), "system");
    if (system != null) {
      prefix.add(new ChatMessage(null, "system", system.strip(), null, null, null));
    }
    MessageTree.Threads threads = tree.threads(ExportJson.nonBlank(history, "currentId"), MessageTree::lastChildAtEachStep, prefix);
    if (threads.main().size() == prefix.size()) {
      throw UnreadableConversation.empty("none of its messages holds text");
    }
    ChatMessage first = threads.main().get(prefix.size());
    String id = ExportJson.nonBlank(entry, "id");
    if (id == null) {
      id = ExportJson.nonBlank(body, "id");
    }
    if (id == null) {
      id = StableId.of("openwebui", first.createdAt(), first.content());
    }
    Instant created = ExportJson.time(entry.get("created_at"));
    if (created == null) {
      created = ExportJson.time(body.get("timestamp")); // the chat object's own creation time, in milliseconds
    }
    return new ChatConversation(id, title(entry), model(body, threads.main()), created,
        ExportJson.time(entry.get("updated_at")), threads.main(), threads.branches(), warnings);
  }

  private static JsonNode body(JsonNode entry) {
    JsonNode chat = entry.get("chat");
    return chat != null && chat.isObject() ? chat : entry;
  }

  private static String title(JsonNode entry) {
    String title = ExportJson.nonBlank(entry, "title");
    return title != null ? title.strip() : ExportJson.nonBlank(body(entry), "title");
  }

  /** The chat's model when it names one, else the first answer's. */
  private static String model(JsonNode body, List<ChatMessage> main) {
    JsonNode models = body.path("models");
    if (models.isArray() && !models.isEmpty() && models.get(0).isTextual() && !models.get(0).asText().isBlank()) {
      return models.get(0).asText();
    }
    return main.stream().map(ChatMessage::model).filter(m -> m != null).findFirst().orElse(null);
  }

  private static List<ChatMessage> plain(String id, String role, JsonNode message) {
    String text = contentText(message.get("content"));
    return text.isBlank() ? List.of() : List.of(new ChatMessage(id, role, text.strip(),
        ExportJson.time(message.get("timestamp")), null, null));
  }

  /** Text content, or the text parts of OpenAI-style content parts. */
  static String contentText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (!content.isArray()) {
      return content.isContainerNode() ? "" : content.asText();
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode part : content) {
      String text = part.isTextual() ? part.asText() : ExportJson.text(part, "text");
      if (text != null && !text.isBlank()) {
        parts.add(text.strip());
      }
    }
    return String.join("\n\n", parts);
  }
}
