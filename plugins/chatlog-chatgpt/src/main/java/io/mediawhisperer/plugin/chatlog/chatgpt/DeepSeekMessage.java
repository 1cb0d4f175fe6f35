package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One node's {@code message} of a DeepSeek export: {@code {inserted_at, fragments: [{type, content}]}}
 * with no role field; the fragments' types say who spoke. {@code REQUEST} is the user's,
 * {@code RESPONSE} the answer's; {@code THINK} (the model's reasoning) is left out of the content,
 * since it is not what was said. Other fragment types are counted in {@link LeftOut}.
 */
final class DeepSeekMessage {

  private DeepSeekMessage() {
  }

  static Optional<ChatMessage> read(MappingTree.Node node, LeftOut leftOut) {
    JsonNode message = node.message();
    if (message == null || !message.isObject()) {
      return Optional.empty();
    }
    if (!message.path("fragments").isArray()) {
      leftOut.add("a message without fragments");
      return Optional.empty();
    }
    String role = null;
    List<String> texts = new ArrayList<>();
    for (JsonNode fragment : message.path("fragments")) {
      String type = fragment.path("type").asText("").toUpperCase(Locale.ROOT);
      String fragmentRole = switch (type) {
        case "REQUEST" -> "user";
        case "RESPONSE" -> "assistant";
        default -> null;
      };
      if (fragmentRole == null) {
        if (!type.equals("THINK")) {
          leftOut.add("fragment type '" + type + "'");
        }
        continue;
      }
      role = role == null ? fragmentRole : role;
      String content = fragment.path("content").asText("");
      if (!content.isBlank()) {
        texts.add(content.strip());
      }
    }
    if (role == null || texts.isEmpty()) {
      return Optional.empty(); // reasoning alone (an answer stopped while thinking) or nothing known
    }
    return Optional.of(new ChatMessage(node.id(), role, String.join("\n\n", texts), Instants.of(message.get("inserted_at")),
        null, null));
  }
}
