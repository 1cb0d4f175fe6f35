package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.text.TextBlocks;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testsupport.Corpus;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Books of the corpus's documents and transcripts, read by the real parsers. */
class ListeningScriptCorpusTest {

  private static final List<String> DECLARATION_CHAPTERS = List.of(
      "Universal Declaration of Human Rights",
      "Article I – Article 7",
      "Article 8 – Article 15",
      "Article 16 – Article 20",
      "Article 21 – Article 25",
      "Article 26 – Article 30");
  private static final Pattern MINUTE = Pattern.compile("From minute (\\d+)\\.");

  private final ListeningScript script = ListeningScript.withDefaults();

  @Test
  void theDeclarationIsReadInSixChaptersFromItsBookmarks() throws Exception {
    SourceText udhr = Sources.pdf(Corpus.file("pdf/udhr.pdf"));
    assertThat(udhr.outline()).hasSize(32);

    List<Chapter> chapters = script.chapters(udhr);

    assertThat(chapters).extracting(Chapter::title).containsExactlyElementsOf(DECLARATION_CHAPTERS);
    assertThat(chapters).extracting(Chapter::number).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(chapters).extracting(c -> c.paragraphs().getFirst()).containsExactly(
        "Universal Declaration of Human Rights.", "Article I to Article 7.", "Article 8 to Article 15.",
        "Article 16 to Article 20.", "Article 21 to Article 25.", "Article 26 to Article 30.");
    assertThat(chapters.getFirst().paragraphs().get(1)).isEqualTo("Preamble.");
    assertThat(chapters.get(1).paragraphs().get(1)).isEqualTo("Article I.");
    List<String> spoken = chapters.stream().flatMap(c -> c.paragraphs().stream()).toList();
    for (int article = 2; article <= 30; article++) {
      String heading = "Article " + article + ".";
      assertThat(spoken).as("heading of article %d spoken once", article).containsOnlyOnce(heading);
    }
    assertThat(spoken).anyMatch(p -> p.contains("shall strive by teaching and education to promote respect"));
    assertThat(chapters).allSatisfy(c -> assertThat(c.wordCount()).isBetween(200, 6_000));
    assertThat(chapters.stream().mapToInt(Chapter::wordCount).sum()).as("the whole declaration").isBetween(1_750, 1_850);
  }

  @Test
  void withoutItsBookmarksTheDeclarationGetsTheSameChaptersFromItsHeadings() throws Exception {
    SourceText udhr = Sources.withoutOutline(Sources.pdf(Corpus.file("pdf/udhr.pdf")));

    List<Chapter> chapters = script.chapters(udhr);

    assertThat(chapters).extracting(Chapter::title).containsExactlyElementsOf(DECLARATION_CHAPTERS);
  }

  @Test
  void thePaperIsReadByItsNumberedSectionsWithoutItsCodeAndTables() throws Exception {
    SourceText paper = Sources.pdf(Corpus.file("pdf/tracemonkey-two-column.pdf"));
    assertThat(paper.outline()).isEmpty();

    List<Chapter> chapters = script.chapters(paper);

    assertThat(chapters).extracting(Chapter::title).containsExactly(
        "Trace-based Just-in-Time Type Specialization for Dynamic Languages",
        "1. Introduction", "2. Overview: Example Tracing Run", "3. Trace Trees", "4. Nested Trace Tree Formation",
        "5. Trace Tree Optimization", "6. Implementation", "7. Evaluation", "8. Related Work", "9. Conclusions",
        "10. Future Work");
    List<String> spoken = chapters.stream().flatMap(c -> c.paragraphs().stream()).toList();
    assertThat(spoken).contains(TextBlocks.CODE, TextBlocks.TABLE)
        .noneMatch(p -> p.contains("ld state[748]"))
        .noneMatch(p -> p.contains("3d-cube 25 27 29"))
        .noneMatch(p -> p.contains("@mozilla.com"))
        .anyMatch(p -> p.contains("during execution, so the simplified code requires guard instructions"));
  }

  @Test
  void everyParagraphOfEveryCorpusBookFitsOneEngineCall() throws Exception {
    for (SourceText source : List.of(Sources.pdf(Corpus.file("pdf/udhr.pdf")),
        Sources.pdf(Corpus.file("pdf/tracemonkey-two-column.pdf")),
        Sources.vtt(Corpus.file("transcripts/podcast-no-blank-lines.vtt")),
        Sources.srt(Corpus.file("transcripts/arabic-word-level.srt")))) {
      assertThat(script.chapters(source)).isNotEmpty().allSatisfy(chapter -> assertThat(chapter.paragraphs())
          .allSatisfy(p -> assertThat(p).isNotBlank().hasSizeLessThanOrEqualTo(1_500)));
    }
  }

  @Test
  void aShortPodcastIsOneChapterFromTheBeginning() throws Exception {
    SourceText podcast = Sources.vtt(Corpus.file("transcripts/podcast-no-blank-lines.vtt"));

    List<Chapter> chapters = script.chapters(podcast);

    assertThat(chapters).singleElement().satisfies(chapter -> {
      assertThat(chapter.title()).isEqualTo("00:00:00 – 00:07:51");
      assertThat(chapter.paragraphs().getFirst()).isEqualTo("From the beginning.");
      assertThat(chapter.paragraphs().get(1)).startsWith("The end of programming as we know it.");
      assertThat(chapter.wordCount()).isEqualTo(words(podcast) + 3);
    });
  }

  @Test
  void aPodcastInTwoMinuteChaptersIsCutBetweenSentencesAtIncreasingTimes() throws Exception {
    SourceText podcast = Sources.vtt(Corpus.file("transcripts/podcast-no-blank-lines.vtt"));
    ListeningScript twoMinutes = new ListeningScript(new ListeningScript.Settings(10, 300, 6_000, 40, 1_500, 120, 8));

    List<Chapter> chapters = twoMinutes.chapters(podcast);

    assertThat(chapters).hasSizeBetween(3, 4);
    assertThat(chapters.getFirst().paragraphs().getFirst()).isEqualTo("From the beginning.");
    List<Integer> minutes = chapters.stream().skip(1).map(c -> {
      Matcher matcher = MINUTE.matcher(c.paragraphs().getFirst());
      assertThat(matcher.matches()).as("spoken start of %s", c.title()).isTrue();
      return Integer.parseInt(matcher.group(1));
    }).toList();
    assertThat(minutes).isSorted().doesNotHaveDuplicates().allSatisfy(m -> assertThat(m).isBetween(2, 7));
    List<Double> starts = chapters.stream().map(c -> seconds(c.title().substring(0, 8))).toList();
    List<Double> ends = chapters.stream().map(c -> seconds(c.title().substring(11))).toList();
    assertThat(starts).isSorted();
    for (int i = 0; i < chapters.size(); i++) {
      assertThat(ends.get(i)).isGreaterThan(starts.get(i)).isLessThanOrEqualTo(472);
      if (i + 1 < chapters.size()) {
        assertThat(starts.get(i + 1) - starts.get(i)).as("chapter %d lasts at least two minutes", i + 1).isGreaterThanOrEqualTo(119);
        assertThat(chapters.get(i).paragraphs().getLast()).as("chapter %d ends a sentence", i + 1).matches("(?s).*[.!?]$");
      }
    }
    assertThat(chapters.stream().mapToInt(Chapter::wordCount).sum() - 3 * chapters.size())
        .as("every word of the transcript, once").isEqualTo(words(podcast));
  }

  @Test
  void anArabicTranscriptOfTenMinutesIsOneChapter() throws Exception {
    SourceText arabic = Sources.srt(Corpus.file("transcripts/arabic-word-level.srt"));

    List<Chapter> chapters = script.chapters(arabic);

    assertThat(chapters).singleElement().satisfies(chapter -> {
      assertThat(chapter.title()).isEqualTo("00:00:00 – 00:10:00");
      assertThat(chapter.wordCount()).isEqualTo(words(arabic) + 3);
    });
  }

  private static int words(SourceText transcript) {
    return transcript.segments().stream().mapToInt(s -> Chapter.words(s.text())).sum();
  }

  private static double seconds(String clock) {
    String[] parts = clock.split(":");
    return IntStream.range(0, 3).mapToDouble(i -> Integer.parseInt(parts[i]) * Math.pow(60, 2 - i)).sum();
  }
}
