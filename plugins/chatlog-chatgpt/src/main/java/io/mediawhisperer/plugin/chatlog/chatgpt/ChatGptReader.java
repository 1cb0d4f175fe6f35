package io.mediawhisperer.plugin.chatlog.chatgpt;

import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * ChatGPT's {@code conversations.json} (alone or in the zip ChatGPT sends): each conversation's
 * {@code mapping} tree becomes the thread to {@code current_node} plus its branches; tool calls and
 * results (browsing, code) are kept as role {@code tool}; hidden nodes and reasoning are left out;
 * citation markers become {@code [source: title]}.
 */
public final class ChatGptReader implements ChatExportReader {

  private static final ChatGptConversation FORMAT = new ChatGptConversation();

  @Override
  public String name() {
    return "chatgpt";
  }

  @Override
  public String platform() {
    return "chatgpt";
  }

  /**
   * A {@code mapping} of messages with an {@code author} (or a {@code current_node}): ChatGPT's tree.
   * DeepSeek's tree has a {@code mapping} too, but messages made of {@code fragments} and no author.
   */
  @Override
  public int confidence(byte[] head) {
    return HeadKeys.of(head).map(keys -> {
      if (!keys.has("mapping") || !(keys.has("author") || keys.has("current_node"))) {
        return 0;
      }
      if (keys.has("fragments") && !keys.has("author")) {
        return 0;
      }
      int confidence = 60;
      confidence += keys.has("content_type") ? 15 : 0;
      confidence += keys.has("current_node") ? 10 : 0;
      confidence += keys.has("create_time") ? 5 : 0;
      confidence += keys.has("conversation_id") ? 5 : 0;
      return confidence;
    }).orElse(0);
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    new ExportStream(FORMAT, sink, limits).read(json);
  }
}
