package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.plugin.chatlog.assistants.ExportRead.Outcome;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One entry of Grok's {@code conversations}: {@code conversation} ({@code id}, {@code title},
 * {@code create_time}, {@code modify_time}) and {@code responses}, each
 * {@code {"response": {_id, message, sender, create_time, model}}}. {@code sender} is compared
 * without regard to case: {@code human} is the user, any other sender (the assistant's name) the
 * assistant. Times are MongoDB's {@code {"$date": {"$numberLong": "<ms>"}}} or ISO strings.
 * Responses are put in time order when all have a time (the export's order is not documented),
 * else kept in file order; responses without text are passed over. The conversation's model is
 * set when all its answers name the same one.
 */
final class GrokConversations {

  private GrokConversations() {
  }

  static Outcome read(JsonNode entry) {
    JsonNode conversation = entry.path("conversation");
    String title = Nodes.nonBlank(conversation, "title");
    String id = Nodes.id(conversation, "id");
    List<ChatMessage> messages = new ArrayList<>();
    JsonNode responses = Nodes.array(entry, "responses");
    if (responses != null) {
      for (JsonNode item : responses) {
        JsonNode response = item.has("response") ? item.get("response") : item;
        if (id == null) {
          id = Nodes.id(response, "conversation_id");
        }
        String text = Nodes.text(response, "message");
        if (text == null || text.isBlank()) {
          continue;
        }
        String role = "human".equals(String.valueOf(Nodes.text(response, "sender")).toLowerCase(Locale.ROOT)) ? "user" : "assistant";
        messages.add(new ChatMessage(Nodes.id(response, "_id"), role, text.strip(), Times.of(response, "create_time"),
            role.equals("assistant") ? Nodes.nonBlank(response, "model") : null, null));
      }
    }
    String label = title != null ? title : id != null ? id : "without a name";
    if (messages.isEmpty()) {
      return Outcome.skip(label, responses == null || responses.isEmpty() ? "it holds no responses" : "none of its responses holds text");
    }
    if (messages.stream().allMatch(m -> m.createdAt() != null)) {
      messages.sort(Comparator.comparing(ChatMessage::createdAt)); // stable: equal times keep file order
    }
    ChatMessage first = messages.get(0);
    Instant created = Times.of(conversation, "create_time");
    Instant updated = Times.of(conversation, "modify_time");
    return Outcome.read(new ChatConversation(id != null ? id : StableId.of("grok", first.createdAt(), first.content()),
        title, onlyModel(messages), created != null ? created : first.createdAt(),
        updated != null ? updated : messages.get(messages.size() - 1).createdAt(), messages, List.of(), List.of()));
  }

  private static String onlyModel(List<ChatMessage> messages) {
    List<String> models = messages.stream().filter(m -> m.role().equals("assistant")).map(ChatMessage::model)
        .distinct().toList();
    return models.size() == 1 ? models.get(0) : null;
  }
}
