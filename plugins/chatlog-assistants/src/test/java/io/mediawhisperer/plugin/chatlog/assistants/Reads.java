package io.mediawhisperer.plugin.chatlog.assistants;

import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading helpers for the tests: everything a sink was given, and how much of a file was read when. */
final class Reads {

  /** What the sink got. */
  record Result(List<ChatConversation> conversations, List<String> skipped) {

    ChatConversation titled(String title) {
      return conversations.stream().filter(c -> title.equals(c.title())).findFirst()
          .orElseThrow(() -> new AssertionError("no conversation titled " + title));
    }
  }

  private Reads() {
  }

  static Result read(ChatExportReader reader, String json) throws ParseException, IOException {
    return read(reader, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ParseLimits.defaults());
  }

  static Result read(ChatExportReader reader, byte[] json) throws ParseException, IOException {
    return read(reader, new ByteArrayInputStream(json), ParseLimits.defaults());
  }

  static Result read(ChatExportReader reader, InputStream json, ParseLimits limits) throws ParseException, IOException {
    List<ChatConversation> conversations = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    reader.read(json, new ChatLogSink() {
      @Override
      public void conversation(ChatConversation conversation) {
        conversations.add(conversation);
      }

      @Override
      public void skipped(String warning) {
        skipped.add(warning);
      }
    }, limits);
    return new Result(conversations, skipped);
  }

  /** A read of a large file that counts conversations instead of keeping them. */
  record Streamed(int conversations, long bytesReadAtFirstConversation, long fileSize) {
  }

  static Streamed streamed(ChatExportReader reader, Path file) throws ParseException, IOException {
    long[] bytesRead = {0};
    long[] atFirst = {-1};
    int[] count = {0};
    try (InputStream in = new FilterInputStream(Files.newInputStream(file)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        bytesRead[0] += b < 0 ? 0 : 1;
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        bytesRead[0] += Math.max(n, 0);
        return n;
      }
    }) {
      reader.read(in, new ChatLogSink() {
        @Override
        public void conversation(ChatConversation conversation) {
          if (count[0]++ == 0) {
            atFirst[0] = bytesRead[0];
          }
        }

        @Override
        public void skipped(String warning) {
          throw new AssertionError("a generated export has nothing to skip: " + warning);
        }
      }, ParseLimits.defaults());
    }
    return new Streamed(count[0], atFirst[0], Files.size(file));
  }
}
