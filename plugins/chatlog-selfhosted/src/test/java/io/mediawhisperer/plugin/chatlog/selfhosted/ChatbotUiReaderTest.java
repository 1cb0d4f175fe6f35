package io.mediawhisperer.plugin.chatlog.selfhosted;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chatbot UI on the corpus's {@code chatbotui-export.json} (version 4) and this module's
 * {@code chatbotui-v3.json}, a version 3 export as the legacy Chatbot UI wrote it ({@code {version:
 * 3, history, folders}}, folders with a {@code type}, no saved prompts), whose second conversation
 * was never used (no messages) and is skipped.
 */
class ChatbotUiReaderTest extends ChatExportReaderContract {

  private static final Path EXPORT = Fixtures.corpus("chatbotui-export.json");
  private static final Path V3 = Fixtures.own("chatbotui-v3.json");

  @Override
  protected ChatExportReader reader() {
    return new ChatbotUiReader();
  }

  @Override
  protected List<Path> samples() {
    return List.of(EXPORT, V3);
  }

  @Override
  protected List<Path> otherExports() {
    try {
      return Fixtures.allExcept(samples());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected Optional<Path> sampleWithACorruptConversation() {
    return Optional.of(V3);
  }

  private Read read(Path file) throws Exception {
    return read(Files.readAllBytes(file));
  }

  @Test
  void readsBothConversationsNotTheFoldersOrPrompts() throws Exception {
    Read read = read(EXPORT);
    assertThat(read.skipped()).isEmpty();
    assertThat(read.conversations()).extracting(ChatConversation::externalId)
        .containsExactly("493cb218-9ebb-4d35-af8b-5aded3f351be", "f883fb40-6e5c-45fd-92d4-883a5595560f");
    assertThat(read.conversations()).extracting(ChatConversation::title)
        .containsExactly("Hello what are you able to do?", "Give me the code that inverts ...");
    assertThat(read.conversations()).extracting(ChatConversation::model).containsExactly("gpt-4-1106-preview", "gpt-3.5-turbo");
    assertThat(read.conversations()).allSatisfy(c -> {
      assertThat(c.branches()).isEmpty();
      assertThat(c.createdAt()).isNull(); // Chatbot UI writes no times
      assertThat(c.updatedAt()).isNull();
    });
  }

  @Test
  void theSystemPromptOpensTheThreadThenTheMessagesInOrder() throws Exception {
    List<ChatConversation> conversations = read(EXPORT).conversations();
    ChatConversation first = conversations.get(0);
    assertThat(first.messages()).extracting(ChatMessage::role).containsExactly("system", "user", "assistant", "user", "assistant");
    assertThat(first.messages().get(0).content()).startsWith("You are ChatGPT, a large language model trained by OpenAI.");
    assertThat(first.messages().get(3).content()).isEqualTo("I like Entertainment part. Go ahead. Entertain me.");
    assertThat(first.messages().get(2).model()).isEqualTo("gpt-4-1106-preview");
    assertThat(first.messages().get(1).model()).isNull();
    ChatConversation second = conversations.get(1);
    assertThat(second.messages()).extracting(ChatMessage::role).containsExactly("system", "user", "assistant");
    assertThat(second.messages().get(2).content()).contains("```cobol\nIDENTIFICATION DIVISION.");
  }

  @Test
  void aVersion3ExportWithAnEmptyConversationSkipsItByName() throws Exception {
    Read read = read(V3);
    assertThat(read.conversations()).singleElement().satisfies(c -> {
      assertThat(c.title()).isEqualTo("Haiku about autumn");
      assertThat(c.model()).isEqualTo("gpt-4");
      // a blank prompt is no system message
      assertThat(c.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant");
    });
    assertThat(read.skipped()).containsExactly("Conversation 'New Conversation' was skipped: it has no messages.");
  }

  @Test
  void aLargeExportIsReadAsAStream(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chatbot_ui_history.json");
    int conversations = 5_000;
    try (OutputStream out = Files.newOutputStream(file); JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("version", 4);
      json.writeArrayFieldStart("history");
      for (int i = 0; i < conversations; i++) {
        json.writeStartObject();
        json.writeStringField("id", "conversation-" + i);
        json.writeStringField("name", "Conversation " + i);
        json.writeArrayFieldStart("messages");
        for (int m = 0; m < 4; m++) {
          json.writeStartObject();
          json.writeStringField("role", m % 2 == 0 ? "user" : "assistant");
          json.writeStringField("content", "Message " + m + " of " + i + ": " + "lorem ipsum ".repeat(20));
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("model");
        json.writeStringField("id", "gpt-4");
        json.writeEndObject();
        json.writeStringField("prompt", "");
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("folders");
      json.writeEndArray();
      json.writeArrayFieldStart("prompts");
      json.writeEndArray();
      json.writeEndObject();
    }
    long size = Files.size(file);
    // "folders" and "prompts" come after "history": past the head the detection sees
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), ChatExportReader.HEAD_BYTES);
    assertThat(new String(head, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\"folders\"");
    assertThat(reader().confidence(head)).isGreaterThanOrEqualTo(80);
    assertThat(new OpenWebUiReader().confidence(head)).isZero();
    assertThat(new LibreChatReader().confidence(head)).isZero();
    try (Fixtures.Counting in = new Fixtures.Counting(Files.newInputStream(file))) {
      Fixtures.StreamingSink sink = new Fixtures.StreamingSink(in);
      reader().read(in, sink, ParseLimits.defaults());
      assertThat(sink.ids).hasSize(conversations);
      assertThat(new HashSet<>(sink.ids)).hasSize(conversations);
      assertThat(sink.bytesAtFirst).isPositive().isLessThan(size / 100);
    }
  }
}
