package io.mediawhisperer.plugin.chatlog.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExportReaderContract;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The DeepSeek fixtures and the notes they follow are described in {@link Fixtures}. */
class DeepSeekReaderTest extends ChatExportReaderContract {

  private final DeepSeekReader reader = new DeepSeekReader();

  @Override
  protected ChatExportReader reader() {
    return reader;
  }

  @Override
  protected List<Path> samples() {
    return Fixtures.deepSeek();
  }

  @Override
  protected List<Path> otherExports() {
    return Stream.concat(Fixtures.corpusExcept("deepseek-").stream(), Stream.of(Fixtures.CHATGPT_SHAPED_SAMPLE)).toList();
  }

  @Override
  protected Optional<Path> sampleWithACorruptConversation() {
    return Optional.of(Fixtures.DEEPSEEK_CORRUPT);
  }

  private Read read(Path file) throws Exception {
    return read(Files.readAllBytes(file));
  }

  @Test
  void aLinearExportGivesEachConversationWithoutTheModelsReasoning() throws Exception {
    Read read = read(Fixtures.DEEPSEEK_EXPORT);

    assertThat(read.skipped()).isEmpty();
    assertThat(read.conversations()).extracting(ChatConversation::title)
        .containsExactly("Rust lifetimes in function signatures", "晶振频率误差与累计时间");
    ChatConversation rust = read.conversations().get(0);
    assertThat(rust.externalId()).isEqualTo("8d1f6c2e-3a41-4b8e-9f0a-2c7d5e1b9a01");
    assertThat(rust.messages()).extracting(ChatMessage::role).containsExactly("user", "assistant", "user", "assistant");
    assertThat(rust.branches()).isEmpty();
    assertThat(rust.model()).isNull();
    // THINK fragments are reasoning, not what was said
    assertThat(rust.messages()).noneSatisfy(m -> assertThat(m.content()).contains("elision cannot pick one"));
    assertThat(rust.messages().get(1).content()).startsWith("The return type borrows from either `a` or `b`")
        .contains("```rust\nfn longest<'a>(a: &'a str, b: &'a str) -> &'a str {");
    assertThat(rust.createdAt()).isEqualTo(Instant.parse("2025-03-14T01:21:07.412Z"));
    assertThat(rust.updatedAt()).isEqualTo(Instant.parse("2025-03-14T01:26:45.108Z"));
    assertThat(rust.messages().get(1).createdAt()).isEqualTo(Instant.parse("2025-03-14T01:21:31.905Z"));
    ChatConversation chinese = read.conversations().get(1);
    assertThat(chinese.messages()).extracting(ChatMessage::content)
        .containsExactly("20 ppm 的晶振一天累计误差是多少？", "一天有 86400 秒，20 ppm 的误差约为 86400 × 20 × 10⁻⁶ ≈ 1.73 秒。");
  }

  @Test
  void theThreadFollowsTheLatestReplyAndEditsAndRegenerationsAreBranches() throws Exception {
    ChatConversation lisbon = read(Fixtures.DEEPSEEK_BRANCHES).conversations().get(0);

    assertThat(lisbon.messages()).extracting(ChatMessage::content).containsExactly(
        "Plan three days in Lisbon for a first visit.",
        "Day 1: Baixa and Alfama. Day 2: Belém. Day 3: Bairro Alto and LX Factory.",
        "Make it cheaper, and add a day trip to Sintra.",
        "Keep days 1 and 2, spend day 3 in Sintra (train from Rossio, 2.40 EUR each way) and see Bairro Alto in the evening.");
    assertThat(lisbon.branches()).extracting(ChatBranch::forkIndex).containsExactly(2, 3);
    // the first version of the follow-up prompt and its answer
    assertThat(lisbon.branches().get(0).messages()).extracting(ChatMessage::content)
        .containsExactly("Make it cheaper.", "Swap the tram for walking and eat at tascas: about 40 EUR a day.");
    // the first answer to the edited prompt, before it was regenerated
    assertThat(lisbon.branches().get(1).messages()).extracting(ChatMessage::role).containsExactly("assistant");
    assertThat(lisbon.branches().get(1).messages().get(0).externalId()).isEqualTo("6");
    assertThat(lisbon.warnings()).isEmpty();
  }

  @Test
  void anEntryWithoutMappingAndOneGoingRoundAreSkippedWithTheirTitles() throws Exception {
    Read read = read(Fixtures.DEEPSEEK_CORRUPT);

    assertThat(read.conversations()).extracting(ChatConversation::title).containsExactly("Sourdough starter");
    assertThat(read.skipped()).containsExactly(
        "Conversation 'Lost in the export' was skipped: it has no messages (no mapping).",
        "Conversation 'Going round in circles' was skipped: its messages' parent links form a cycle.");
  }

  @Test
  void unknownFragmentsAreLeftOutWithAWarning() throws Exception {
    String json = """
        [{"id": "x", "title": "Search", "inserted_at": "2025-05-01T08:00:00+08:00", "mapping": {
          "root": {"id": "root", "parent": null, "children": ["1"], "message": null},
          "1": {"id": "1", "parent": "root", "children": ["2"], "message": {"inserted_at": "2025-05-01T08:00:00+08:00",
                "fragments": [{"type": "REQUEST", "content": "news today?"}]}},
          "2": {"id": "2", "parent": "1", "children": [], "message": {"inserted_at": "2025-05-01T08:00:09+08:00",
                "fragments": [{"type": "HOLOGRAM", "content": "..."}, {"type": "RESPONSE", "content": "Nothing new."}]}}}}]
        """;

    ChatConversation search = read(json.getBytes(StandardCharsets.UTF_8)).conversations().get(0);

    assertThat(search.messages()).extracting(ChatMessage::content).containsExactly("news today?", "Nothing new.");
    assertThat(search.warnings())
        .containsExactly("1 message of fragment type 'HOLOGRAM' was left out: this reader does not know that kind.");
  }
}
