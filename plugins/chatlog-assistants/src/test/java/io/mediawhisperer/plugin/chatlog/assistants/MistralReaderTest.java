package io.mediawhisperer.plugin.chatlog.assistants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MistralReaderTest extends ChatExportReaderContract {

  private final MistralReader reader = new MistralReader();

  @Override
  protected ChatExportReader reader() {
    return reader;
  }

  @Override
  protected List<Path> samples() {
    return List.of(Fixtures.MISTRAL_CHAT, Fixtures.MISTRAL_ACCOUNT);
  }

  @Override
  protected List<Path> otherExports() {
    return Fixtures.othersThan(Fixtures.MISTRAL_CHAT, Fixtures.MISTRAL_ACCOUNT);
  }

  @Override
  protected Optional<Path> sampleWithACorruptConversation() {
    return Optional.of(Fixtures.MISTRAL_ACCOUNT); // a conversation without messages
  }

  @Test
  void aChatFileIsOneConversationIdentifiedByItsChatIdWithoutTitle() throws Exception {
    Reads.Result read = Reads.read(reader, Fixtures.bytes(Fixtures.MISTRAL_CHAT));
    assertThat(read.skipped()).isEmpty();
    ChatConversation chat = read.conversations().get(0);
    assertThat(read.conversations()).hasSize(1);
    assertThat(chat.externalId()).isEqualTo("6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b");
    assertThat(chat.title()).isNull();
    assertThat(chat.createdAt()).isEqualTo(Instant.parse("2025-06-12T14:03:11.482Z"));
    assertThat(chat.updatedAt()).isEqualTo(Instant.parse("2025-06-12T14:05:44.377Z"));
    assertThat(chat.messages()).extracting(ChatMessage::role)
        .containsExactly("user", "tool", "tool", "assistant", "user", "assistant");
  }

  @Test
  void chunksAreJoinedToolCallsKeptAndFilesNamed() throws Exception {
    List<ChatMessage> messages = Reads.read(reader, Fixtures.bytes(Fixtures.MISTRAL_CHAT)).conversations().get(0).messages();
    assertThat(messages.get(0).content())
        .isEqualTo("Summarise this brief and find recent news on the company.\n\n[attachment: brief.docx]");
    assertThat(messages.get(1).toolName()).isEqualTo("web_search");
    assertThat(messages.get(1).content()).isEqualTo("web_search\nquery: Acme Components news 2025");
    assertThat(messages.get(2).toolName()).isEqualTo("web_search");
    assertThat(messages.get(2).content()).contains("Acme Components opens Lyon plant", "https://news.example.org/acme-lyon");
    // the text chunks, not the content string beside them (which repeats them): said once
    assertThat(messages.get(3).content()).isEqualTo(
        "The brief asks for a supplier review by July.\n\nRecent news: the company opened a plant in Lyon in May.");
    assertThat(messages.get(4).content()).isEqualTo("Draft a two-line email asking for their audit report.");
    assertThat(messages.get(3).externalId()).isEqualTo("0a1b2c3d-2222-4e5f-8a9b-6c7d8e9f0a1b#2");
  }

  @Test
  void theAccountShapeIsReadConversationByConversation() throws Exception {
    Reads.Result read = Reads.read(reader, Fixtures.bytes(Fixtures.MISTRAL_ACCOUNT));
    assertThat(read.conversations()).extracting(ChatConversation::title).containsExactly("French subjunctive", "Packing list");
    assertThat(read.skipped()).containsExactly("Conversation 'Empty chat' was skipped: it holds no messages.");
    ChatConversation packing = read.titled("Packing list");
    assertThat(packing.externalId()).isEqualTo("c-13f4a5b6-c7d8-4e9f-8a1b-2c3d4e5f6071");
    assertThat(packing.model()).isEqualTo("mistral-small-latest");
    assertThat(packing.createdAt()).isEqualTo(Instant.parse("2025-01-23T12:00:00Z"));
    assertThat(packing.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant", "user", "assistant");
    assertThat(packing.messages().get(3).model()).isEqualTo("mistral-small-latest");
  }

  @Test
  void roleAndContentVariantsAreRead() throws Exception {
    String json = """
        [{"chatId": "c9", "author": {"role": "Human"}, "content": [{"type": "text", "text": "block text"}]},
         {"chatId": "c9", "sender": "assistant", "text": "plain text"},
         {"chatId": "c9", "role": "narrator", "content": "who?"}]""";
    Reads.Result read = Reads.read(reader, json);
    ChatConversation c = read.conversations().get(0);
    assertThat(c.messages()).extracting(ChatMessage::role, ChatMessage::content)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "block text"),
            org.assertj.core.groups.Tuple.tuple("assistant", "plain text"));
    assertThat(c.warnings()).containsExactly("Message 3 was left out: it names no role this reader knows.");
    assertThat(c.externalId()).isEqualTo("c9");
  }

  @Test
  void aChatWithoutChatIdGetsAStableIdFromItsFirstMessage() throws Exception {
    String json = """
        [{"role": "user", "content": "Bonjour", "createdAt": "2025-06-12T14:03:11Z"}]""";
    String id = Reads.read(reader, json).conversations().get(0).externalId();
    assertThat(id).matches("[0-9a-f]{64}").isEqualTo(Reads.read(reader, json).conversations().get(0).externalId());
  }

  @Test
  void anArrayOfSomethingElseIsRefused() {
    ParseException refused = catchThrowableOfType(ParseException.class, () -> Reads.read(reader, "[{\"id\": 1, \"name\": \"x\"}]"));
    assertThat(refused.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(refused.getMessage()).startsWith("This is not a Mistral Le Chat export");
  }

  @Test
  void readsChatFilesInAZipButNotTheirAttachments() {
    assertThat(reader.readsEntry("chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b.json")).isTrue();
    assertThat(reader.readsEntry("export/chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b.json")).isTrue();
    assertThat(reader.readsEntry("chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b-files/brief.docx")).isFalse();
    assertThat(reader.readsEntry("chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b-files/data.json")).isFalse();
  }

  @Test
  void aLargeAccountExportIsStreamedOneConversationAtATime(@TempDir Path dir) throws Exception {
    Reads.Streamed read = Reads.streamed(reader, LargeExports.mistral(dir));
    assertThat(read.conversations()).isEqualTo(LargeExports.CONVERSATIONS);
    assertThat(read.bytesReadAtFirstConversation()).isLessThan(read.fileSize() / 50);
  }
}
