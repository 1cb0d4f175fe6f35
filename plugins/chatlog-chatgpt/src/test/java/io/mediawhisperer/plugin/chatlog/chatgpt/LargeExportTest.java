package io.mediawhisperer.plugin.chatlog.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large export is read as a stream: each conversation reaches the sink while most of the file is
 * still unread, so the heap never holds the whole export. Proved by counting the bytes taken from
 * the file when the first conversation arrives, which does not depend on timing or the collector.
 */
class LargeExportTest {

  private static final int CONVERSATIONS = 5_000;

  @TempDir
  Path dir;

  @Test
  void fiveThousandConversationsAreReadOneAtATime() throws Exception {
    Path export = dir.resolve("conversations.json");
    write(export);
    long size = Files.size(export);

    long[] bytesReadAtFirst = {-1};
    int[] count = {0};
    int[] branched = {0};
    List<String> skipped = new ArrayList<>();
    try (CountingStream in = new CountingStream(Files.newInputStream(export))) {
      new ChatGptReader().read(in, new ChatLogSink() {
        @Override
        public void conversation(ChatConversation conversation) {
          if (count[0]++ == 0) {
            bytesReadAtFirst[0] = in.count;
          }
          branched[0] += conversation.branches().size();
        }

        @Override
        public void skipped(String warning) {
          skipped.add(warning);
        }
      }, ParseLimits.defaults());
    }

    assertThat(count[0]).isEqualTo(CONVERSATIONS);
    assertThat(branched[0]).isEqualTo(CONVERSATIONS);
    assertThat(skipped).isEmpty();
    assertThat(size).isGreaterThan(5_000_000L);
    assertThat(bytesReadAtFirst[0]).as("bytes read when the first conversation arrived").isBetween(1L, 100_000L);
  }

  /** Conversations of 6 messages (a hidden system node, 3 prompts, 3 answers) and a regenerated answer. */
  private static void write(Path file) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.writeStartArray();
      for (int c = 0; c < CONVERSATIONS; c++) {
        json.writeStartObject();
        json.writeStringField("title", "Generated conversation " + c);
        json.writeNumberField("create_time", 1_700_000_000.5 + c);
        json.writeStringField("conversation_id", "generated-" + c);
        json.writeStringField("current_node", "a3");
        json.writeObjectFieldStart("mapping");
        node(json, "root", null, null, null, "sys");
        node(json, "sys", "root", "system", "", "u1");
        node(json, "u1", "sys", "user", "Question one of conversation " + c + ": " + "words ".repeat(40), "a1");
        node(json, "a1", "u1", "assistant", "Answer one. " + "more words ".repeat(60), "u2");
        node(json, "u2", "a1", "user", "Question two?", "a2", "a2b");
        node(json, "a2", "u2", "assistant", "The first answer to question two.", "u3");
        node(json, "a2b", "u2", "assistant", "A regenerated answer to question two.");
        node(json, "u3", "a2", "user", "Question three?", "a3");
        node(json, "a3", "u3", "assistant", "Answer three. " + "final words ".repeat(30));
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
    }
  }

  private static void node(JsonGenerator json, String id, String parent, String role, String text, String... children)
      throws IOException {
    json.writeObjectFieldStart(id);
    json.writeStringField("id", id);
    json.writeStringField("parent", parent);
    json.writeArrayFieldStart("children");
    for (String child : children) {
      json.writeString(child);
    }
    json.writeEndArray();
    if (role == null) {
      json.writeNullField("message");
    } else {
      json.writeObjectFieldStart("message");
      json.writeStringField("id", id);
      json.writeObjectFieldStart("author");
      json.writeStringField("role", role);
      json.writeEndObject();
      json.writeObjectFieldStart("content");
      json.writeStringField("content_type", "text");
      json.writeArrayFieldStart("parts");
      json.writeString(text);
      json.writeEndArray();
      json.writeEndObject();
      json.writeObjectFieldStart("metadata");
      if (role.equals("assistant")) {
        json.writeStringField("model_slug", "gpt-4o");
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count += Math.max(n, 0);
      return n;
    }
  }
}
