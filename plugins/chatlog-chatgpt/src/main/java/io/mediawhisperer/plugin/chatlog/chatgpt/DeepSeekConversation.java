package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation of DeepSeek's {@code conversations.json}: {@code {id, title, inserted_at,
 * updated_at, mapping}}, the mapping walked from its {@code "root"} node. The export names no
 * current node, so the main thread follows the last child at each step (the latest edit or
 * regeneration) and the other paths are branches. No model is named anywhere in the export.
 */
final class DeepSeekConversation implements ExportStream.Format {

  private static final String ROOT = "root";

  @Override
  public String service() {
    return "DeepSeek";
  }

  @Override
  public boolean looksLikeAConversation(JsonNode entry) {
    return entry.has("mapping") || entry.has("inserted_at");
  }

  @Override
  public String label(JsonNode entry) {
    String title = Json.text(entry.get("title"));
    return title != null ? title : Json.text(entry.get("id"));
  }

  @Override
  public ChatConversation read(JsonNode entry) throws UnreadableConversation {
    MappingTree.Walk walk = MappingTree.of(entry.get("mapping")).walk(ROOT, null);
    LeftOut leftOut = new LeftOut();
    Threads threads = Threads.of(walk, node -> DeepSeekMessage.read(node, leftOut));
    if (threads.messages().isEmpty()) {
      throw new UnreadableConversation("it holds no message that can be read"
          + (leftOut.isEmpty() ? "" : " (only " + leftOut.kinds() + ")"));
    }
    List<String> warnings = new ArrayList<>(walk.notes());
    warnings.addAll(leftOut.sentences());
    String id = Json.text(entry.get("id"));
    if (id == null) {
      ChatMessage first = threads.messages().get(0);
      id = StableId.of("deepseek", entry.path("inserted_at").asText(""), String.valueOf(first.createdAt()), first.content());
    }
    return new ChatConversation(id, Json.text(entry.get("title")), null, Instants.of(entry.get("inserted_at")),
        Instants.of(entry.get("updated_at")), threads.messages(), threads.branches(), warnings);
  }
}
