package io.mediawhisperer.spi.chatlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChatExportReader} must do, ours or a plugin author's. Extend it in the reader's
 * test class with the reader, its service's sample exports, and documents of other services:
 *
 * <pre>{@code
 * class ClaudeReaderTest extends ChatExportReaderContract {
 *   protected ChatExportReader reader() { return new ClaudeReader(); }
 *   protected List<Path> samples() { return List.of(Path.of("src/test/resources/claude-conversations.json")); }
 *   protected List<Path> otherExports() { return List.of(Corpus.file("chat/chatgpt-export.json")); }
 * }
 * }</pre>
 *
 * <p>The kit needs JUnit 5 and AssertJ on the test classpath; random bytes come from a fixed seed.
 */
public abstract class ChatExportReaderContract {

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern RAW_EXCEPTION_TEXT =
      Pattern.compile("(\\b[a-z]+\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)\\b)|(\\n\\s*at )");

  protected abstract ChatExportReader reader();

  /** JSON documents of this reader's service (not zips), each with at least one conversation. */
  protected abstract List<Path> samples();

  /** Documents of other services, which this reader must rank below its own samples. */
  protected abstract List<Path> otherExports();

  /** A sample holding a conversation that cannot be read beside ones that can, if the reader's tests have one. */
  protected Optional<Path> sampleWithACorruptConversation() {
    return Optional.empty();
  }

  /** Everything the sink was given. */
  protected record Read(List<ChatConversation> conversations, List<String> skipped) {
  }

  protected Read read(byte[] json) throws Exception {
    return read(json, Integer.MAX_VALUE);
  }

  private Read read(byte[] json, int wanted) throws Exception {
    List<ChatConversation> conversations = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(json)) {
      reader().read(in, new ChatLogSink() {
        @Override
        public void conversation(ChatConversation conversation) {
          conversations.add(conversation);
        }

        @Override
        public void skipped(String warning) {
          skipped.add(warning);
        }

        @Override
        public boolean wantsMore() {
          return conversations.size() < wanted;
        }
      }, ParseLimits.defaults());
    }
    return new Read(conversations, skipped);
  }

  private static byte[] bytes(Path file) throws Exception {
    return Files.readAllBytes(file);
  }

  @Test
  void hasAValidNameAndPlatform() {
    assertThat(reader().name()).matches(NAME);
    assertThat(reader().platform()).matches(NAME);
  }

  @Test
  void knowsItsOwnSamplesAndRanksOtherDocumentsBelowThem() throws Exception {
    int lowestOwn = Integer.MAX_VALUE;
    for (Path sample : samples()) {
      int confidence = reader().confidence(head(bytes(sample)));
      assertThat(confidence).as(sample.toString()).isBetween(1, 100);
      lowestOwn = Math.min(lowestOwn, confidence);
    }
    for (Path other : otherExports()) {
      assertThat(reader().confidence(head(bytes(other)))).as(other.toString()).isLessThan(lowestOwn);
    }
    byte[] noise = new byte[4096];
    new Random(13).nextBytes(noise);
    for (byte[] foreign : List.of(noise, "%PDF-1.7\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1),
        "Dear diary, today I talked to a chatbot.".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
        new byte[0])) {
      assertThat(reader().confidence(foreign)).isZero();
    }
  }

  private static byte[] head(byte[] all) {
    return java.util.Arrays.copyOf(all, Math.min(all.length, ChatExportReader.HEAD_BYTES));
  }

  @Test
  void readsEveryConversationOfItsSamplesWithStableIdsAndTheirMessagesInOrder() throws Exception {
    for (Path sample : samples()) {
      Read first = read(bytes(sample));
      assertThat(first.conversations()).as(sample.toString()).isNotEmpty();
      Set<String> ids = new HashSet<>();
      for (ChatConversation c : first.conversations()) {
        assertThat(c.externalId()).as("conversation id").isNotBlank();
        assertThat(ids.add(c.externalId())).as("ids are unique within an export: %s", c.externalId()).isTrue();
        assertThat(c.messages()).allSatisfy(m -> assertThat(m.content()).isNotNull());
        assertThat(c.messages().stream().anyMatch(m -> !m.content().isBlank())).as("a conversation says something").isTrue();
      }
      // reading again gives the same conversations: what a re-import keys on
      Read second = read(bytes(sample));
      assertThat(second.conversations()).extracting(ChatConversation::externalId)
          .containsExactlyElementsOf(first.conversations().stream().map(ChatConversation::externalId).toList());
      assertThat(second.conversations()).extracting(c -> c.messages().size())
          .containsExactlyElementsOf(first.conversations().stream().map(c -> c.messages().size()).toList());
    }
  }

  @Test
  void stopsWhenTheSinkWantsNoMore() throws Exception {
    for (Path sample : samples()) {
      assertThat(read(bytes(sample), 1).conversations()).as(sample.toString()).hasSize(1);
    }
  }

  @Test
  void aDocumentThatIsNoExportFailsWithASentence() {
    for (String json : List.of("{\"hello\": \"world\"}", "[1, 2, 3]", "\"just a string\"", "not json at all")) {
      Throwable thrown = catchThrowable(() -> read(json.getBytes(StandardCharsets.UTF_8)));
      assertThat(thrown).as(json).isInstanceOf(ParseException.class);
      assertThat(((ParseException) thrown).code()).as(json).isIn(ParseException.CORRUPT, ParseException.EMPTY);
      assertThat(thrown.getMessage()).as(json).isNotBlank().doesNotContainPattern(RAW_EXCEPTION_TEXT);
    }
  }

  @Test
  void aTruncatedExportFailsOrKeepsWhatWasWholeButNeverThrowsAnythingElse() throws Exception {
    for (Path sample : samples()) {
      byte[] all = bytes(sample);
      byte[] half = java.util.Arrays.copyOf(all, all.length / 2);
      Throwable thrown = catchThrowable(() -> read(half));
      if (thrown != null) {
        assertThat(thrown).as(sample.toString()).isInstanceOf(ParseException.class);
        assertThat(thrown.getMessage()).doesNotContainPattern(RAW_EXCEPTION_TEXT);
      }
    }
  }

  @Test
  void aCorruptConversationIsSkippedWithAWarningAndTheOthersAreRead() throws Exception {
    Optional<Path> sample = sampleWithACorruptConversation();
    if (sample.isEmpty()) {
      return; // the reader's own tests have no such sample; nothing to check
    }
    Read read = read(bytes(sample.get()));
    assertThat(read.conversations()).isNotEmpty();
    assertThat(read.skipped()).isNotEmpty().allSatisfy(w -> assertThat(w).doesNotContainPattern(RAW_EXCEPTION_TEXT));
  }

  @Test
  void isSafeToUseFromSeveralThreadsAtOnce() throws Exception {
    Path sample = samples().get(0);
    byte[] json = bytes(sample);
    int expected = read(json).conversations().size();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> counts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        counts.add(pool.submit(() -> read(json).conversations().size()));
      }
      for (Future<Integer> count : counts) {
        assertThat(count.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
