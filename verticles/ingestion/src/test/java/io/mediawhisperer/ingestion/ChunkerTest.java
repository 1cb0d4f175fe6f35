package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Page;
import io.mediawhisperer.spi.parser.ParsedSource.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  /** One token per word, window of 126: enough to check the packing rules exactly. */
  private static final TokenCounter WORDS = new TokenCounter() {
    @Override
    public int count(String text) {
      String t = text.trim();
      return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    @Override
    public int maxTokens() {
      return 126;
    }
  };

  private static ParsedSource pdf(String... pages) {
    List<Page> list = new ArrayList<>();
    for (int i = 0; i < pages.length; i++) {
      list.add(new Page(i + 1, pages[i]));
    }
    return new ParsedSource("pdf", null, Map.of(), list, List.of(), List.of(), List.of());
  }

  private static String sentences(String prefix, int count, int wordsEach) {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < count; s++) {
      for (int w = 0; w < wordsEach; w++) {
        text.append(w == 0 ? prefix + s : "word").append(w == wordsEach - 1 ? ". " : " ");
      }
    }
    return text.toString();
  }

  @Test
  void chunksStayWithinTheSizeEndOnSentencesAndNeverSpanPages() {
    List<Chunker.Chunk> chunks = new Chunker(WORDS, 40, 20).chunk(pdf(sentences("a", 20, 10), sentences("b", 3, 10)));

    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.tokenCount()).isLessThanOrEqualTo(40);
      assertThat(c.text()).endsWith(".");
      assertThat(c.pageStart()).isEqualTo(c.pageEnd());
    });
    assertThat(chunks).extracting(Chunker.Chunk::seq).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
    assertThat(chunks.get(chunks.size() - 1).pageStart()).isEqualTo(2);
    assertThat(chunks.stream().filter(c -> c.pageStart() == 2).findFirst().orElseThrow().text()).startsWith("b0 ");
  }

  @Test
  void consecutiveChunksOverlapByWholeSentences() {
    List<Chunker.Chunk> chunks = new Chunker(WORDS, 40, 25).chunk(pdf(sentences("s", 12, 10)));

    assertThat(chunks.size()).isGreaterThan(2);
    for (int i = 1; i < chunks.size(); i++) {
      String previous = chunks.get(i - 1).text();
      String firstSentence = chunks.get(i).text().substring(0, chunks.get(i).text().indexOf('.') + 1);
      assertThat(previous).as("chunk %d starts with the end of chunk %d", i, i - 1).endsWith(firstSentence);
    }
  }

  @Test
  void everySentenceIsInSomeChunk() {
    String text = sentences("x", 30, 7);
    List<Chunker.Chunk> chunks = new Chunker(WORDS, 50, 0).chunk(pdf(text));
    for (int s = 0; s < 30; s++) {
      String marker = "x" + s + " ";
      assertThat(chunks).as(marker).anyMatch(c -> c.text().contains(marker));
    }
    assertThat(String.join(" ", chunks.stream().map(Chunker.Chunk::text).toList())).isEqualTo(text.trim());
  }

  @Test
  void aSentenceLongerThanAChunkIsCutAtWords() {
    String monster = "w ".repeat(300).trim() + ".";
    List<Chunker.Chunk> chunks = new Chunker(WORDS, 100, 0).chunk(pdf(monster));
    assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c.tokenCount()).isLessThanOrEqualTo(100));
  }

  @Test
  void theModelWindowCapsTheConfiguredSize() {
    assertThat(new Chunker(WORDS, 512, 20).size()).isEqualTo(126);
  }

  @Test
  void hyphenatedLineBreaksAreJoined() {
    List<Chunker.Chunk> chunks = new Chunker(WORDS, 100, 0).chunk(pdf("The trace-based compi-\nler is fast."));
    assertThat(chunks.get(0).text()).isEqualTo("The trace-based compiler is fast.");
  }

  @Test
  void transcriptChunksKeepTheirTimesAndPreferSentenceEnds() {
    List<Segment> cues = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      cues.add(new Segment(i * 2.0, i * 2.0 + 2.0, i % 4 == 3 ? "and that is all." : "one two three"));
    }
    ParsedSource transcript = new ParsedSource("transcript", null, Map.of(), List.of(), cues, List.of(), List.of());

    List<Chunker.Chunk> chunks = new Chunker(WORDS, 30, 0).chunk(transcript);

    assertThat(chunks.get(0).start()).isEqualTo(0.0);
    assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(80.0);
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).start()).isEqualTo(chunks.get(i - 1).end());
    }
    assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.text()).endsWith("all."));
    assertThat(chunks).allSatisfy(c -> assertThat(c.pageStart()).isNull());
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new Chunker(WORDS, 4, 20)).hasMessageContaining("at least 8");
    assertThatThrownBy(() -> new Chunker(WORDS, 100, 80)).hasMessageContaining("between 0 and 50");
  }
}
