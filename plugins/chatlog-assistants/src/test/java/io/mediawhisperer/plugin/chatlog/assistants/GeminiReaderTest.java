package io.mediawhisperer.plugin.chatlog.assistants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeminiReaderTest extends ChatExportReaderContract {

  private final GeminiReader reader = new GeminiReader();

  @Override
  protected ChatExportReader reader() {
    return reader;
  }

  @Override
  protected List<Path> samples() {
    return List.of(Fixtures.GEMINI);
  }

  @Override
  protected List<Path> otherExports() {
    return Fixtures.othersThan(Fixtures.GEMINI);
  }

  private List<ChatConversation> fixture() throws Exception {
    Reads.Result read = Reads.read(reader, Fixtures.bytes(Fixtures.GEMINI));
    assertThat(read.skipped()).isEmpty();
    return read.conversations();
  }

  @Test
  void rebuildsFourConversationsOldestFirstFromSixGeminiRecordsAndIgnoresTheYouTubeOne() throws Exception {
    List<ChatConversation> conversations = fixture();
    assertThat(conversations).extracting(c -> c.messages().size()).containsExactly(1, 2, 4, 4);
    assertThat(conversations).extracting(ChatConversation::title).containsOnlyNulls(); // the server takes the first prompt
    assertThat(conversations).extracting(c -> c.messages().get(0).content()).containsExactly(
        "Remind me to water the plants on Sunday",
        "What plant is this?\n\n[attachment: care-notes.txt]\n[attachment: IMG_2041.jpg]",
        "Write a Python function that reverses a string",
        "How do I cook green lentils?");
    assertThat(conversations).flatMap(ChatConversation::messages)
        .noneSatisfy(m -> assertThat(m.content()).containsIgnoringCase("watched"));
  }

  @Test
  void recordsOfOneConversationIdAreOneConversationInTimeOrderThoughTheFileIsNewestFirst() throws Exception {
    ChatConversation lentils = fixture().get(3);
    assertThat(lentils.externalId()).isEqualTo("5f1e2d3c4b5a6978");
    assertThat(lentils.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant", "user", "assistant");
    assertThat(lentils.messages().get(1).content()).isEqualTo(
        "Rinse them, then simmer:\n\n1. 1 part lentils\n2. 3 parts water & a pinch of salt\n\n"
            + "Cook 20\u201325 minutes, until tender but not mushy.");
    assertThat(lentils.messages().get(2).content()).isEqualTo("And how long do cooked lentils keep in the fridge?");
    assertThat(lentils.messages().get(3).content()).isEqualTo("Up to five days in an airtight container \u2014 freeze them for longer.");
    assertThat(lentils.createdAt()).isEqualTo(Instant.parse("2026-03-02T15:02:03.117Z"));
    assertThat(lentils.updatedAt()).isEqualTo(Instant.parse("2026-03-02T15:10:12.481Z"));
    assertThat(lentils.messages().get(3).createdAt()).isEqualTo(Instant.parse("2026-03-02T15:10:12.481Z"));
  }

  @Test
  void recordsWithoutIdWithin30MinutesAreOneConversationAndRegeneratedAnswersAreBranches() throws Exception {
    ChatConversation python = fixture().get(2);
    assertThat(python.messages()).extracting(ChatMessage::content).containsExactly(
        "Write a Python function that reverses a string",
        "Slicing does it:\n\n```\ndef reverse(text):\n    return text[::-1]\n```\n\nIt works for any `str`.",
        "Wie rufe ich die Funktion mit einem leeren String auf?", // the German prefix is gone
        "Einfach so:\n\n```\nreverse(\"\")  # ergibt \"\"\n```");
    assertThat(python.branches()).singleElement().satisfies(branch -> {
      assertThat(branch.forkIndex()).isEqualTo(1);
      assertThat(branch.messages()).singleElement().satisfies(m -> {
        assertThat(m.role()).isEqualTo("assistant");
        assertThat(m.content()).isEqualTo("Use `reversed`:\n\n```\ndef reverse(text):\n    return \"\".join(reversed(text))\n```");
      });
    });
    assertThat(python.externalId()).matches("[0-9a-f]{64}");
    assertThat(fixture().get(2).externalId()).isEqualTo(python.externalId());
  }

  @Test
  void aPromptWithoutAnswerIsAConversationOfOneMessage() throws Exception {
    ChatConversation plants = fixture().get(0);
    assertThat(plants.messages()).singleElement().satisfies(m -> {
      assertThat(m.role()).isEqualTo("user");
      assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-03-01T21:04:09.338Z"));
    });
    assertThat(fixture().get(1).messages().get(1).content())
        .isEqualTo("### Monstera deliciosa\n\nThe split leaves give it away. Water it when the top 3 cm of soil are dry.");
  }

  @Test
  void aGapOfMoreThan30MinutesStartsANewConversation() throws Exception {
    String json = "[" + record("10:00:00", "one") + "," + record("10:30:00", "two") + "," + record("11:00:01", "three") + ","
        + record("11:05:00", "four") + "]";
    List<ChatConversation> conversations = Reads.read(reader, json).conversations();
    assertThat(conversations).extracting(c -> c.messages().stream().map(ChatMessage::content).toList())
        .containsExactly(List.of("one", "two"), List.of("three", "four"));
    assertThat(conversations.get(0).branches()).isEmpty();
  }

  private static String record(String time, String prompt) {
    return """
        {"header": "Gemini Apps", "title": "Prompted %s", "time": "2026-01-05T%sZ", "products": ["Gemini Apps"]}"""
        .formatted(prompt, time);
  }

  @Test
  void theDetailsVariantIsReadToo() throws Exception {
    String json = """
        [{"header": "Gemini Apps", "time": "2026-01-05T10:00:00Z", "products": ["Gemini Apps"],
          "details": [{"name": "Request", "value": "What is 2+2?"}, {"name": "Response", "value": "4"}]}]""";
    assertThat(Reads.read(reader, json).conversations()).singleElement()
        .satisfies(c -> assertThat(c.messages()).extracting(ChatMessage::content).containsExactly("What is 2+2?", "4"));
  }

  @Test
  void aTitleWithoutAKnownPrefixIsTakenWholeAsThePrompt() throws Exception {
    String json = """
        [{"header": "Gemini Apps", "title": "Used an extension", "time": "2026-01-05T10:00:00Z",
          "products": ["Gemini Apps"]}]""";
    assertThat(Reads.read(reader, json).conversations().get(0).messages().get(0).content()).isEqualTo("Used an extension");
  }

  @Test
  void aRecordWithNeitherPromptNorAnswerIsLeftOutWithAWarning() throws Exception {
    String json = "[" + record("10:00:00", "kept") + ","
        + "{\"header\": \"Gemini Apps\", \"title\": \"Prompted \", \"time\": \"2026-01-05T10:05:00Z\"}]";
    Reads.Result read = Reads.read(reader, json);
    assertThat(read.conversations()).singleElement().satisfies(c -> assertThat(c.messages()).hasSize(1));
    assertThat(read.skipped()).containsExactly(
        "The Gemini activity of 2026-01-05T10:05:00Z holds neither a prompt nor an answer and was left out.");
  }

  @Test
  void anActivityFileWithoutGeminiRecordsSaysWhatToChooseInTakeout() {
    String json = """
        [{"header": "YouTube", "title": "Watched a video", "time": "2026-01-05T10:00:00Z", "products": ["YouTube"]}]""";
    ParseException empty = catchThrowableOfType(ParseException.class, () -> Reads.read(reader, json));
    assertThat(empty.code()).isEqualTo(ParseException.EMPTY);
    assertThat(empty.getMessage()).isEqualTo("The activity file holds no Gemini Apps activity. In Google Takeout, choose"
        + " My Activity and include the activity type Gemini Apps.");
    assertThat(reader.confidence(json.getBytes())).isBetween(1, 20);
  }

  @Test
  void readsTakeoutsActivityFilesInAZip() {
    assertThat(reader.readsEntry("Takeout/My Activity/Gemini Apps/MyActivity.json")).isTrue();
    assertThat(reader.readsEntry("Takeout/My Activity/Gemini Apps/My Activity.json")).isTrue();
    assertThat(reader.readsEntry("Takeout/Meine Aktivitäten/Gemini-Apps/MyActivity.json")).isTrue();
    assertThat(reader.readsEntry("Takeout/My Activity/Gemini Apps/MyActivity.html")).isFalse();
    assertThat(reader.readsEntry("conversations.json")).isFalse();
  }

  @Test
  void aLargeActivityFileIsReadAndGrouped(@TempDir Path dir) throws Exception {
    // the records are held (compactly) to be sorted, so the first conversation comes after the whole file
    Reads.Streamed read = Reads.streamed(reader, LargeExports.gemini(dir));
    assertThat(read.conversations()).isEqualTo(LargeExports.CONVERSATIONS);
  }

  @Test
  void regeneratedAnswersBranchFromTheAnswerTheyReplace() throws Exception {
    ChatBranch branch = fixture().get(2).branches().get(0);
    ChatMessage replaced = fixture().get(2).messages().get(branch.forkIndex());
    assertThat(replaced.role()).isEqualTo("assistant");
    assertThat(replaced.createdAt()).isEqualTo(branch.messages().get(0).createdAt());
  }
}
