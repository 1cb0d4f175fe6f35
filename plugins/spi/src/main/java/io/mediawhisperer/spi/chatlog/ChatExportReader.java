package io.mediawhisperer.spi.chatlog;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Plugin kind "chat export reader": reads the export file one AI service hands its users
 * (ChatGPT's {@code conversations.json}, Claude's, a Gemini Takeout activity file, ...) into
 * conversations, each of which becomes one {@code chat_log} source. Implementations are stateless
 * and thread-safe; {@link #read} is blocking and always called off the event loop.
 *
 * <p>Detection is by content, as for source parsers: the server gives every reader the first
 * {@link #HEAD_BYTES} of the JSON document (for a zip, of the entry {@link #readsEntry} chose) and
 * hands the document to the most confident one. A zip is opened by the server
 * ({@link ChatExports}), so a reader sees JSON only.
 *
 * <p>Reading streams: {@link #read} hands each conversation to the sink as soon as it is read, so
 * the heap holds one conversation at a time whatever the export's size (a 200 MB export is
 * normal). A conversation that cannot be made sense of (no messages, a parent cycle, unknown
 * blocks only) is {@linkplain ChatLogSink#skipped skipped with a warning}; only a document that is
 * not this service's export at all fails, with a {@link ParseException}.
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.chatlog.ChatExportReader}; contract
 * kit: {@code ChatExportReaderContract}. Added in SPI 0.4 (issue 13).
 */
public interface ChatExportReader extends NamedPlugin {

  int HEAD_BYTES = 64 * 1024;

  /**
   * The service whose exports this reads, as the source's {@code platform}: {@code chatgpt},
   * {@code claude}, {@code gemini}, {@code deepseek}, {@code grok}, {@code mistral},
   * {@code openwebui}, {@code librechat}, {@code chatbotui}, or a plugin's own.
   */
  String platform();

  /**
   * How sure this reader is that {@code head} (the first bytes of the JSON document, at most
   * {@link #HEAD_BYTES}; all of it when shorter) is its service's export: 0 for "not mine", up to
   * 100. Look for the fields only this service writes: many exports are arrays of objects with
   * {@code id} and {@code title}.
   */
  int confidence(byte[] head);

  /**
   * For a zip export: whether {@code entryName} (a path inside the zip) is the document this
   * reader reads. By default {@code conversations.json} at any depth, which is where ChatGPT,
   * Claude and DeepSeek put their chats.
   */
  default boolean readsEntry(String entryName) {
    return entryName.equals("conversations.json") || entryName.endsWith("/conversations.json");
  }

  /**
   * Reads the export, handing each conversation to {@code sink} in document order. Must respect
   * {@code limits} ({@link ParseLimits#maxSeconds()} bounds the whole read) and stop early when the
   * sink asks ({@link ChatLogSink#wantsMore()}).
   *
   * @throws ParseException when the document is not this service's export (code
   *     {@link ParseException#CORRUPT}) or holds no conversation at all ({@link ParseException#EMPTY})
   */
  void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException;
}
