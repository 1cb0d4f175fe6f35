package io.mediawhisperer.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.plugin.content.basic.LinkedInPost;
import io.mediawhisperer.plugin.parser.pdf.PdfParser;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.text.WritingText;
import io.mediawhisperer.testsupport.eval.EvalDocuments;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A LinkedIn post written offline from what retrieval finds in a real manual ("An Introduction to
 * R"): its chunks, like ingestion's, keep the pages' running headers and page numbers glued into
 * their sentences ("Chapter 7: Reading data from files 35 All the datasets ..."). The post's key
 * points are whole sentences of the manual without that furniture, each made once and cited with
 * the passage it comes from, and its summary does not repeat them.
 */
class PostCorpusTest {

  private static final Pattern MARKER = Pattern.compile("\\s*\\[(\\d+)]$");

  @Test
  @SuppressWarnings("unchecked")
  void aPostFromAManualsChunksHasCleanCitedKeyPointsOnce() throws Exception {
    ParsedSource manual = new PdfParser().parse(EvalDocuments.fromEnvironment().require("R-intro.pdf"), ParseLimits.defaults());
    String topic = "reading data from files";
    List<Passage> hits = retrieve(topic, chunks(manual), 8);
    // the fixture is what the issue saw: furniture glued to sentences in what retrieval hands over
    assertThat(hits).anySatisfy(h -> assertThat(h.text()).containsPattern("Chapter 7: Reading data from files \\d+ "));

    ChatModel model = ServiceLoader.load(ChatModelProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("extractive")).findFirst().orElseThrow().open(PluginSettings.empty());
    Map<String, Object> values = new LinkedInPost().fill(topic, new Tools(model, topic, hits));
    Templates templates = new Templates();
    String post = templates.render(templates.compile(new LinkedInPost().defaultTemplate()), values);
    System.out.println(post);

    List<String> points = (List<String>) values.get("key_points");
    assertThat(points).hasSizeGreaterThanOrEqualTo(3);
    List<String> bare = new ArrayList<>();
    for (String point : points) {
      Matcher marker = MARKER.matcher(point);
      assertThat(marker.find()).as("\"%s\" is cited", point).isTrue();
      String sentence = point.substring(0, marker.start());
      Passage cited = hits.get(Integer.parseInt(marker.group(1)) - 1);
      assertThat(cited.text().replaceAll("\\s+", " ")).as("[%s] holds \"%s\"", marker.group(1), sentence).contains(sentence);
      assertThat(WritingText.fitToWrite(sentence)).as("\"%s\" stands alone", sentence).isTrue();
      assertThat(sentence).doesNotContainPattern("Chapter \\d+:|An Introduction to R|\\b\\d{1,3} \\d{1,2} \\p{Lu}");
      assertThat(bare).noneMatch(other -> WritingText.sameThing(other, sentence));
      bare.add(sentence);
    }
    String summary = (String) values.get("summary");
    assertThat(summary).isNotBlank();
    for (String sentence : io.mediawhisperer.spi.text.SentenceSplitter.split(summary)) {
      assertThat(bare).as("the summary repeats a key point: \"%s\"", sentence).noneMatch(p -> WritingText.sameThing(p, sentence));
      assertThat(WritingText.fitToWrite(sentence)).as("\"%s\" stands alone", sentence).isTrue();
    }
    assertThat(post).doesNotContain("Chapter 7:").contains("[" + MARKER.matcher(points.getFirst()).results().findFirst().orElseThrow().group(1) + "]");
  }

  /** The pages cut into chunks of about 600 characters at sentence ends, whitespace collapsed, never across pages, as ingestion's chunker cuts them. */
  private static List<Passage> chunks(ParsedSource parsed) {
    List<Passage> chunks = new ArrayList<>();
    for (ParsedSource.Page page : parsed.pages()) {
      String text = page.text().replaceAll("\\s+", " ").strip();
      BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
      sentences.setText(text);
      StringBuilder chunk = new StringBuilder();
      for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
        if (!chunk.isEmpty() && chunk.length() + end - start > 600) {
          chunks.add(new Passage(chunks.size() + 1, "An Introduction to R", "p. " + page.number(), chunk.toString().strip()));
          chunk.setLength(0);
        }
        chunk.append(text, start, end);
      }
      if (!chunk.toString().isBlank()) {
        chunks.add(new Passage(chunks.size() + 1, "An Introduction to R", "p. " + page.number(), chunk.toString().strip()));
      }
    }
    return chunks;
  }

  /** A stand-in for hybrid search: the chunks holding most of the topic's words, rarer words weighing more; renumbered as hits. */
  private static List<Passage> retrieve(String topic, List<Passage> chunks, int k) {
    String[] words = topic.toLowerCase(Locale.ROOT).split("\\s+");
    double[] idf = new double[words.length];
    for (int w = 0; w < words.length; w++) {
      String word = words[w];
      long df = chunks.stream().filter(c -> c.text().toLowerCase(Locale.ROOT).contains(word)).count();
      idf[w] = Math.log(1 + (double) chunks.size() / Math.max(1, df));
    }
    List<Passage> ranked = new ArrayList<>(chunks);
    ranked.sort(Comparator.comparingDouble((Passage c) -> {
      double score = 0;
      for (int w = 0; w < words.length; w++) {
        score += c.text().toLowerCase(Locale.ROOT).contains(words[w]) ? idf[w] : 0;
      }
      return -score;
    }).thenComparingInt(Passage::marker));
    List<Passage> hits = new ArrayList<>();
    for (Passage c : ranked.subList(0, k)) {
      hits.add(new Passage(hits.size() + 1, c.sourceTitle(), c.locator(), c.text()));
    }
    return hits;
  }
}
