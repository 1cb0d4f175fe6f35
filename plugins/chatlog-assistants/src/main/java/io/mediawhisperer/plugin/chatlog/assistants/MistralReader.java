package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.plugin.chatlog.assistants.ExportRead.Outcome;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Mistral Le Chat's data export, read tolerantly since Mistral documents no format. Two shapes are
 * reported: one {@code chat-<uuid>.json} per conversation holding a bare list of messages (the
 * conversation's id is the messages' {@code chatId}; there is no title), and one object with
 * {@code account} and {@code conversations: [{id, created_at, title, model, messages}]}. A zip of
 * the first shape holds one file per conversation; the server reads one document per import, so
 * such a zip imports one conversation (the others: upload the files one by one).
 *
 * <p>Lists of role/content messages are written by many tools, so detection stays low: it needs
 * Le Chat's {@code chatId}, or the second shape's whole set of keys, and even then ranks below
 * every reader that finds its own service's keys.
 */
public final class MistralReader implements ChatExportReader {

  private static final Pattern CHAT_FILE = Pattern.compile("(^|.*/)chat-[^/]+\\.json");

  @Override
  public String name() {
    return "mistral";
  }

  @Override
  public String platform() {
    return "mistral";
  }

  @Override
  public int confidence(byte[] head) {
    Head h = Head.of(head);
    if (h.isArray() && h.hasKey("chatId") && h.hasKey("role")) {
      return h.hasKey("contentChunks") ? 40 : 30;
    }
    if (h.isObject() && h.hasKey("conversations") && h.hasKey("messages") && h.hasKey("role") && h.hasKey("content")
        && !h.hasKey("responses")) {
      return h.hasKey("account") || h.hasKey("memories") ? 25 : 15;
    }
    return 0;
  }

  @Override
  public boolean readsEntry(String entryName) {
    return CHAT_FILE.matcher(entryName).matches() || ChatExportReader.super.readsEntry(entryName);
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    try (JsonArrayStream doc = JsonArrayStream.open(json)) {
      ExportRead read = new ExportRead(sink, limits, "Le Chat export");
      if (doc.isObject()) {
        if (!doc.enterField("conversations")) {
          throw notLeChat();
        }
        conversations(doc, read, null);
      } else if (doc.isArray()) {
        JsonNode first = read.next(doc);
        if (first == null) {
          throw new ParseException(ParseException.EMPTY, "The Le Chat export holds no messages.");
        }
        if (Nodes.array(first, "messages") != null) {
          conversations(doc, read, first);
        } else if (MistralMessages.isMessage(first)) {
          oneChat(doc, read, first);
        } else {
          throw notLeChat();
        }
      } else {
        throw notLeChat();
      }
      read.finish("The Le Chat export holds no conversations.");
    }
  }

  /** A list of conversations, each with its {@code messages}, streamed one at a time. */
  private static void conversations(JsonArrayStream doc, ExportRead read, JsonNode first) throws ParseException, IOException {
    JsonNode entry = first != null ? first : read.next(doc);
    if (entry != null && Nodes.array(entry, "messages") == null) {
      throw notLeChat();
    }
    for (; entry != null && read.wantsMore(); entry = read.next(doc)) {
      read.deliver(conversation(entry));
      read.checkClock();
    }
  }

  private static Outcome conversation(JsonNode entry) {
    String id = Nodes.id(entry, "id");
    String title = Nodes.nonBlank(entry, "title");
    String label = title != null ? title : id != null ? id : "without a name";
    JsonNode list = Nodes.array(entry, "messages");
    if (list == null) {
      return Outcome.skip(label, "it has no list of messages");
    }
    String model = Nodes.nonBlank(entry, "model");
    List<ChatMessage> messages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int number = 0;
    for (JsonNode message : list) {
      messages.addAll(MistralMessages.read(message, ++number, model, warnings));
    }
    if (messages.isEmpty()) {
      return Outcome.skip(label, list.isEmpty() ? "it holds no messages" : "none of its messages holds text");
    }
    Instant created = Times.of(entry, "created_at");
    Instant updated = Times.of(entry, "updated_at");
    return Outcome.read(new ChatConversation(id != null ? id : derivedId(messages), title, model,
        created != null ? created : first(messages), updated != null ? updated : last(messages), messages, List.of(),
        warnings));
  }

  /** A {@code chat-<uuid>.json}: the whole document is one conversation's messages, read one at a time. */
  private static void oneChat(JsonArrayStream doc, ExportRead read, JsonNode first) throws ParseException, IOException {
    List<ChatMessage> messages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String chatId = null;
    int number = 0;
    for (JsonNode message = first; message != null; message = read.next(doc)) {
      if (chatId == null) {
        chatId = Nodes.id(message, "chatId");
      }
      messages.addAll(MistralMessages.read(message, ++number, null, warnings));
      read.checkClock();
    }
    if (messages.isEmpty()) {
      read.skipped("Conversation '" + (chatId != null ? chatId : "without a name") + "' was skipped: none of its messages"
          + " holds text.");
      return;
    }
    read.conversation(new ChatConversation(chatId != null ? chatId : derivedId(messages), null, null, first(messages),
        last(messages), messages, List.of(), warnings));
  }

  private static String derivedId(List<ChatMessage> messages) {
    return StableId.of("mistral", messages.get(0).createdAt(), messages.get(0).content());
  }

  private static Instant first(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::createdAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
  }

  private static Instant last(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::createdAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
  }

  private static ParseException notLeChat() {
    return new ParseException(ParseException.CORRUPT, "This is not a Mistral Le Chat export: Le Chat writes a list of"
        + " messages (one file per conversation) or an object with a list of conversations.");
  }
}
