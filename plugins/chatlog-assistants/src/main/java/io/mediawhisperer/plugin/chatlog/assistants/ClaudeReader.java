package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Claude.ai's data export: {@code conversations.json}, a list of conversations with
 * {@code chat_messages} (see {@link ClaudeConversations} for what becomes of each). The zip Claude
 * sends also holds {@code users.json} and {@code projects.json}, which are not chats and are not read.
 */
public final class ClaudeReader implements ChatExportReader {

  @Override
  public String name() {
    return "claude";
  }

  @Override
  public String platform() {
    return "claude";
  }

  @Override
  public int confidence(byte[] head) {
    Head h = Head.of(head);
    if (!h.isArray() || !h.hasKey("chat_messages")) {
      return 0; // chat_messages is Claude's own word; nobody else writes it
    }
    return h.hasKey("sender") || h.hasKey("uuid") ? 95 : 85;
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    try (JsonArrayStream doc = JsonArrayStream.open(json)) {
      if (!doc.isArray()) {
        throw notClaude("Claude's conversations.json is a list of conversations");
      }
      ExportRead read = new ExportRead(sink, limits, "Claude export");
      for (JsonNode entry; read.wantsMore() && (entry = read.next(doc)) != null;) {
        if (!Nodes.isObjectWith(entry, "chat_messages")) {
          if (doc.elementsRead() == 1) {
            throw notClaude("its entries have no chat_messages");
          }
          read.skipped("Entry " + doc.elementsRead() + " of the export is not a Claude conversation (it has no chat_messages)"
              + " and was skipped.");
        } else {
          read.deliver(ClaudeConversations.read(entry));
        }
        read.checkClock();
      }
      read.finish("The Claude export holds no conversations.");
    }
  }

  private static ParseException notClaude(String why) {
    return new ParseException(ParseException.CORRUPT, "This is not a Claude export: " + why + ".");
  }
}
