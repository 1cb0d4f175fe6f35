package io.mediawhisperer.plugin.chatlog.selfhosted;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One LibreChat export into a conversation.
 *
 * <p>The export does not say which branch the user was looking at (LibreChat keeps that in the
 * browser), so the main thread is the path to the newest leaf: the one whose path holds the latest
 * {@code createdAt}; on a tie, or without times, the later one in the file, which is the last
 * sibling, the one LibreChat shows by default. Every other leaf is a branch; a second root prompt
 * (an edited first message) is a branch forking at 0.
 *
 * <p>{@code options.promptPrefix} (the conversation's instructions) opens the thread as a
 * {@code system} message. An answer cut off ({@code unfinished: true}, {@code finish_reason:
 * "incomplete"}) is kept as written: what was said is what the user saw.
 */
final class LibreChatConversation {

  /** LibreChat's parent of a conversation's first message. */
  private static final String NO_PARENT = "00000000-0000-0000-0000-000000000000";

  private LibreChatConversation() {
  }

  /** The list of messages (top-level ones of a recursive export), or null when the document has none. */
  static JsonNode messages(JsonNode export) {
    for (String field : List.of("messages", "messagesTree")) {
      JsonNode messages = export.get(field);
      if (messages != null && messages.isArray()) {
        for (JsonNode message : messages) {
          if (!message.isObject() || !(message.has("messageId") || message.has("text") || message.has("content"))) {
            return null;
          }
        }
        return messages;
      }
    }
    return null;
  }

  static String titleOrId(JsonNode export) {
    String title = title(export);
    if (title != null) {
      return title;
    }
    String id = ExportJson.nonBlank(export, "conversationId");
    return id != null ? id : "without a title";
  }

  static ChatConversation read(JsonNode export) throws UnreadableConversation {
    JsonNode options = export.path("options");
    String conversationModel = ExportJson.nonBlank(options, "model");
    MessageTree tree = new MessageTree();
    Instant created = null;
    Instant updated = null;
    // depth-first in document order; a nested message's parent is the one it is nested in
    Deque<Nested> stack = new ArrayDeque<>();
    pushAll(stack, messages(export), null);
    int unnamed = 0;
    while (!stack.isEmpty()) {
      Nested next = stack.pop();
      JsonNode message = next.message();
      String id = ExportJson.nonBlank(message, "messageId");
      if (id == null) {
        id = "#" + ++unnamed;
      }
      String parent = next.parentId() != null ? next.parentId() : ExportJson.nonBlank(message, "parentMessageId");
      if (NO_PARENT.equals(parent)) {
        parent = null;
      }
      Instant at = ExportJson.time(message.get("createdAt"));
      Instant changed = ExportJson.time(message.get("updatedAt"));
      created = earlier(created, at);
      updated = later(updated, later(at, changed));
      tree.add(new MessageTree.Node(id, parent, LibreChatMessage.read(id, message, conversationModel, at), at));
      pushAll(stack, message.get("children"), id);
    }
    if (tree.isEmpty()) {
      throw UnreadableConversation.empty("it holds no messages");
    }
    List<ChatMessage> prefix = new ArrayList<>();
    String instructions = ExportJson.nonBlank(options, "promptPrefix");
    if (instructions != null) {
      prefix.add(new ChatMessage(null, "system", instructions.strip(), null, null, null));
    }
    MessageTree.Threads threads = tree.threads(null, MessageTree::newestLeaf, prefix);
    if (threads.main().size() == prefix.size()) {
      throw UnreadableConversation.empty("none of its messages holds text");
    }
    List<String> warnings = new ArrayList<>();
    if (tree.duplicates() > 0) {
      warnings.add(tree.duplicates() + " message(s) repeating another's messageId were left out.");
    }
    ChatMessage first = threads.main().get(prefix.size());
    String id = ExportJson.nonBlank(export, "conversationId");
    if (id == null) {
      id = StableId.of("librechat", first.createdAt(), first.content());
    }
    String model = conversationModel != null ? conversationModel
        : threads.main().stream().map(ChatMessage::model).filter(m -> m != null).findFirst().orElse(null);
    return new ChatConversation(id, title(export), model, created, updated, threads.main(), threads.branches(), warnings);
  }

  private record Nested(JsonNode message, String parentId) {
  }

  private static void pushAll(Deque<Nested> stack, JsonNode messages, String parentId) {
    if (messages == null || !messages.isArray()) {
      return;
    }
    for (int i = messages.size() - 1; i >= 0; i--) { // pushed backwards, popped in document order
      if (messages.get(i).isObject()) {
        stack.push(new Nested(messages.get(i), parentId));
      }
    }
  }

  private static String title(JsonNode export) {
    String title = ExportJson.nonBlank(export, "title");
    return title != null ? title.strip() : ExportJson.nonBlank(export.path("options"), "title");
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
