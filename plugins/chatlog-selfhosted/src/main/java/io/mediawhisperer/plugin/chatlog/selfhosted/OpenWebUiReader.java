package io.mediawhisperer.plugin.chatlog.selfhosted;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Open WebUI's chat export (Settings, Data Controls, Export Chats): a JSON array of chats, each
 * {@code {id, title, chat: {history: {messages, currentId}, models, params}, created_at,
 * updated_at}} with times in epoch seconds. A chat is a tree of messages ({@code parentId},
 * {@code childrenIds}); the path to {@code currentId} is the main thread, every other leaf a
 * branch. What one message becomes is {@link OpenWebUiChat}'s job. One chat object on its own (not
 * in an array) is read too.
 */
public final class OpenWebUiReader implements ChatExportReader {

  static final String SERVICE = "Open WebUI";

  @Override
  public String name() {
    return "openwebui";
  }

  @Override
  public String platform() {
    return "openwebui";
  }

  @Override
  public int confidence(byte[] head) {
    HeadKeys keys = HeadKeys.of(head);
    if (keys.has("currentId", "childrenIds")) {
      return keys.has("history") ? 95 : 85;
    }
    if (keys.has("history", "parentId", "childrenIds")) {
      return 80;
    }
    return 0;
  }

  /** Open WebUI hands out a plain JSON file; one inside a zip is read whatever its name. */
  @Override
  public boolean readsEntry(String entryName) {
    return entryName.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    Deadline deadline = new Deadline(limits);
    try (JsonParser parser = ExportJson.open(json)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        JsonNode chat = parser.readValueAsTree();
        if (!OpenWebUiChat.isChat(chat)) {
          throw notAnExport();
        }
        deliver(chat, 1, sink);
        return;
      }
      if (first != JsonToken.START_ARRAY) {
        throw first == null ? new ParseException(ParseException.EMPTY, "The file is empty.") : notAnExport();
      }
      int entries = 0;
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        if (token == null) {
          throw ExportJson.brokenOff(SERVICE);
        }
        if (!sink.wantsMore()) {
          return;
        }
        deadline.check(SERVICE);
        JsonNode entry = parser.readValueAsTree();
        entries++;
        if (!OpenWebUiChat.isChat(entry)) {
          if (entries == 1) {
            throw notAnExport();
          }
          sink.skipped("Entry " + entries + " of the export is not an Open WebUI chat (it has no message history) and was skipped.");
          continue;
        }
        deliver(entry, entries, sink);
      }
      if (entries == 0) {
        throw new ParseException(ParseException.EMPTY, "The Open WebUI export holds no chats.");
      }
    } catch (JsonProcessingException e) {
      throw ExportJson.notJson(e, SERVICE);
    }
  }

  private static void deliver(JsonNode entry, int position, ChatLogSink sink) {
    try {
      sink.conversation(OpenWebUiChat.read(entry));
    } catch (UnreadableConversation e) {
      sink.skipped(e.warning(OpenWebUiChat.titleOrId(entry, position)));
    }
  }

  private static ParseException notAnExport() {
    return new ParseException(ParseException.CORRUPT, "This is not an Open WebUI chat export: Open WebUI writes a list of chats,"
        + " each with a \"chat\" holding its message \"history\".");
  }
}
