package io.mediawhisperer.plugin.chatlog.assistants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.testsupport.Corpus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeReaderTest extends ChatExportReaderContract {

  private final ClaudeReader reader = new ClaudeReader();

  @Override
  protected ChatExportReader reader() {
    return reader;
  }

  @Override
  protected List<Path> samples() {
    return List.of(Fixtures.CLAUDE);
  }

  @Override
  protected List<Path> otherExports() {
    return Fixtures.othersThan(Fixtures.CLAUDE);
  }

  @Override
  protected Optional<Path> sampleWithACorruptConversation() {
    return Optional.of(Fixtures.CLAUDE); // an empty conversation and one of unknown blocks only
  }

  private Reads.Result fixture() throws Exception {
    return Reads.read(reader, Fixtures.bytes(Fixtures.CLAUDE));
  }

  @Test
  void readsTheThreeConversationsWithMessagesAndSkipsTheEmptyOneAndTheUnreadableOne() throws Exception {
    Reads.Result read = fixture();
    assertThat(read.conversations()).extracting(ChatConversation::title)
        .containsExactly("Planning a weekend in Lisbon", "Weather in Reykjavik", "Sourdough starter");
    assertThat(read.skipped()).containsExactly(
        "Conversation 'de0a8fb7-06c3-4b7e-a3ea-b5f6917c03ac' was skipped: it holds no messages.",
        "Conversation 'Voice note' was skipped: its messages hold only blocks of unknown types (voice_note).");
    assertThat(read.conversations()).allSatisfy(c -> assertThat(c.branches()).isEmpty());
  }

  @Test
  void aConversationKeepsItsIdTimesAndTurnsAndDropsTheThinking() throws Exception {
    ChatConversation lisbon = fixture().titled("Planning a weekend in Lisbon");
    assertThat(lisbon.externalId()).isEqualTo("4b1f9c2e-7d3a-4e8b-9a51-2c6d0e8f7a13");
    assertThat(lisbon.createdAt()).isEqualTo(Instant.parse("2025-10-04T08:12:03.511204Z"));
    assertThat(lisbon.updatedAt()).isEqualTo(Instant.parse("2025-10-04T08:20:41.009876Z"));
    assertThat(lisbon.model()).isNull(); // the official export names none
    assertThat(lisbon.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant", "user", "assistant");
    ChatMessage answer = lisbon.messages().get(1);
    assertThat(answer.content()).isEqualTo("Saturday is too packed: Belem and LX Factory fill a morning, Alfama and fado an"
        + " evening.\n\nMove the Jeronimos monastery to Sunday morning, before Sintra.");
    assertThat(lisbon.messages()).noneSatisfy(m -> assertThat(m.content()).contains("Belem alone takes half a day"));
    assertThat(answer.externalId()).isEqualTo("1f7c3e52-66d9-4a2b-84f3-ae8d7b6c5a02");
    assertThat(answer.createdAt()).isEqualTo(Instant.parse("2025-10-04T08:12:05.120455Z"));
  }

  @Test
  void anAttachmentIsNamedInANoteButItsExtractedTextIsNotCopied() throws Exception {
    ChatMessage prompt = fixture().titled("Planning a weekend in Lisbon").messages().get(0);
    // attachments and files name the same PDF here: one note
    assertThat(prompt.content()).isEqualTo("Here is my draft itinerary. Which day is too packed?\n\n[attachment: itinerary.pdf]");
    assertThat(prompt.content()).doesNotContain("Jeronimos monastery, LX Factory");
  }

  @Test
  void toolUseAndToolResultBecomeToolMessagesInTheirPlace() throws Exception {
    ChatConversation weather = fixture().titled("Weather in Reykjavik");
    assertThat(weather.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant", "tool", "tool", "assistant");
    assertThat(weather.messages()).extracting(ChatMessage::toolName).containsExactly(null, null, "web_search", "web_search", null);
    assertThat(weather.messages().get(2).content()).isEqualTo("web_search\nquery: Reykjavik weather forecast tomorrow");
    assertThat(weather.messages().get(3).content()).isEqualTo("Reykjavik, Monday: light rain, 6 C, wind 9 m/s from the south-west.");
    assertThat(weather.messages().get(4).content()).startsWith("Tomorrow brings light rain");
    // one Claude message became four: every part keeps a distinct id derived from the message's
    assertThat(weather.messages()).extracting(ChatMessage::externalId).containsExactly(
        "6d3b1e40-9f5c-4a0d-bc73-4e8f2a0b9c35", "7e4c2f51-a06d-4b1e-8d84-5f903b1cad46",
        "7e4c2f51-a06d-4b1e-8d84-5f903b1cad46#1", "7e4c2f51-a06d-4b1e-8d84-5f903b1cad46#2",
        "7e4c2f51-a06d-4b1e-8d84-5f903b1cad46#3");
    assertThat(weather.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(weather.messages().get(4).model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(weather.messages().get(0).model()).isNull();
  }

  @Test
  void aMessageWithEmptyContentIsReadFromItsText() throws Exception {
    ChatConversation sourdough = fixture().titled("Sourdough starter");
    assertThat(sourdough.messages()).extracting(ChatMessage::content).containsExactly(
        "My starter smells like nail polish. Is it dead?\n\n[attachment: starter.jpg]",
        "Not dead, just hungry: the acetone smell means it ran out of food. Feed it twice a day for two days.");
  }

  @Test
  void aConversationWithoutUuidGetsAnIdFromItsFirstMessageThatIsTheSameOnEveryRead() throws Exception {
    String json = """
        [{"name": "No id", "chat_messages": [
          {"sender": "human", "text": "Hello", "content": [], "created_at": "2025-01-01T10:00:00Z"}]}]""";
    String first = Reads.read(reader, json).conversations().get(0).externalId();
    assertThat(first).matches("[0-9a-f]{64}");
    assertThat(Reads.read(reader, json).conversations().get(0).externalId()).isEqualTo(first);
    assertThat(Reads.read(reader, json.replace("Hello", "Hi")).conversations().get(0).externalId()).isNotEqualTo(first);
  }

  @Test
  void anotherServicesExportIsRefusedWithASentence() {
    ParseException refused = catchThrowableOfType(ParseException.class,
        () -> Reads.read(reader, Fixtures.bytes(Corpus.file("chat/chatgpt-export.json"))));
    assertThat(refused.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(refused.getMessage()).isEqualTo("This is not a Claude export: its entries have no chat_messages.");
    ParseException empty = catchThrowableOfType(ParseException.class, () -> Reads.read(reader, "[]"));
    assertThat(empty.code()).isEqualTo(ParseException.EMPTY);
  }

  @Test
  void aFileCutOffAfterTheFirstConversationKeepsItAndSaysWhereItBroke() throws Exception {
    byte[] all = Fixtures.bytes(Fixtures.CLAUDE);
    int second = new String(all, StandardCharsets.UTF_8).indexOf("Weather in Reykjavik");
    Reads.Result read = Reads.read(reader, Arrays.copyOf(all, second));
    assertThat(read.conversations()).extracting(ChatConversation::title).containsExactly("Planning a weekend in Lisbon");
    assertThat(read.skipped()).singleElement().asString().startsWith("The file breaks off or is damaged at line ")
        .endsWith("What came before that point (1 entry) was read; the rest was not.");
  }

  @Test
  void aReadPastTheTimeLimitFailsAsTooLarge() {
    ParseLimits noTime = new ParseLimits(5_000, Duration.ZERO, 500, 1L << 20, 1L << 20);
    ParseException tooLong = catchThrowableOfType(ParseException.class,
        () -> Reads.read(reader, new ByteArrayInputStream(Fixtures.bytes(Fixtures.CLAUDE)), noTime));
    assertThat(tooLong.code()).isEqualTo(ParseException.TOO_LARGE);
    assertThat(tooLong.getMessage()).startsWith("Reading the Claude export took longer than the 0 seconds allowed");
  }

  @Test
  void aLargeExportIsStreamedOneConversationAtATime(@TempDir Path dir) throws Exception {
    Reads.Streamed read = Reads.streamed(reader, LargeExports.claude(dir));
    assertThat(read.conversations()).isEqualTo(LargeExports.CONVERSATIONS);
    // the first conversation reached the sink long before the file was read: nothing waits for the whole
    assertThat(read.bytesReadAtFirstConversation()).isLessThan(read.fileSize() / 50);
  }
}
