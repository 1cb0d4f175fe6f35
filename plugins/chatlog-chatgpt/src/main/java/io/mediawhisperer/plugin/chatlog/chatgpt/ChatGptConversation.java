package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation of ChatGPT's {@code conversations.json}: the {@code mapping} tree walked to
 * {@code current_node} (the last child at each step when the file lacks it), with its branches.
 * Id: {@code conversation_id}, else {@code id}, else derived from the start of the conversation.
 * Model: {@code default_model_slug}, else the model of the thread's last answer.
 */
final class ChatGptConversation implements ExportStream.Format {

  @Override
  public String service() {
    return "ChatGPT";
  }

  @Override
  public boolean looksLikeAConversation(JsonNode entry) {
    return entry.has("mapping") || entry.has("current_node") || entry.has("conversation_id")
        || (entry.has("create_time") && entry.has("title"));
  }

  @Override
  public String label(JsonNode entry) {
    String title = Json.text(entry.get("title"));
    return title != null ? title : id(entry);
  }

  @Override
  public ChatConversation read(JsonNode entry) throws UnreadableConversation {
    MappingTree.Walk walk = MappingTree.of(entry.get("mapping")).walk(null, Json.text(entry.get("current_node")));
    LeftOut leftOut = new LeftOut();
    Threads threads = Threads.of(walk, node -> ChatGptMessage.read(node, leftOut));
    if (threads.messages().isEmpty()) {
      throw new UnreadableConversation("it holds no message that can be read"
          + (leftOut.isEmpty() ? "" : " (only messages of kinds this reader does not know: " + leftOut.kinds() + ")"));
    }
    List<String> warnings = new ArrayList<>(walk.notes());
    warnings.addAll(leftOut.sentences());
    String id = id(entry);
    if (id == null) {
      ChatMessage first = threads.messages().get(0);
      id = StableId.of("chatgpt", entry.path("create_time").asText(""), String.valueOf(first.createdAt()), first.content());
    }
    return new ChatConversation(id, Json.text(entry.get("title")), model(entry, threads.messages()),
        Instants.of(entry.get("create_time")), Instants.of(entry.get("update_time")), threads.messages(),
        threads.branches(), warnings);
  }

  private static String id(JsonNode entry) {
    String id = Json.text(entry.get("conversation_id"));
    return id != null ? id : Json.text(entry.get("id"));
  }

  private static String model(JsonNode entry, List<ChatMessage> messages) {
    String model = Json.text(entry.get("default_model_slug"));
    for (int i = messages.size() - 1; model == null && i >= 0; i--) {
      if (messages.get(i).role().equals("assistant")) {
        model = messages.get(i).model();
      }
    }
    return model;
  }
}
