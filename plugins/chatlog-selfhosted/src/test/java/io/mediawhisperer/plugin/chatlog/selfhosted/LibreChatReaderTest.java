package io.mediawhisperer.plugin.chatlog.selfhosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LibreChat on the corpus's four exports (LibreChat's own importer test data) and this module's
 * {@code librechat-agents.json}: an agents-endpoint answer whose {@code text} is empty and whose
 * {@code content} parts are {@code think}, {@code text}, {@code tool_call} ({@code {id, name,
 * args, output, progress, type}}) and {@code text}, as LibreChat's message content part types
 * ({@code TMessageContentParts} in its data-provider package) define them.
 */
class LibreChatReaderTest extends ChatExportReaderContract {

  private static final Path EXPORT = Fixtures.corpus("librechat-export.json");
  private static final Path TREE = Fixtures.corpus("librechat-tree.json");
  private static final Path FLAT_BRANCHES = Fixtures.corpus("librechat-opts-nonr-branches.json");
  private static final Path LINEAR = Fixtures.corpus("librechat-linear.json");
  private static final Path AGENTS = Fixtures.own("librechat-agents.json");

  @Override
  protected ChatExportReader reader() {
    return new LibreChatReader();
  }

  @Override
  protected List<Path> samples() {
    return List.of(EXPORT, TREE, FLAT_BRANCHES, LINEAR, AGENTS);
  }

  @Override
  protected List<Path> otherExports() {
    try {
      return Fixtures.allExcept(samples());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ChatConversation only(Path file) throws Exception {
    Read read = read(Files.readAllBytes(file));
    assertThat(read.skipped()).isEmpty();
    assertThat(read.conversations()).hasSize(1);
    return read.conversations().get(0);
  }

  private static List<String> roles(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::role).toList();
  }

  @Test
  void aRecursiveLinearExportIsOneThreadWithItsTitleModelAndTimes() throws Exception {
    ChatConversation c = only(EXPORT);
    assertThat(c.externalId()).isEqualTo("af1ea676-f525-444f-a9ed-7c8dbf062733");
    assertThat(c.title()).isEqualTo("Conversation 1. Web Search");
    assertThat(c.model()).isEqualTo("gpt-3.5-turbo"); // options.model: the messages name none
    assertThat(roles(c.messages())).containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
    assertThat(c.messages().get(2).content()).isEqualTo("What about 10 year old model");
    assertThat(c.messages().get(1).model()).isEqualTo("gpt-3.5-turbo");
    assertThat(c.messages().get(0).model()).isNull();
    assertThat(c.branches()).isEmpty();
    assertThat(c.createdAt()).isEqualTo(Instant.parse("2024-04-09T14:32:05.230Z"));
    assertThat(c.updatedAt()).isEqualTo(Instant.parse("2024-04-09T14:32:05.266Z"));
    assertThat(c.messages().get(0).createdAt()).isEqualTo(Instant.parse("2024-04-09T14:32:05.230Z"));
  }

  @Test
  void aTreeWithTwoBranchPointsKeepsTheLastSiblingsThreadAndTwoBranches() throws Exception {
    ChatConversation c = only(TREE);
    assertThat(c.title()).isEqualTo("Troubleshooting Python Virtual Environment Activation Issue");
    assertThat(c.model()).isEqualTo("gpt-4-turbo");
    // options.promptPrefix opens the thread; no leaf past the first answer has a time, so the last sibling wins
    assertThat(roles(c.messages())).containsExactly("system", "user", "assistant", "user", "assistant");
    assertThat(c.messages().get(0).content()).isEqualTo("You are an expert software engineer.");
    assertThat(c.messages().get(3).content()).isEqualTo("lol");
    assertThat(c.messages().get(4).content()).startsWith("It looks like you might have been amused");
    // both other leaves start at the first follow-up "thanks", an alternative to "lol" (index 3);
    // the second branch point, two answers to "thanks", splits them
    assertThat(c.branches()).extracting(ChatBranch::forkIndex).containsExactly(3, 3);
    assertThat(c.branches()).extracting(b -> b.messages().stream().map(ChatMessage::externalId).toList()).containsExactly(
        List.of("6e4c95ca-fcb1-4869-adc3-b4bcec83a270", "5da2cdce-87f7-46b4-87c5-e8224e5d5125"),
        List.of("6e4c95ca-fcb1-4869-adc3-b4bcec83a270", "64ed7568-bdcf-42a9-b34a-73386d4d99dc",
            "f82cca6f-7d2b-4fc1-9d5a-636acc137368", "ad7b6ec6-aaa4-434c-9188-def6aadbb2bf"));
    assertThat(c.branches().get(0).messages()).extracting(ChatMessage::role, ChatMessage::content).first()
        .isEqualTo(tuple("user", "thanks"));
    assertThat(roles(c.branches().get(1).messages())).containsExactly("user", "assistant", "user", "assistant");
    assertThat(c.branches().get(1).messages().get(2).content()).isEqualTo("does coding make you happy");
    assertThat(c.messages().get(2).model()).isEqualTo("gpt-4-turbo");
  }

  @Test
  void aFlatListWithTwoRootPromptsFollowsTheNewestLeafAndKeepsTheOtherRootAsBranches() throws Exception {
    ChatConversation c = only(FLAT_BRANCHES);
    assertThat(c.title()).isEqualTo("Original");
    assertThat(c.messages()).extracting(ChatMessage::role, ChatMessage::content)
        .first().isEqualTo(tuple("user", "tell me a long long story"));
    assertThat(c.messages()).extracting(ChatMessage::externalId)
        .containsExactly("599e1908-8c52-4a73-ba6b-f6dffbd79ba0", "de9a4e7c-020d-4856-a5a6-ce6794efef99");
    // the first root prompt and its two answers (one unfinished): two branches from the start
    assertThat(c.branches()).extracting(ChatBranch::forkIndex).containsExactly(0, 0);
    assertThat(c.branches()).extracting(b -> b.messages().stream().map(ChatMessage::externalId).toList()).containsExactly(
        List.of("115a6247-8fb0-4937-a536-12956669098d", "069b9c22-7649-45a9-b90b-fc050533ea21"),
        List.of("115a6247-8fb0-4937-a536-12956669098d", "303e4c2c-f03e-4e0a-8551-c96ec73be5fe"));
    // an answer cut off is kept as written
    assertThat(c.branches().get(1).messages().get(1).content()).endsWith("majestic mountains shielded");
    assertThat(c.createdAt()).isEqualTo(Instant.parse("2024-05-28T18:08:55.014Z"));
    assertThat(c.updatedAt()).isEqualTo(Instant.parse("2024-05-28T18:14:20.349Z"));
  }

  @Test
  void aLinearExportWithANullFirstParentIsOneThread() throws Exception {
    ChatConversation c = only(LINEAR);
    assertThat(c.title()).isEqualTo("Adventure Across Time and Space");
    assertThat(roles(c.messages())).containsExactly("user", "assistant");
    assertThat(c.model()).isEqualTo("gpt-4o"); // no options: the answer's model
    assertThat(c.messages().get(1).content()).endsWith("the grand city of Lumina, known");
    assertThat(c.branches()).isEmpty();
  }

  @Test
  void contentPartsDropThinkingAndKeepTheToolCallBetweenTheTexts() throws Exception {
    ChatConversation c = only(AGENTS);
    assertThat(roles(c.messages())).containsExactly("user", "assistant", "tool", "assistant");
    assertThat(c.messages().get(1).content()).isEqualTo("Let me check the current conditions.");
    ChatMessage call = c.messages().get(2);
    assertThat(call.toolName()).isEqualTo("get_weather");
    assertThat(call.externalId()).isEqualTo("call_Xq7pP2");
    assertThat(call.content()).isEqualTo("Called get_weather with {\"city\":\"Paris\"}\n\nResult:\nParis: 18C, light rain, wind 12 km/h");
    assertThat(c.messages().get(3).content()).isEqualTo("It is 18C in Paris with light rain and a 12 km/h wind.");
    assertThat(c.messages()).noneSatisfy(m -> assertThat(m.content()).contains("I should call"));
    assertThat(c.messages().get(3).model()).isEqualTo("gpt-4o");
    assertThat(c.model()).isEqualTo("gpt-4o");
  }

  @Test
  void aConversationWhoseParentsFormACycleFailsTheReadWithASentence() {
    String json = """
        {"conversationId": "c-1", "title": "Looped", "recursive": false, "messages": [
          {"messageId": "a", "parentMessageId": "b", "isCreatedByUser": true, "text": "hi"},
          {"messageId": "b", "parentMessageId": "a", "isCreatedByUser": false, "text": "hello"}]}
        """;
    ParseException e = catchThrowableOfType(ParseException.class, () -> read(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(e.getMessage()).startsWith("The LibreChat conversation 'Looped' cannot be read: ").contains("cycle");
  }

  @Test
  void anExportWithNoMessagesIsEmpty() {
    ParseException e = catchThrowableOfType(ParseException.class,
        () -> read("{\"conversationId\": \"c-2\", \"title\": \"x\", \"messages\": []}".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.code()).isEqualTo(ParseException.EMPTY);
  }

  @Test
  void aLongRecursiveExportNestedTenThousandDeepIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("long.json");
    int messages = 10_000;
    JsonFactory deepWriter = JsonFactory.builder()
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(4 * messages).build()).build();
    try (OutputStream out = Files.newOutputStream(file); JsonGenerator json = deepWriter.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("conversationId", "long-one");
      json.writeStringField("title", "A long chat");
      json.writeBooleanField("recursive", true);
      json.writeFieldName("messages");
      for (int i = 0; i < messages; i++) {
        json.writeStartArray();
        json.writeStartObject();
        json.writeStringField("messageId", "m" + i);
        json.writeStringField("parentMessageId", i == 0 ? "00000000-0000-0000-0000-000000000000" : "m" + (i - 1));
        json.writeBooleanField("isCreatedByUser", i % 2 == 0);
        json.writeStringField("text", "Message " + i);
        json.writeStringField("createdAt", Instant.ofEpochSecond(1_700_000_000L + i).toString());
        json.writeFieldName("children");
      }
      json.writeStartArray();
      json.writeEndArray();
      for (int i = 0; i < messages; i++) {
        json.writeEndObject();
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    ChatConversation c = only(file);
    assertThat(c.messages()).hasSize(messages);
    assertThat(c.messages().get(messages - 1).content()).isEqualTo("Message " + (messages - 1));
    assertThat(c.branches()).isEmpty();
    assertThat(c.updatedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L + messages - 1));
  }
}
