package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.text.TextBlocks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules of a listening script on sources written here. */
class ListeningScriptTest {

  private static final List<String> WORDS = List.of("river", "stone", "lantern", "harbor", "meadow", "orchard", "candle",
      "valley", "compass", "thunder", "willow", "garden", "ember", "summit", "anchor", "feather");

  private final ListeningScript script = ListeningScript.withDefaults();

  @Test
  void aDocumentWithoutTextHasNoChapters() {
    assertThat(script.chapters(document(List.of()))).isEmpty();
    assertThat(script.chapters(document(List.of("", "   \n\n  \t", "\n")))).isEmpty();
    assertThat(script.chapters(document(List.of("!!! ### ---\n*** ///", "•\n-\n12\n13")))).isEmpty();
    assertThat(script.chapters(SourceText.ofSegments("t", null, List.of(new SegmentIn(0, 1, "  "))))).isEmpty();
    assertThat(script.chapters(SourceText.ofMessages("t", null, List.of(new MessageIn(0, "user", " \n"),
        new MessageIn(1, "system", "You are a helpful assistant."))))).isEmpty();
  }

  @Test
  void codeTablesLinksAndAddressesAreAnnouncedNotSpelled() {
    String note = String.join("\n",
        "# Setting up the mirror",
        "",
        "Read the guide at https://www.example.com/docs/setup?lang=en#mirror first, or write to ops-team@example.org!!!",
        "",
        "```bash",
        "sudo apt-get install -y rsync && rsync -av --delete rsync://mirror/ /srv/mirror/",
        "echo $? > /tmp/status",
        "```",
        "",
        "| host | cpu | ram |",
        "|------|-----|-----|",
        "| a1   | 4   | 16  |",
        "",
        "The build id is 123456789012 and the commit is 3f2a9c0d1e4b5a6978ffeeddccbbaa00.",
        "",
        "- a first point with **bold** words",
        "- a second point with `inline code` in it",
        "",
        "----------",
        "See [the changelog](https://example.net/changes) too...");

    List<String> spoken = paragraphs(script.chapters(text("Mirror notes", note)));

    assertThat(spoken).containsSubsequence(
        "Read the guide at (link to example.com) first, or write to ops-team at example dot org!",
        TextBlocks.CODE,
        TextBlocks.TABLE,
        "The build id is (a long number) and the commit is (a long code).",
        "a first point with bold words.",
        "a second point with inline code in it.",
        "See the changelog too...");
    assertThat(String.join(" ", spoken)).doesNotContain("://").doesNotContain("rsync").doesNotContain("|")
        .doesNotContain("```").doesNotContain("---").doesNotContain("@");
  }

  @Test
  void codeAndTablesInAPdfsLinesAreFoundWithoutFences() {
    String page = String.join("\n",
        "The loop below is compiled into the trace that follows it, which the monitor then calls.",
        "for (int i = 0; i < n; i++) {",
        "  sum += values[i] * weights[i];",
        "}",
        "v0 := ld state[748] // load primes from the trace activation record",
        "st sp[0], v0 // store primes to interpreter stack",
        "The table shows the speedups measured on the benchmark suite for every configuration.",
        "3d-cube 25 27 29 3 0 1.1 1.1 1.2 2.20x",
        "3d-morph 5 8 8 2 0 1.6 1.0 1.6 2.86x",
        "access-binary-trees 0 0 0 5 0 - - - 0.89x",
        "Each row is one program of the suite, and the last column is the speedup it reached.");

    List<String> spoken = paragraphs(script.chapters(document(List.of(page))));

    assertThat(spoken).containsSubsequence(
        "The loop below is compiled into the trace that follows it, which the monitor then calls.",
        TextBlocks.CODE,
        "The table shows the speedups measured on the benchmark suite for every configuration.",
        TextBlocks.TABLE,
        "Each row is one program of the suite, and the last column is the speedup it reached.");
    assertThat(spoken).containsOnlyOnce(TextBlocks.CODE).noneMatch(p -> p.contains("ld state")).noneMatch(p -> p.contains("2.86x"));
  }

  @Test
  void runningHeadersAndPageNumbersAreNotSpoken() {
    List<String> pages = new ArrayList<>();
    for (int page = 1; page <= 6; page++) {
      pages.add("Chapter 7: Reading data from files " + (34 + page) + "\n" + prose(page, 3, 78) + "\n" + (34 + page));
    }

    String spoken = String.join(" ", paragraphs(script.chapters(document(pages))));

    assertThat(spoken).doesNotContain("Chapter 7").doesNotContain("Reading data").doesNotContainPattern("\\b3[5-9]\\b|\\b40\\b");
  }

  @Test
  void aChatLogIsReadByTurnsWithWhoSpeaks() {
    List<MessageIn> messages = new ArrayList<>();
    messages.add(new MessageIn(0, "system", "You are a terse assistant."));
    for (int turn = 0; turn < 10; turn++) {
      messages.add(new MessageIn(messages.size(), "user", turn == 0
          ? "How do I read a CSV file in Python when the first line holds the column names and the separator is a semicolon?"
          : "Question " + turn + " about " + WORDS.get(turn) + "?"));
      messages.add(new MessageIn(messages.size(), "assistant", turn == 0
          ? "Use the csv module:\n\n```python\nimport csv\nwith open('data.csv') as f:\n    rows = list(csv.DictReader(f, delimiter=';'))\n```\n\nEach row is then a dictionary."
          : "An answer about " + WORDS.get(turn) + "."));
      if (turn == 3) {
        messages.add(new MessageIn(messages.size(), "tool", "{\"result\": 42}"));
        messages.add(new MessageIn(messages.size(), "assistant", "One more thing about harbor."));
      }
    }

    List<Chapter> chapters = script.chapters(SourceText.ofMessages("CSV help", "en", messages));

    assertThat(chapters).extracting(Chapter::title).containsExactly(
        "How do I read a CSV file in Python when the first line holds…", "Question 4 about meadow?", "Question 8 about compass?");
    Chapter first = chapters.getFirst();
    assertThat(first.paragraphs()).containsSubsequence(
        "How do I read a CSV file in Python when the first line holds…",
        "You asked: How do I read a CSV file in Python when the first line holds the column names and the separator is a semicolon?",
        "The assistant answered: Use the csv module:",
        TextBlocks.CODE,
        "Each row is then a dictionary.",
        "You asked: Question 1 about stone?",
        "The assistant answered: An answer about stone.",
        "You asked: Question 3 about harbor?",
        "The assistant answered: An answer about harbor.",
        "The assistant went on: One more thing about harbor.");
    assertThat(paragraphs(chapters)).noneMatch(p -> p.contains("terse")).noneMatch(p -> p.contains("42"))
        .noneMatch(p -> p.contains("DictReader"));
    assertThat(chapters.get(2).paragraphs()).hasSize(1 + 4);
  }

  @Test
  void aLongParagraphIsCutBetweenSentencesToFitAnEngineCall() {
    String sentence = "The committee met again in the spring to weigh every proposal that had reached it. ";
    String paragraph = sentence.repeat(60).strip();
    String endless = ("and then the " + String.join(" ", WORDS) + " ").repeat(20).strip() + ".";

    List<String> spoken = paragraphs(script.chapters(text("Minutes", paragraph + "\n\n" + endless)));

    List<String> body = spoken.subList(1, spoken.size());
    assertThat(body).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(ListeningScript.Settings.DEFAULT_MAX_PARAGRAPH_CHARS));
    assertThat(body).filteredOn(p -> p.startsWith("The committee")).hasSizeGreaterThan(2)
        .allSatisfy(p -> assertThat(p).endsWith("reached it."));
    assertThat(String.join(" ", body)).isEqualTo(paragraph + " " + endless);
  }

  @Test
  void aChapterLongerThanTheLimitIsSplitIntoPartsAtParagraphs() {
    // 150 paragraphs of about 100 words: three parts of about 5,000
    String body = IntStream.range(0, 150).mapToObj(i -> prose(i, 1, 600)).collect(Collectors.joining("\n\n"));
    String book = "CHAPTER ONE\n\n" + body + "\n\nCHAPTER TWO\n\n" + prose(7, 3, 2_000);

    List<Chapter> chapters = script.chapters(text("Saga", book));

    assertThat(chapters).extracting(Chapter::title)
        .containsExactly("CHAPTER ONE, part 1", "CHAPTER ONE, part 2", "CHAPTER ONE, part 3", "CHAPTER TWO");
    assertThat(chapters.get(1).paragraphs().getFirst()).isEqualTo("CHAPTER ONE, part 2.");
    assertThat(chapters.subList(0, 3)).allSatisfy(c -> assertThat(c.wordCount()).isBetween(4_000, 6_000));
    assertThat(chapters.subList(0, 3).stream().mapToInt(c -> c.paragraphs().size() - 1).sum()).as("every paragraph once")
        .isEqualTo(150);
  }

  @Test
  void pagesWithoutOutlineOrHeadingsAreReadTenAtATime() {
    List<String> pages = IntStream.rangeClosed(1, 25).mapToObj(page -> prose(page, 20, 78)).toList();

    assertThat(script.chapters(document(pages))).extracting(Chapter::title)
        .containsExactly("Pages 1 to 10", "Pages 11 to 20", "Pages 21 to 25");
    assertThat(new ListeningScript(ListeningScript.Settings.defaults().withPagesPerChapter(5)).chapters(document(pages)))
        .extracting(Chapter::title).containsExactly("Pages 1 to 5", "Pages 6 to 10", "Pages 11 to 15", "Pages 16 to 20",
            "Pages 21 to 25");
  }

  @Test
  void bookmarksStartChaptersAtTheirHeadingsOrElseAtTheirPage() {
    List<PageIn> pages = List.of(
        new PageIn(1, "A Field Guide\n" + prose(1, 3, 78)),
        new PageIn(2, "Birds of the Coast\n" + prose(2, 8, 78)),
        new PageIn(3, prose(3, 8, 78) + "\nBirds of the Hills\n" + prose(4, 8, 78)),
        new PageIn(4, prose(5, 8, 78)));
    List<OutlineEntry> outline = List.of(
        new OutlineEntry("A Field Guide", 1, 1),
        new OutlineEntry("Birds of the Coast", 2, 2),
        new OutlineEntry("Birds of the Hills", 3, 2),
        new OutlineEntry("Index", 4, 2));

    List<Chapter> chapters = new ListeningScript(new ListeningScript.Settings(10, 20, 6_000, 40, 1_500, 600, 8))
        .chapters(SourceText.ofPages("pdf", null, "en", pages, outline));

    assertThat(chapters).extracting(Chapter::title)
        .containsExactly("A Field Guide", "Birds of the Coast", "Birds of the Hills", "Index");
    assertThat(chapters.get(1).paragraphs()).hasSize(1 + 2).last().asString().startsWith(firstWords(3));
    assertThat(chapters.get(2).paragraphs().get(1)).startsWith(firstWords(4));
    assertThat(chapters.get(3).paragraphs().get(1)).as("a bookmark whose title is not in the text starts at its page")
        .startsWith(firstWords(5));
  }

  @Test
  void manySmallChaptersAreMergedAndMoreThanFortyGrouped() {
    String articles = IntStream.rangeClosed(1, 30).mapToObj(n -> "Article " + n + "\n\n" + prose(n, 1, 300))
        .collect(Collectors.joining("\n\n"));
    List<Chapter> merged = script.chapters(text("Articles", articles));
    assertThat(merged).hasSizeBetween(2, 10).allSatisfy(c -> assertThat(c.title()).matches("Article \\d+ – Article \\d+"));
    assertThat(paragraphs(merged)).filteredOn(p -> p.matches("Article \\d+\\.")).hasSize(30);

    // 100 chapters of about 400 words: groups of three
    String chapters = IntStream.rangeClosed(1, 100).mapToObj(n -> "Chapter " + n + "\n\n" + prose(n, 1, 2_400))
        .collect(Collectors.joining("\n\n"));
    List<Chapter> grouped = script.chapters(text("Long", chapters));
    assertThat(grouped).hasSize(34);
    assertThat(grouped.getFirst().title()).isEqualTo("Chapter 1 – Chapter 3");
    assertThat(grouped.getFirst().paragraphs()).startsWith("Chapter 1 to Chapter 3.", "Chapter 1.");
  }

  @Test
  void aMarkdownNoteIsReadByItsSectionsItsShortOpeningWithTheFirst() {
    String note = "# Trip notes\n\nWe left early.\n\n## Monday\n\n" + prose(1, 3, 2_000) + "\n\n## Tuesday\n\n" + prose(2, 3, 2_000);

    List<Chapter> chapters = script.chapters(text(null, note));

    assertThat(chapters).extracting(Chapter::title).containsExactly("Trip notes", "Tuesday");
    assertThat(chapters.getFirst().paragraphs()).startsWith("Trip notes.", "We left early.", "Monday.");
    assertThat(chapters.get(1).paragraphs().getFirst()).isEqualTo("Tuesday.");
    assertThat(chapters.get(1).paragraphs().get(1)).startsWith(firstWords(2));
  }

  @Test
  void settingsOutOfRangeAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new ListeningScript.Settings(0, 300, 6_000, 40, 1_500, 600, 8))
        .hasMessageContaining("pagesPerChapter");
    assertThatThrownBy(() -> new ListeningScript.Settings(10, 300, 6_000, 40, 30_000, 600, 8))
        .hasMessageContaining("maxParagraphChars");
    assertThatThrownBy(() -> new ListeningScript.Settings(10, 300, 400, 40, 1_500, 600, 8))
        .hasMessageContaining("maxChapterWords");
  }

  private static SourceText document(List<String> pages) {
    return SourceText.ofPages("pdf", null, "en",
        IntStream.range(0, pages.size()).mapToObj(i -> new PageIn(i + 1, pages.get(i))).toList(), List.of());
  }

  private static SourceText text(String title, String text) {
    return SourceText.ofPages("text", title, "en", List.of(new PageIn(1, text)), List.of());
  }

  private static List<String> paragraphs(List<Chapter> chapters) {
    return chapters.stream().flatMap(c -> c.paragraphs().stream()).toList();
  }

  /** {@code lines} lines of sentences made from the word list (starting at {@code seed}), wrapped at {@code width}. */
  private static String prose(int seed, int lines, int width) {
    StringBuilder text = new StringBuilder();
    int n = seed;
    List<String> out = new ArrayList<>();
    while (out.size() < lines) {
      String sentence = "The " + WORDS.get(n % WORDS.size()) + " and the " + WORDS.get((n * 7 + 3) % WORDS.size())
          + " stood near the " + WORDS.get((n * 5 + 1) % WORDS.size()) + " all day. ";
      n++;
      if (text.length() + sentence.length() > width) {
        out.add(text.toString().strip());
        text.setLength(0);
      }
      text.append(sentence);
    }
    return String.join("\n", out);
  }

  /** The first words of {@code prose(seed, ...)}. */
  private static String firstWords(int seed) {
    return "The " + WORDS.get(seed % WORDS.size()) + " and the " + WORDS.get((seed * 7 + 3) % WORDS.size());
  }
}
