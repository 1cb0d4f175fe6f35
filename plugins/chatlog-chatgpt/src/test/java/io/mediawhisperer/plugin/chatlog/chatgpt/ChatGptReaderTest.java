package io.mediawhisperer.plugin.chatlog.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChatGptReaderTest extends ChatExportReaderContract {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatGptReader reader = new ChatGptReader();

  @Override
  protected ChatExportReader reader() {
    return reader;
  }

  @Override
  protected List<Path> samples() {
    return Stream.concat(Fixtures.chatGpt().stream(), Stream.of(Fixtures.CHATGPT_SHAPED_SAMPLE)).toList();
  }

  @Override
  protected List<Path> otherExports() {
    return Stream.concat(Fixtures.corpusExcept("chatgpt-").stream(), Fixtures.deepSeek().stream()).toList();
  }

  @Override
  protected Optional<Path> sampleWithACorruptConversation() {
    return Optional.of(Fixtures.corpus("chatgpt-modern-export.json"));
  }

  private Read read(Path file) throws Exception {
    return read(Files.readAllBytes(file));
  }

  private static List<String> roles(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::role).toList();
  }

  @Test
  void theWebSearchExportKeepsToolCallsAndResultsAndMakesCitationsReadable() throws Exception {
    Read read = read(Fixtures.corpus("chatgpt-export.json"));

    assertThat(read.skipped()).isEmpty();
    assertThat(read.conversations()).extracting(ChatConversation::title).containsExactly("Conversation 1. Web Search", "Conversation 2");
    ChatConversation search = read.conversations().get(0);
    assertThat(search.externalId()).isEqualTo("d6523d1e-7ec3-474f-a363-0e9dffdb3d93");
    assertThat(search.createdAt()).isEqualTo(Instant.parse("2024-01-07T12:18:35.775304Z"));
    assertThat(search.updatedAt()).isEqualTo(Instant.parse("2024-01-08T12:37:22.442031Z"));
    assertThat(search.model()).isEqualTo("gpt-4");
    assertThat(search.branches()).isEmpty();
    assertThat(search.warnings()).isEmpty();
    // 16 message nodes: the hidden system one goes; 4 calls to the browser and 5 results are tool messages
    assertThat(roles(search.messages())).containsExactly("user", "tool", "tool", "tool", "tool", "tool", "assistant",
        "user", "tool", "tool", "tool", "tool", "assistant", "user", "assistant");
    assertThat(search.messages()).filteredOn(m -> m.role().equals("tool")).extracting(ChatMessage::toolName).containsOnly("browser");
    ChatMessage call = search.messages().get(1);
    assertThat(call.content()).isEqualTo("```\nsearch(\"Volkswagen Transporter fuel consumption with 8 people l/km\")\n```");
    assertThat(call.model()).isEqualTo("gpt-4");
    ChatMessage results = search.messages().get(2);
    assertThat(results.content()).startsWith("# [0] Volkswagen Transporter MPG - Actual MPG from 528 Volkswagen ... - Fuelly (www.fuelly.com)")
        .doesNotContain("【");
    assertThat(results.model()).isNull();
    assertThat(search.messages().get(4).content())
        .startsWith("2021 Volkswagen Transporter T6.1 L2H1 2.0 TDI 110HP specs, dimensions (https://www.ultimatespecs.com/");

    ChatMessage firstAnswer = search.messages().get(6);
    assertThat(firstAnswer.model()).isEqualTo("gpt-4");
    assertThat(firstAnswer.createdAt()).isNotNull();
    assertThat(firstAnswer.content()).doesNotContain("【", "†")
        .endsWith("maintenance of the vehicle [source: 2021 Volkswagen Transporter T6.1 L2H1 2.0 TDI 110HP specs, dimensions]"
            + " [source: Volkswagen Transporter Review - Drive].");
    assertThat(search.messages().getLast().content())
        .endsWith("deceleration [source: Volkswagen Transporter TDI340 2014 - Pricing & Specifications | carsales.com.au].");

    ChatConversation code = read.conversations().get(1);
    assertThat(roles(code.messages())).containsExactly("user", "assistant", "user", "assistant");
    assertThat(code.model()).isEqualTo("text-davinci-002-render-sha");
    assertThat(code.messages().get(1).content()).contains("```python\ndef find_intersection(intervals):");
    assertThat(code.messages().get(3).content()).contains("```csharp\nusing System;");
  }

  @Test
  void theTreeGivesThePathToTheCurrentNodeAndTheOtherPathsAsBranches() throws Exception {
    ChatConversation tree = read(Fixtures.corpus("chatgpt-tree.json")).conversations().get(0);

    assertThat(tree.title()).isEqualTo("Assist user with summary");
    assertThat(tree.model()).isEqualTo("text-davinci-002-render-sha");
    // the current path holds 7 message nodes; the first is the hidden system one
    assertThat(tree.messages()).extracting(ChatMessage::content).containsExactly("hi there", "Hello! How can I assist you today?",
        "hi again", "Hey! Welcome back. What's on your mind?", "tell me a joke",
        "Sure, here's one for you:\n\nWhy don't scientists trust atoms?\n\nBecause they make up everything!");
    assertThat(roles(tree.messages())).containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
    assertThat(tree.branches()).extracting(ChatBranch::forkIndex).containsExactly(2, 5);
    ChatBranch edited = tree.branches().get(0);
    assertThat(edited.messages()).extracting(ChatMessage::content).first().isEqualTo("so cool bro");
    assertThat(roles(edited.messages())).containsExactly("user", "assistant", "user", "assistant");
    // the interrupted answer is kept as far as it got
    assertThat(edited.messages().getLast().content()).endsWith("in a small village nestled between rolling");
    ChatBranch regenerated = tree.branches().get(1);
    assertThat(roles(regenerated.messages())).containsExactly("assistant");
    assertThat(regenerated.messages().get(0).externalId()).startsWith("d0d2a7df");
    assertThat(tree.warnings()).isEmpty();
  }

  @Test
  void withoutACurrentNodeTheThreadFollowsTheLastChildAtEachStep() throws Exception {
    ArrayNode export = (ArrayNode) JSON.readTree(Fixtures.corpus("chatgpt-tree.json").toFile());
    ((ObjectNode) export.get(0)).remove("current_node");

    ChatConversation tree = read(JSON.writeValueAsBytes(export)).conversations().get(0);

    assertThat(tree.messages()).hasSize(6);
    assertThat(tree.messages().getLast().externalId()).startsWith("f63b8e17");
    assertThat(tree.branches()).extracting(ChatBranch::forkIndex).containsExactly(2, 5);
    assertThat(tree.warnings()).isEmpty();
  }

  @Test
  void anExcerptWhoseParentsAndCurrentNodeAreMissingIsReadAsFarAsItGoes() throws Exception {
    Read read = read(Fixtures.corpus("chatgpt-citations.json"));

    assertThat(read.skipped()).isEmpty();
    ChatConversation excerpt = read.conversations().get(0);
    assertThat(excerpt.title()).isEqualTo("Citation Convo");
    assertThat(roles(excerpt.messages())).containsExactly("tool", "assistant");
    assertThat(excerpt.messages().get(0).toolName()).isEqualTo("browser");
    assertThat(excerpt.messages().get(0).content()).startsWith("# [0] Signal Sciences - Crunchbase Company Profile & Funding (www.crunchbase.com)");
    assertThat(excerpt.messages().get(1).content()).doesNotContain("【", "†")
        .contains("hybrid environments [source: Signal Sciences - Crunchbase Company Profile & Funding]"
            + " [source: Demand More from Your WAF - Signal Sciences now part of Fastly].")
        .endsWith("operating online [source: Fastly Completes Acquisition of Signal Sciences | Fastly]"
            + " [source: Fastly Agrees to Acquire Signal Sciences for $775 Million - Cooley].");
    assertThat(excerpt.warnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains("first messages are not in the file"))
        .anySatisfy(w -> assertThat(w).contains("current one is not in the file"));
  }

  @Test
  void theModernExportHidesTheUserContextAndSkipsTheEntryWithoutMapping() throws Exception {
    Read read = read(Fixtures.corpus("chatgpt-modern-export.json"));

    assertThat(read.skipped()).containsExactly("Conversation 'Corrupted entry' was skipped: it has no messages (no mapping).");
    assertThat(read.conversations()).extracting(ChatConversation::title).containsExactly("Deploying the staging cluster", "Weeknight pasta");
    ChatConversation deploy = read.conversations().get(0);
    assertThat(deploy.model()).isEqualTo("gpt-5-thinking");
    assertThat(roles(deploy.messages())).containsExactly("user", "assistant", "user", "assistant");
    assertThat(deploy.messages()).noneSatisfy(m -> assertThat(m.content()).contains("SRE"));
    assertThat(deploy.messages()).extracting(ChatMessage::model).containsExactly(null, null, null, "o4-mini");
    assertThat(deploy.messages().get(0).createdAt()).isEqualTo(Instant.ofEpochSecond(1756000001));
    assertThat(deploy.createdAt()).isEqualTo(Instant.parse("2025-08-24T01:46:40.123456Z"));
    ChatConversation pasta = read.conversations().get(1);
    assertThat(pasta.messages()).extracting(ChatMessage::content).containsExactly("Something with anchovies?", "Puttanesca.");
    assertThat(pasta.model()).isEqualTo("gpt-5");
  }

  @Test
  void aChatGptShapedExportOfAnotherServiceIsReadToo() throws Exception {
    ChatConversation sample = read(Fixtures.CHATGPT_SHAPED_SAMPLE).conversations().get(0);

    assertThat(sample.externalId()).isEqualTo("heraclitus-example");
    assertThat(roles(sample.messages())).containsExactly("user", "assistant", "user", "assistant");
    assertThat(sample.model()).isEqualTo("deepseek-chat");
    assertThat(sample.messages().get(0).createdAt()).isEqualTo(Instant.parse("2024-02-03T18:00:00Z"));
    assertThat(sample.messages().getLast().content()).startsWith("```python\n");
  }

  @Test
  void aConversationWhoseParentsGoRoundIsSkippedAndTheOthersAreRead() throws Exception {
    String json = """
        [{"title": "Loop", "conversation_id": "c-loop", "current_node": "a", "mapping": {
            "a": {"id": "a", "parent": "b", "children": ["b"], "message": {"author": {"role": "user"},
                  "content": {"content_type": "text", "parts": ["round"]}}},
            "b": {"id": "b", "parent": "a", "children": ["a"], "message": {"author": {"role": "assistant"},
                  "content": {"content_type": "text", "parts": ["and round"]}}}}},
         {"title": "Fine", "conversation_id": "c-fine", "current_node": "u", "mapping": {
            "r": {"id": "r", "parent": null, "children": ["u"], "message": null},
            "u": {"id": "u", "parent": "r", "children": [], "message": {"author": {"role": "user"},
                  "content": {"content_type": "text", "parts": ["hello"]}}}}}]
        """;

    Read read = read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(read.conversations()).extracting(ChatConversation::externalId).containsExactly("c-fine");
    assertThat(read.skipped()).containsExactly("Conversation 'Loop' was skipped: its messages' parent links form a cycle.");
  }

  @Test
  void unknownContentIsLeftOutWithAWarningAndAConversationOfNothingElseIsSkipped() throws Exception {
    String json = """
        [{"title": "Mixed", "conversation_id": "c-mixed", "current_node": "b", "mapping": {
            "a": {"id": "a", "parent": null, "children": ["b"], "message": {"author": {"role": "user"},
                  "content": {"content_type": "text", "parts": ["draw me a sheep"]}}},
            "b": {"id": "b", "parent": "a", "children": [], "message": {"author": {"role": "assistant"},
                  "content": {"content_type": "hologram", "frames": 3}}}}},
         {"title": "Only holograms", "conversation_id": "c-holo", "current_node": "a", "mapping": {
            "a": {"id": "a", "parent": null, "children": [], "message": {"author": {"role": "assistant"},
                  "content": {"content_type": "hologram", "frames": 1}}}}}]
        """;

    Read read = read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(read.conversations()).hasSize(1);
    assertThat(read.conversations().get(0).messages()).extracting(ChatMessage::content).containsExactly("draw me a sheep");
    assertThat(read.conversations().get(0).warnings())
        .containsExactly("1 message of content type 'hologram' was left out: this reader does not know that kind.");
    assertThat(read.skipped()).containsExactly("Conversation 'Only holograms' was skipped: it holds no message that can be"
        + " read (only messages of kinds this reader does not know: content type 'hologram').");
  }

  @Test
  void aConversationWithoutAnIdGetsOneDerivedFromItsStartThatRereadingKeeps() throws Exception {
    ArrayNode export = (ArrayNode) JSON.readTree(Fixtures.corpus("chatgpt-export.json").toFile());
    for (var conversation : export) {
      ((ObjectNode) conversation).remove(List.of("conversation_id", "id"));
    }
    byte[] json = JSON.writeValueAsBytes(export);

    List<String> ids = read(json).conversations().stream().map(ChatConversation::externalId).toList();

    assertThat(ids).hasSize(2).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("derived-[0-9a-f]{32}"));
    assertThat(read(json).conversations()).extracting(ChatConversation::externalId).containsExactlyElementsOf(ids);
  }

  @Test
  void readingPastTheTimeLimitFailsWithASentence() {
    ParseLimits noTime = new ParseLimits(5_000, Duration.ZERO, 500, 1, 1);
    List<ChatConversation> read = new ArrayList<>();

    ParseException thrown = catchThrowableOfType(ParseException.class, () -> reader.read(
        new ByteArrayInputStream(Files.readAllBytes(Fixtures.corpus("chatgpt-export.json"))), collectInto(read), noTime));

    assertThat(thrown.code()).isEqualTo(ParseException.TOO_LARGE);
    assertThat(thrown.getMessage()).startsWith("Reading the export took longer than the limit of 0 seconds");
  }

  @Test
  void anEmptyListAndABareObjectAreNoExports() {
    ParseException empty = catchThrowableOfType(ParseException.class, () -> read("[]".getBytes(StandardCharsets.UTF_8)));
    assertThat(empty.code()).isEqualTo(ParseException.EMPTY);
    assertThat(empty.getMessage()).isEqualTo("The export holds no conversations.");

    ParseException other = catchThrowableOfType(ParseException.class,
        () -> read("[{\"uuid\": \"x\", \"chat_messages\": []}]".getBytes(StandardCharsets.UTF_8)));
    assertThat(other.code()).isEqualTo(ParseException.CORRUPT);
    assertThat(other.getMessage()).isEqualTo("The file is not a ChatGPT export: its first entry is not a conversation.");
  }

  static ChatLogSink collectInto(List<ChatConversation> conversations) {
    return new ChatLogSink() {
      @Override
      public void conversation(ChatConversation conversation) {
        conversations.add(conversation);
      }

      @Override
      public void skipped(String warning) {
      }
    };
  }
}
