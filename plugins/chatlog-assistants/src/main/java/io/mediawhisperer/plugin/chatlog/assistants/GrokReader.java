package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Grok's chats from xAI's data download: {@code prod-grok-backend.json}, an object whose
 * {@code conversations} list pairs each {@code conversation} with its {@code responses} (see
 * {@link GrokConversations}). The list is streamed; the object's other fields are passed over.
 */
public final class GrokReader implements ChatExportReader {

  @Override
  public String name() {
    return "grok";
  }

  @Override
  public String platform() {
    return "grok";
  }

  @Override
  public int confidence(byte[] head) {
    Head h = Head.of(head);
    if (!h.isObject() || !h.hasKey("conversations") || !h.hasKey("conversation") || !h.hasKey("responses")) {
      return 0;
    }
    return h.hasKey("response") ? 95 : 85;
  }

  @Override
  public boolean readsEntry(String entryName) {
    return entryName.equals("prod-grok-backend.json") || entryName.endsWith("/prod-grok-backend.json");
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    try (JsonArrayStream doc = JsonArrayStream.open(json)) {
      if (!doc.isObject()) {
        throw notGrok("prod-grok-backend.json is an object holding a list of conversations");
      }
      if (!doc.enterField("conversations")) {
        throw notGrok("it has no list of conversations");
      }
      ExportRead read = new ExportRead(sink, limits, "Grok export");
      for (JsonNode entry; read.wantsMore() && (entry = read.next(doc)) != null;) {
        if (!Nodes.isObjectWith(entry, "conversation") && !Nodes.isObjectWith(entry, "responses")) {
          if (doc.elementsRead() == 1) {
            throw notGrok("its conversations have neither a conversation nor responses");
          }
          read.skipped("Entry " + doc.elementsRead() + " of the export is not a Grok conversation and was skipped.");
        } else {
          read.deliver(GrokConversations.read(entry));
        }
        read.checkClock();
      }
      read.finish("The Grok export holds no conversations.");
    }
  }

  private static ParseException notGrok(String why) {
    return new ParseException(ParseException.CORRUPT, "This is not a Grok export: " + why + ".");
  }
}
