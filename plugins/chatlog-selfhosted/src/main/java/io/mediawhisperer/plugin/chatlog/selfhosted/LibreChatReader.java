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
 * LibreChat's conversation export (a conversation's menu, Export, JSON): one conversation per
 * file, {@code {conversationId, endpoint, title, exportAt, branches, recursive, options?,
 * messages}}. With {@code recursive: true} the messages nest through {@code children} (newer
 * versions name that list {@code messagesTree}); otherwise they are a flat list linked by
 * {@code parentMessageId}. What the tree becomes is {@link LibreChatConversation}'s job.
 *
 * <p>The file is one conversation, so it is read as one tree: that is the unit the heap holds for
 * every reader here. For the same reason a conversation that cannot be read fails the read (with
 * the reason) instead of being skipped: there is nothing else in the file to go on to.
 */
public final class LibreChatReader implements ChatExportReader {

  static final String SERVICE = "LibreChat";

  @Override
  public String name() {
    return "librechat";
  }

  @Override
  public String platform() {
    return "librechat";
  }

  @Override
  public int confidence(byte[] head) {
    HeadKeys keys = HeadKeys.of(head);
    if (!keys.isObject() || !keys.has("messageId", "parentMessageId")) {
      return 0;
    }
    int confidence = 60;
    if (keys.has("conversationId")) {
      confidence += 15;
    }
    if (keys.has("isCreatedByUser")) {
      confidence += 10;
    }
    if (keys.has("recursive") || keys.has("exportAt")) {
      confidence += 10;
    }
    return confidence;
  }

  /** LibreChat hands out a plain JSON file; one inside a zip is read whatever its name. */
  @Override
  public boolean readsEntry(String entryName) {
    return entryName.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    Deadline deadline = new Deadline(limits);
    JsonNode export;
    try (JsonParser parser = ExportJson.open(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ParseException(ParseException.EMPTY, "The file is empty.");
      }
      if (first != JsonToken.START_OBJECT) {
        throw notAnExport();
      }
      export = parser.readValueAsTree();
    } catch (JsonProcessingException e) {
      throw ExportJson.notJson(e, SERVICE);
    }
    JsonNode messages = LibreChatConversation.messages(export);
    if (messages == null) {
      throw notAnExport();
    }
    if (messages.isEmpty()) {
      throw new ParseException(ParseException.EMPTY, "The LibreChat export holds no messages.");
    }
    if (!sink.wantsMore()) {
      return;
    }
    deadline.check(SERVICE);
    try {
      sink.conversation(LibreChatConversation.read(export));
    } catch (UnreadableConversation e) {
      throw e.failure(SERVICE, LibreChatConversation.titleOrId(export));
    }
  }

  private static ParseException notAnExport() {
    return new ParseException(ParseException.CORRUPT, "This is not a LibreChat conversation export: LibreChat writes one"
        + " conversation per file, an object with its \"messages\" (each with a \"messageId\").");
  }
}
