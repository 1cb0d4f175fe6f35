package io.mediawhisperer.plugin.chatlog.selfhosted;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chatbot UI's export (the legacy Chatbot UI, "Export data" in its sidebar): an object
 * {@code {version, history, folders, prompts?}} (versions 2 to 4; version 1, a bare list, is not
 * read). Each {@code history} entry is a conversation {@code {id, name, messages: [{role,
 * content}], model: {id, name}, prompt, temperature, folderId}}: linear, without times. Folders
 * and saved prompts are no conversations and are passed over. The conversation's system prompt
 * ({@code prompt}) opens the thread as a {@code system} message: it shaped every answer, and the
 * user chose it per conversation.
 */
public final class ChatbotUiReader implements ChatExportReader {

  static final String SERVICE = "Chatbot UI";

  @Override
  public String name() {
    return "chatbotui";
  }

  @Override
  public String platform() {
    return "chatbotui";
  }

  @Override
  public int confidence(byte[] head) {
    HeadKeys keys = HeadKeys.of(head);
    if (!keys.isObject() || !keys.has("history") || keys.has("currentId") || keys.has("childrenIds")
        || keys.has("parentMessageId")) {
      return 0; // Open WebUI's chats have a "history" too, a tree
    }
    if (keys.has("version", "folders")) {
      return keys.has("prompts") ? 95 : 90;
    }
    if (keys.has("version", "messages", "role")) {
      return 85; // "folders" comes after "history": past the head of a large export
    }
    if (keys.has("folders", "messages", "role")) {
      return 70; // version 2 wrote no version
    }
    return 0;
  }

  /** Chatbot UI hands out a plain JSON file; one inside a zip is read whatever its name. */
  @Override
  public boolean readsEntry(String entryName) {
    return entryName.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    Deadline deadline = new Deadline(limits);
    try (JsonParser parser = ExportJson.open(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ParseException(ParseException.EMPTY, "The file is empty.");
      }
      if (first != JsonToken.START_OBJECT) {
        throw notAnExport();
      }
      boolean sawHistory = false;
      int conversations = 0;
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
        if (token == null) {
          throw ExportJson.brokenOff(SERVICE);
        }
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!"history".equals(field)) {
          parser.skipChildren(); // version, folders, prompts
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw notAnExport();
        }
        sawHistory = true;
        for (JsonToken entry = parser.nextToken(); entry != JsonToken.END_ARRAY; entry = parser.nextToken()) {
          if (entry == null) {
            throw ExportJson.brokenOff(SERVICE);
          }
          if (!sink.wantsMore()) {
            return;
          }
          deadline.check(SERVICE);
          JsonNode conversation = parser.readValueAsTree();
          conversations++;
          try {
            sink.conversation(conversation(conversation));
          } catch (UnreadableConversation e) {
            sink.skipped(e.warning(titleOrId(conversation, conversations)));
          }
        }
      }
      if (!sawHistory) {
        throw notAnExport();
      }
      if (conversations == 0) {
        throw new ParseException(ParseException.EMPTY, "The Chatbot UI export holds no conversations.");
      }
    } catch (JsonProcessingException e) {
      throw ExportJson.notJson(e, SERVICE);
    }
  }

  private static ChatConversation conversation(JsonNode entry) throws UnreadableConversation {
    if (!entry.isObject()) {
      throw UnreadableConversation.damaged("it is not a conversation object");
    }
    JsonNode messages = entry.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw UnreadableConversation.empty("it has no messages");
    }
    List<ChatMessage> thread = new ArrayList<>();
    String prompt = ExportJson.nonBlank(entry, "prompt");
    if (prompt != null) {
      thread.add(new ChatMessage(null, "system", prompt.strip(), null, null, null));
    }
    int prefix = thread.size();
    int unreadable = 0;
    JsonNode modelNode = entry.path("model");
    String model = modelNode.isTextual() ? modelNode.asText() : first(ExportJson.nonBlank(modelNode, "id"), ExportJson.nonBlank(modelNode, "name"));
    for (JsonNode message : messages) {
      String role = ExportJson.text(message, "role");
      String content = ExportJson.text(message, "content");
      if (role == null || !ChatMessage.ROLES.contains(role) || "tool".equals(role) || content == null) {
        unreadable++;
        continue;
      }
      if (!content.isBlank()) {
        thread.add(new ChatMessage(null, role, content.strip(), null, "assistant".equals(role) ? model : null, null));
      }
    }
    if (thread.size() == prefix) {
      throw UnreadableConversation.empty("none of its messages holds text");
    }
    List<String> warnings = unreadable == 0 ? List.of()
        : List.of(unreadable + " message(s) without a user, assistant or system role and text were left out.");
    String id = ExportJson.nonBlank(entry, "id");
    if (id == null) {
      id = StableId.of("chatbotui", null, thread.get(prefix).content());
    }
    String title = ExportJson.nonBlank(entry, "name");
    return new ChatConversation(id, title == null ? null : title.strip(), model, null, null, thread, List.of(), warnings);
  }

  private static String titleOrId(JsonNode entry, int position) {
    String name = ExportJson.nonBlank(entry, "name");
    if (name != null) {
      return name;
    }
    String id = ExportJson.nonBlank(entry, "id");
    return id != null ? id : "#" + position;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static ParseException notAnExport() {
    return new ParseException(ParseException.CORRUPT, "This is not a Chatbot UI export: Chatbot UI writes an object whose"
        + " \"history\" lists the conversations.");
  }
}
