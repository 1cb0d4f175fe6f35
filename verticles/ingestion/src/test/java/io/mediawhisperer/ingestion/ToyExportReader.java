package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat export reader for the ingestion verticle's own tests, so that the import path is tested
 * apart from the real services' readers (each tested in its plugin): {@code {"toyExport": [{"id",
 * "title", "messages": [{"role", "content", "createdAt"?}], "branches"?: [{"forkIndex", "messages"}]}]}}. An entry
 * without messages is skipped with a warning.
 */
public final class ToyExportReader implements ChatExportReader {

  @Override
  public String name() {
    return "toy";
  }

  @Override
  public String platform() {
    return "toy";
  }

  @Override
  public int confidence(byte[] head) {
    return new String(head, StandardCharsets.UTF_8).contains("\"toyExport\"") ? 90 : 0;
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    JsonArray conversations;
    try {
      conversations = new JsonObject(new String(json.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("toyExport");
    } catch (RuntimeException e) {
      throw new ParseException(ParseException.CORRUPT, "This is no toy export.");
    }
    for (int i = 0; i < conversations.size() && sink.wantsMore(); i++) {
      JsonObject c = conversations.getJsonObject(i);
      List<ChatMessage> messages = messages(c.getJsonArray("messages", new JsonArray()));
      if (messages.isEmpty()) {
        sink.skipped("Conversation '" + c.getString("title") + "' was skipped: it has no messages.");
        continue;
      }
      List<ChatBranch> branches = new ArrayList<>();
      for (Object b : c.getJsonArray("branches", new JsonArray())) {
        JsonObject branch = (JsonObject) b;
        branches.add(new ChatBranch(branch.getInteger("forkIndex"), messages(branch.getJsonArray("messages"))));
      }
      sink.conversation(new ChatConversation(c.getString("id"), c.getString("title"), "toy-1", null, null, messages, branches, List.of()));
    }
  }

  private static List<ChatMessage> messages(JsonArray array) {
    List<ChatMessage> messages = new ArrayList<>();
    for (Object m : array) {
      JsonObject message = (JsonObject) m;
      String time = message.getString("createdAt");
      messages.add(ChatMessage.of(message.getString("role"), message.getString("content"), time == null ? null : java.time.Instant.parse(time)));
    }
    return messages;
  }
}
