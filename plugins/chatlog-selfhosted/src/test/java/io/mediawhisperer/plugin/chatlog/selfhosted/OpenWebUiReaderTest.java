package io.mediawhisperer.plugin.chatlog.selfhosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open WebUI on the corpus's {@code openwebui-export.json} (three linear chats: reasoning, a tool
 * call, plain) and this module's {@code openwebui-branches.json}, written in the same shape (the
 * corpus file's chat objects, {@code history.messages} linked by {@code parentId}/{@code
 * childrenIds}) with what Open WebUI does on an edit or a regeneration: a second child of the same
 * parent, {@code currentId} naming the leaf shown. Its second chat has the older block forms Open
 * WebUI wrote before {@code output[]} existed: a tool call whose arguments and result are HTML-escaped
 * attributes of the {@code <details type="tool_calls">} tag, a {@code code_interpreter} block, a
 * raw {@code <think>} opening, a chat system prompt in {@code params.system}, and no
 * {@code currentId}. The third chat's parents form a cycle.
 */
class OpenWebUiReaderTest extends ChatExportReaderContract {

  private static final Path EXPORT = Fixtures.corpus("openwebui-export.json");
  private static final Path BRANCHES = Fixtures.own("openwebui-branches.json");

  @Override
  protected ChatExportReader reader() {
    return new OpenWebUiReader();
  }

  @Override
  protected List<Path> samples() {
    return List.of(EXPORT, BRANCHES);
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
    return Optional.of(BRANCHES);
  }

  private Read read(Path file) throws Exception {
    return read(Files.readAllBytes(file));
  }

  private static List<String> roles(ChatConversation c) {
    return c.messages().stream().map(ChatMessage::role).toList();
  }

  @Test
  void readsTheThreeChatsWithTitlesIdsModelsAndTimes() throws Exception {
    List<ChatConversation> chats = read(EXPORT).conversations();
    assertThat(chats).extracting(ChatConversation::title)
        .containsExactly("Chat with reasoning", "Chat with tool call", "Simple linear chat");
    assertThat(chats).extracting(ChatConversation::externalId).containsExactly("reasoning-chat", "tool-chat", "simple-chat");
    assertThat(chats).extracting(ChatConversation::model).containsExactly("deepseek-r1", "gpt-4o", "llama3.1:latest");
    ChatConversation reasoning = chats.get(0);
    assertThat(reasoning.createdAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(reasoning.updatedAt()).isEqualTo(Instant.ofEpochSecond(1700000010));
    assertThat(reasoning.messages()).extracting(ChatMessage::createdAt)
        .containsExactly(Instant.ofEpochSecond(1700000000), Instant.ofEpochSecond(1700000010));
    assertThat(chats).allSatisfy(c -> assertThat(c.branches()).isEmpty());
    assertThat(chats.get(2).messages()).extracting(ChatMessage::role, ChatMessage::content)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "Hello"), org.assertj.core.groups.Tuple.tuple("assistant", "Hi there!"));
  }

  @Test
  void reasoningIsDroppedFromTheAnswer() throws Exception {
    ChatConversation reasoning = read(EXPORT).conversations().get(0);
    assertThat(roles(reasoning)).containsExactly("user", "assistant");
    ChatMessage answer = reasoning.messages().get(1);
    assertThat(answer.content()).isEqualTo("255");
    assertThat(answer.model()).isEqualTo("deepseek-r1");
    assertThat(reasoning.messages()).noneSatisfy(m -> assertThat(m.content()).containsAnyOf("Let me break", "details", "Thought for"));
  }

  @Test
  void aToolCallBecomesAToolMessageBeforeTheAnswer() throws Exception {
    ChatConversation tool = read(EXPORT).conversations().get(1);
    assertThat(roles(tool)).containsExactly("user", "tool", "assistant");
    ChatMessage call = tool.messages().get(1);
    assertThat(call.toolName()).isEqualTo("get_weather");
    assertThat(call.content()).isEqualTo("Called get_weather with {\"city\":\"Paris\"}\n\nResult:\nParis: 18C, rain");
    assertThat(tool.messages().get(2).content()).isEqualTo("The weather in Paris is 18C with rain.");
  }

  @Test
  void theMainThreadIsThePathToCurrentIdAndTheOtherLeavesAreBranches() throws Exception {
    Read read = read(BRANCHES);
    ChatConversation colours = read.conversations().get(0);
    assertThat(colours.title()).isEqualTo("Colours, edited and regenerated");
    // currentId a2: the older of the two edited follow-ups, under the regenerated answer
    assertThat(colours.messages()).extracting(ChatMessage::content)
        .containsExactly("Name a colour.", "Red.", "Why red?", "Because it is a warm colour.");
    assertThat(colours.branches()).hasSize(2);
    ChatBranch regenerated = colours.branches().get(0);
    assertThat(regenerated.forkIndex()).isEqualTo(1);
    assertThat(regenerated.messages()).extracting(ChatMessage::content).containsExactly("Blue.");
    ChatBranch edited = colours.branches().get(1);
    assertThat(edited.forkIndex()).isEqualTo(2);
    assertThat(edited.messages()).extracting(ChatMessage::role, ChatMessage::content).containsExactly(
        org.assertj.core.groups.Tuple.tuple("user", "Why not green?"),
        org.assertj.core.groups.Tuple.tuple("assistant", "Green is a fine colour too."));
  }

  @Test
  void olderBlockFormsASystemPromptAndAMissingCurrentIdAreRead() throws Exception {
    ChatConversation currency = read(BRANCHES).conversations().get(1);
    // no currentId: the last child at each step
    assertThat(roles(currency)).containsExactly("system", "user", "tool", "assistant", "user", "tool", "assistant");
    assertThat(currency.messages().get(0).content()).isEqualTo("You answer in one sentence.");
    ChatMessage call = currency.messages().get(2);
    assertThat(call.toolName()).isEqualTo("convert_currency");
    assertThat(call.externalId()).isEqualTo("call_9");
    assertThat(call.content()).isEqualTo(
        "Called convert_currency with {\"amount\": 100, \"from\": \"USD\", \"to\": \"EUR\"}\n\nResult:\n92.10 EUR");
    assertThat(currency.messages().get(3).content()).isEqualTo("100 USD is about 92.10 EUR.");
    ChatMessage run = currency.messages().get(5);
    assertThat(run.toolName()).isEqualTo("code_interpreter");
    assertThat(run.content()).isEqualTo("```python\nprint(round(100 * 0.921, 2))\n```\n\nOutput:\n92.1");
    assertThat(currency.messages().get(6).content()).isEqualTo("At a rate of 0.921, 100 USD x 0.921 = 92.10 EUR.");
    assertThat(currency.messages()).noneSatisfy(m -> assertThat(m.content()).containsAnyOf("<think>", "currency conversion;", "<details"));
    assertThat(currency.createdAt()).isEqualTo(Instant.ofEpochSecond(1700200000));
    assertThat(currency.branches()).isEmpty();
  }

  @Test
  void aChatWhoseParentsFormACycleIsSkippedWithItsTitle() throws Exception {
    Read read = read(BRANCHES);
    assertThat(read.conversations()).hasSize(2);
    assertThat(read.skipped()).singleElement().asString()
        .startsWith("Conversation 'Broken links' was skipped: ").contains("cycle");
  }

  @Test
  void aReadPastItsTimeLimitStopsWithASentence() throws Exception {
    ParseLimits oneMillisecond = new ParseLimits(5_000, Duration.ofMillis(1), 500, 20L * 1024 * 1024, 50_000_000L);
    List<ChatConversation> handed = new ArrayList<>();
    ChatLogSink slow = new ChatLogSink() {
      @Override
      public void conversation(ChatConversation conversation) {
        handed.add(conversation);
        try {
          Thread.sleep(20); // a slow consumer: the second chat is asked for past the limit
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void skipped(String warning) {
      }
    };
    ParseException e = catchThrowableOfType(ParseException.class, () -> {
      try (InputStream in = Files.newInputStream(EXPORT)) {
        reader().read(in, slow, oneMillisecond);
      }
    });
    assertThat(e.code()).isEqualTo(ParseException.TOO_LARGE);
    assertThat(e.getMessage()).isEqualTo("Reading the Open WebUI export took longer than 1 ms, the limit for one file.");
    assertThat(handed.size()).isLessThanOrEqualTo(1);
  }

  @Test
  void aLargeExportIsReadAsAStream(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chat-export.json");
    int chats = 5_000;
    try (OutputStream out = Files.newOutputStream(file); JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartArray();
      for (int i = 0; i < chats; i++) {
        json.writeStartObject();
        json.writeStringField("id", "chat-" + i);
        json.writeStringField("title", "Chat " + i);
        json.writeObjectFieldStart("chat");
        json.writeObjectFieldStart("history");
        json.writeStringField("currentId", "m" + i + "-3");
        json.writeObjectFieldStart("messages");
        for (int m = 0; m < 4; m++) {
          json.writeObjectFieldStart("m" + i + "-" + m);
          json.writeStringField("id", "m" + i + "-" + m);
          if (m == 0) {
            json.writeNullField("parentId");
          } else {
            json.writeStringField("parentId", "m" + i + "-" + (m - 1));
          }
          json.writeStringField("role", m % 2 == 0 ? "user" : "assistant");
          json.writeStringField("content", "Message " + m + " of chat " + i + ": " + "lorem ipsum ".repeat(20));
          json.writeNumberField("timestamp", 1700000000 + i * 10 + m);
          json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
        json.writeNumberField("created_at", 1700000000 + i * 10);
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    long size = Files.size(file);
    try (Fixtures.Counting in = new Fixtures.Counting(Files.newInputStream(file))) {
      Fixtures.StreamingSink sink = new Fixtures.StreamingSink(in);
      reader().read(in, sink, ParseLimits.defaults());
      assertThat(sink.ids).hasSize(chats);
      assertThat(new HashSet<>(sink.ids)).hasSize(chats);
      assertThat(sink.skipped).isEmpty();
      // the first chat was handed over long before the file was read: one chat at a time on the heap
      assertThat(sink.bytesAtFirst).isPositive().isLessThan(size / 100);
    }
  }

}
