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

class GrokReaderTest extends ChatExportReaderContract {

  private final GrokReader reader = new GrokReader();

  @Override
  protected ChatExportReader reader() {
    return reader;
  }

  @Override
  protected List<Path> samples() {
    return List.of(Fixtures.GROK);
  }

  @Override
  protected List<Path> otherExports() {
    return Fixtures.othersThan(Fixtures.GROK);
  }

  @Override
  protected Optional<Path> sampleWithACorruptConversation() {
    return Optional.of(Fixtures.GROK); // a conversation without responses
  }

  private Reads.Result fixture() throws Exception {
    return Reads.read(reader, Fixtures.bytes(Fixtures.GROK));
  }

  @Test
  void readsTwoConversationsAndSkipsTheOneWithoutResponses() throws Exception {
    Reads.Result read = fixture();
    assertThat(read.conversations()).extracting(ChatConversation::title)
        .containsExactly("Borrow checker and lifetimes", "Haiku about the sea");
    assertThat(read.skipped()).containsExactly("Conversation 'New conversation' was skipped: it holds no responses.");
  }

  @Test
  void sendersAreComparedWithoutCaseAndMongoDatesAreRead() throws Exception {
    ChatConversation rust = fixture().titled("Borrow checker and lifetimes");
    assertThat(rust.externalId()).isEqualTo("8c1d6a0e-3f2b-4e7a-9d5c-1b0a2f3e4d5c");
    // senders human, ASSISTANT, Human, grok
    assertThat(rust.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant", "user", "assistant");
    assertThat(rust.messages().get(0).createdAt()).isEqualTo(Instant.ofEpochMilli(1739178002514L));
    assertThat(rust.messages().get(0).externalId()).isEqualTo("a1b2c3d4-0001-4e5f-8a9b-0c1d2e3f4a5b");
    assertThat(rust.createdAt()).isEqualTo(Instant.parse("2025-02-10T09:00:02.514Z"));
    assertThat(rust.updatedAt()).isEqualTo(Instant.parse("2025-02-10T09:06:45.120Z"));
    assertThat(rust.model()).isEqualTo("grok-3");
    assertThat(rust.messages()).extracting(ChatMessage::model).containsExactly(null, "grok-3", null, "grok-3");
  }

  @Test
  void isoTimesInResponsesAreReadAndLineBreaksKept() throws Exception {
    ChatConversation haiku = fixture().titled("Haiku about the sea");
    assertThat(haiku.messages().get(1).content()).isEqualTo("Grey waves fold and break\nsalt wind carries gull voices\nthe tide keeps its time");
    assertThat(haiku.messages().get(1).createdAt()).isEqualTo(Instant.parse("2025-03-01T18:30:04.250Z"));
    assertThat(haiku.model()).isEqualTo("grok-2");
  }

  @Test
  void responsesArePutInTimeOrderAndEmptyOnesPassedOver() throws Exception {
    String json = """
        {"conversations": [{"conversation": {"id": "c1"}, "responses": [
          {"response": {"message": "the answer", "sender": "assistant", "create_time": {"$date": {"$numberLong": "2000"}}}},
          {"response": {"message": "", "sender": "assistant", "create_time": {"$date": {"$numberLong": "3000"}}}},
          {"response": {"message": "the question", "sender": "human", "create_time": {"$date": {"$numberLong": "1000"}}}}]}]}""";
    ChatConversation c = Reads.read(reader, json).conversations().get(0);
    assertThat(c.messages()).extracting(ChatMessage::content).containsExactly("the question", "the answer");
    assertThat(c.title()).isNull();
    assertThat(c.createdAt()).isEqualTo(Instant.ofEpochMilli(1000));
  }

  @Test
  void otherTopLevelFieldsArePassedOverAndAnObjectWithoutConversationsIsRefused() throws Exception {
    String json = """
        {"projects": [{"x": [1, {"y": 2}]}], "conversations": [{"conversation": {"id": "c1", "title": "T"},
          "responses": [{"response": {"message": "hi", "sender": "human"}}]}], "tasks": []}""";
    assertThat(Reads.read(reader, json).conversations()).extracting(ChatConversation::externalId).containsExactly("c1");
    ParseException refused = catchThrowableOfType(ParseException.class, () -> Reads.read(reader, "{\"projects\": []}"));
    assertThat(refused.getMessage()).isEqualTo("This is not a Grok export: it has no list of conversations.");
  }

  @Test
  void readsTheBackendFileInAZip() {
    assertThat(reader.readsEntry("prod-grok-backend.json")).isTrue();
    assertThat(reader.readsEntry("ttl/30d/export_data/3f9a7b1c/prod-grok-backend.json")).isTrue();
    assertThat(reader.readsEntry("conversations.json")).isFalse();
    assertThat(reader.readsEntry("prod-grok-backend-assets.json")).isFalse();
  }

  @Test
  void aLargeExportIsStreamedOneConversationAtATime(@TempDir Path dir) throws Exception {
    Reads.Streamed read = Reads.streamed(reader, LargeExports.grok(dir));
    assertThat(read.conversations()).isEqualTo(LargeExports.CONVERSATIONS);
    assertThat(read.bytesReadAtFirstConversation()).isLessThan(read.fileSize() / 50);
  }
}
