package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.plugin.parser.pdf.PdfParser;
import io.mediawhisperer.plugin.parser.transcript.WebVttParser;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.text.SentenceSplitter;
import io.mediawhisperer.spi.text.WritingText;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.eval.EvalDocuments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The summarize path on real documents, written by the offline (extractive) model as a node
 * without a language model writes them: the R manual "An Introduction to R" (100 pages, an
 * outline, running headers on every page), the TraceMonkey paper (two columns, numbered
 * headings), the UDHR (articles) and a podcast transcript. The rules a reader would notice: no
 * running header, footer or page number in a summary, no sentence that leans on one it does not
 * show, whole sentences of the document only, every main part of an outlined document given its
 * sentence and in order; a transcript's chapters inside its running time, in order.
 */
class SummaryCorpusTest {

  /** The running headers of R-intro: "An Introduction to R" on even pages, "Chapter 7: Reading data from files" on odd ones. */
  private static final Pattern R_INTRO_HEADER = Pattern.compile("An Introduction to R|Chapter \\d+: |Appendix [A-F]: ");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static ChatModel model;

  @BeforeAll
  static void openTheOfflineModel() {
    model = ServiceLoader.load(ChatModelProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("extractive")).findFirst().orElseThrow().open(PluginSettings.empty());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void aLongManualIsSummarisedChapterByChapterWithoutItsRunningHeaders() throws Exception {
    Path manual = EvalDocuments.fromEnvironment().require("R-intro.pdf");
    JsonObject request = documentRequest(manual);
    SummaryRequest summaryRequest = toRequest(request);
    long start = System.nanoTime();
    String summary = model.summarize(summaryRequest);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("R-intro (" + summaryRequest.passages().size() + " paragraphs, " + millis + " ms): " + summary);

    List<String> sentences = SentenceSplitter.split(summary);
    assertThat(sentences).hasSizeGreaterThanOrEqualTo(15);
    assertThat(summary).doesNotContainPattern(R_INTRO_HEADER);
    assertWellFormed(sentences, summaryRequest);
    assertThat(WritingText.words(summary)).isLessThanOrEqualTo(summaryRequest.maxWords());

    // every chapter and appendix that says something (not the indexes, not the references) has its sentence, in order
    List<SummaryRequest.Section> sections = summaryRequest.sections();
    assertThat(sections).extracting(SummaryRequest.Section::title)
        .contains("1 Introduction and preliminaries", "7 Reading data from files", "14 OS facilities", "A A sample session");
    int previous = -1;
    for (int s = 0; s < sections.size(); s++) {
      String title = sections.get(s).title();
      if (title.matches(".*(index|References|Preface).*")) {
        continue;
      }
      String part = partText(summaryRequest, s);
      int found = -1;
      for (int i = 0; i < sentences.size(); i++) {
        if (normal(part).contains(normal(sentences.get(i)))) {
          found = i;
          break;
        }
      }
      assertThat(found).as("a sentence of \"%s\" in the summary", title).isNotNegative();
      assertThat(found).as("\"%s\" comes after the part before it", title).isGreaterThanOrEqualTo(previous);
      previous = found;
    }
    assertThat(millis).isLessThan(10_000);
  }

  @Test
  void aPaperIsSummarisedAlongItsNumberedSectionsFromItsAbstractOn() throws Exception {
    JsonObject request = documentRequest(Corpus.file("pdf/tracemonkey-two-column.pdf"));
    SummaryRequest summaryRequest = toRequest(request);
    String summary = model.summarize(summaryRequest);
    System.out.println("TraceMonkey: " + summary);
    List<String> sentences = SentenceSplitter.split(summary);
    assertWellFormed(sentences, summaryRequest);
    assertThat(summaryRequest.sections()).extracting(SummaryRequest.Section::title)
        .contains("1. Introduction", "3. Trace Trees", "7. Evaluation", "9. Conclusions");
    assertThat(sentences).hasSizeGreaterThanOrEqualTo(8);
    assertThat(WritingText.words(summary)).as("a paragraph for a 14-page paper").isBetween(100, 200);
    // the abstract's opening is the paper's own summary
    assertThat(sentences.getFirst()).contains("Dynamic languages such as JavaScript");
    assertThat(summary).doesNotContain("Figure", "Proceedings", "arXiv");
  }

  @Test
  void theDeclarationIsSummarisedArticleByArticleWithoutArticleNumbers() throws Exception {
    JsonObject request = documentRequest(Corpus.file("pdf/udhr.pdf"));
    SummaryRequest summaryRequest = toRequest(request);
    String summary = model.summarize(summaryRequest);
    System.out.println("UDHR: " + summary);
    List<String> sentences = SentenceSplitter.split(summary);
    assertWellFormed(sentences, summaryRequest);
    assertThat(sentences.getFirst()).isEqualTo("All human beings are born free and equal in dignity and rights.");
    assertThat(summary).contains("Everyone has the right to education.").doesNotContainPattern("Article \\w+ |(^|\\s)\\d\\. ");
    assertThat(WritingText.words(summary)).isBetween(100, summaryRequest.maxWords());
  }

  @Test
  void aTranscriptGetsChaptersInsideItsTimeAndAShortOverview() throws Exception {
    ParsedSource parsed = new WebVttParser().parse(Corpus.file("transcripts/podcast-no-blank-lines.vtt"), ParseLimits.defaults());
    List<SummaryInput.Segment> segments = parsed.segments().stream()
        .map(s -> new SummaryInput.Segment(s.start(), s.end(), s.text())).toList();
    SummaryInput.Transcript transcript = SummaryInput.transcript("The end of programming", segments);
    JsonArray chapters = transcript.chapters();
    System.out.println("Podcast chapters: " + chapters.encode());
    double first = segments.stream().mapToDouble(SummaryInput.Segment::start).min().orElseThrow();
    double last = segments.stream().mapToDouble(SummaryInput.Segment::end).max().orElseThrow();
    assertThat(chapters.size()).isBetween(2, 6); // an eight-minute talk
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < chapters.size(); i++) {
      JsonObject chapter = chapters.getJsonObject(i);
      double start = chapter.getDouble("start");
      assertThat(start).isBetween(first, last).isGreaterThan(previous);
      assertThat(chapter.getDouble("end")).isGreaterThan(start).isLessThanOrEqualTo(last);
      assertThat(chapter.getString("title")).isNotBlank().doesNotStartWith("Part ");
      previous = start;
    }
    assertThat(chapters.getJsonObject(0).getDouble("start")).isEqualTo(first);
    for (int i = 1; i < chapters.size(); i++) {
      assertThat(chapters.getJsonObject(i).getDouble("start")).isEqualTo(chapters.getJsonObject(i - 1).getDouble("end"));
    }
    SummaryRequest summaryRequest = toRequest(transcript.request());
    assertThat(summaryRequest.sections()).hasSize(chapters.size());
    String overview = model.summarize(summaryRequest);
    System.out.println("Podcast overview: " + overview);
    assertThat(WritingText.words(overview)).isBetween(10, summaryRequest.maxWords());
    assertWellFormed(SentenceSplitter.split(overview), summaryRequest);
  }

  /** Each sentence whole, the document's own, and fit to stand alone; the first one above all. */
  private static void assertWellFormed(List<String> sentences, SummaryRequest request) {
    String document = normal(String.join(" ", request.passages().stream().map(Passage::text).toList()));
    assertThat(sentences).isNotEmpty();
    for (String sentence : sentences) {
      assertThat(document).as("\"%s\" is the document's own", sentence).contains(normal(sentence));
      assertThat(Character.isUpperCase(sentence.codePointAt(0))).as("\"%s\" starts a sentence", sentence).isTrue();
      assertThat(sentence).as("\"%s\" ends a sentence", sentence).containsPattern("[.!…][\"'”’)]?$");
      assertThat(WritingText.pageFurniture(sentence)).as("\"%s\" has page furniture", sentence).isFalse();
      assertThat(WritingText.leansOnContext(sentence)).as("\"%s\" leans on what came before", sentence).isFalse();
      assertThat(WritingText.fragment(sentence) || WritingText.codeOrFormula(sentence) || WritingText.table(sentence))
          .as("\"%s\" is a fragment, code or a table", sentence).isFalse();
    }
  }

  private static JsonObject documentRequest(Path pdf) throws Exception {
    ParsedSource parsed = new PdfParser().parse(pdf, ParseLimits.defaults());
    List<SummaryInput.Page> pages = parsed.pages().stream().map(p -> new SummaryInput.Page(p.number(), p.text())).toList();
    Object outline = parsed.metadata().get("outline");
    String title = parsed.title() == null ? pdf.getFileName().toString() : parsed.title();
    return SummaryInput.document(title, pages, outline instanceof List<?> l ? l : List.of(), JobRunner.SUMMARY_MAX_PASSAGES);
  }

  /** The request as the chat verticle reads it off the bus. */
  private static SummaryRequest toRequest(JsonObject body) {
    JsonArray given = body.getJsonArray("passages");
    List<Passage> passages = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      JsonObject p = given.getJsonObject(i);
      passages.add(new Passage(i + 1, body.getString("title"), p.getString("locator"), p.getString("text")));
    }
    List<SummaryRequest.Section> sections = new ArrayList<>();
    for (Object s : body.getJsonArray("sections")) {
      JsonObject section = (JsonObject) s;
      sections.add(new SummaryRequest.Section(section.getString("title"), section.getInteger("firstPassage")));
    }
    SummaryRequest.Kind kind = "transcript".equals(body.getString("kind")) ? SummaryRequest.Kind.TRANSCRIPT : SummaryRequest.Kind.DOCUMENT;
    return new SummaryRequest(body.getString("title"), passages, body.getInteger("maxWords"), kind, sections);
  }

  private static String partText(SummaryRequest request, int section) {
    int from = request.sections().get(section).firstPassage();
    int to = section + 1 < request.sections().size() ? request.sections().get(section + 1).firstPassage() : request.passages().size();
    return String.join(" ", request.passages().subList(from, to).stream().map(Passage::text).toList());
  }

  private static String normal(String text) {
    return SPACES.matcher(text).replaceAll(" ").strip();
  }
}
