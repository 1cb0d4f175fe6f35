package io.mediawhisperer.plugin.chatlog.chatgpt;

import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * DeepSeek's {@code conversations.json} (alone or in the zip DeepSeek sends): a {@code mapping}
 * tree like ChatGPT's whose messages are lists of {@code fragments}; the thread follows the latest
 * reply at each step, the other paths are branches, reasoning ({@code THINK}) is left out.
 */
public final class DeepSeekReader implements ChatExportReader {

  private static final DeepSeekConversation FORMAT = new DeepSeekConversation();
  private static final Pattern FRAGMENT_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"(REQUEST|RESPONSE|THINK)\"");

  @Override
  public String name() {
    return "deepseek";
  }

  @Override
  public String platform() {
    return "deepseek";
  }

  /**
   * A {@code mapping} whose messages are {@code fragments}. A document with ChatGPT's message keys
   * ({@code author}, {@code content_type}) is ChatGPT-shaped, whoever wrote it, and is left to the
   * ChatGPT reader, which reads that shape.
   */
  @Override
  public int confidence(byte[] head) {
    return HeadKeys.of(head).map(keys -> {
      if (!keys.has("mapping") || !keys.has("fragments") || keys.has("author") || keys.has("content_type")) {
        return 0;
      }
      int confidence = 60;
      confidence += keys.contains(FRAGMENT_TYPE) ? 15 : 0;
      confidence += keys.has("inserted_at") ? 15 : 0;
      return confidence;
    }).orElse(0);
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    new ExportStream(FORMAT, sink, limits).read(json);
  }
}
