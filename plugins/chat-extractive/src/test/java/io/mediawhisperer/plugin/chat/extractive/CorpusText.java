package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text of the shared corpus cut into passages about the way ingestion cuts it: whitespace
 * collapsed, about {@code chars} characters each, ending where a sentence ends.
 */
final class CorpusText {

  private static final Pattern TIMING = Pattern.compile("\\d{2}:\\d{2}(:\\d{2})?[.,]\\d{3} --> .*");

  private CorpusText() {
  }

  static List<String> lines(String relative) {
    try {
      return Files.readAllLines(Corpus.file(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines {@code from} to {@code to} (1-based, inclusive) with whitespace collapsed. */
  static String collapsed(List<String> lines, int from, int to) {
    return String.join(" ", lines.subList(from - 1, to)).replaceAll("\\s+", " ").strip();
  }

  /** The spoken text of a WebVTT file: cue lines only, joined with spaces. */
  static String transcript(String relative) {
    List<String> spoken = new ArrayList<>();
    for (String line : lines(relative)) {
      String t = line.strip();
      if (t.isEmpty() || t.equals("WEBVTT") || t.matches("\\d+") || TIMING.matcher(t).matches()) {
        continue;
      }
      spoken.add(t);
    }
    return String.join(" ", spoken).replaceAll("\\s+", " ").strip();
  }

  /**
   * {@code text} cut into passages of about {@code chars} characters at sentence ends, found with
   * the JDK's sentence iterator as ingestion's chunker finds them.
   */
  static List<Passage> passages(String title, String text, int chars) {
    List<Passage> passages = new ArrayList<>();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    sentences.setText(text);
    StringBuilder passage = new StringBuilder();
    for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
      if (passage.length() > 0 && passage.length() + (end - start) > chars) {
        add(title, passage, passages);
      }
      passage.append(text, start, end);
    }
    add(title, passage, passages);
    return passages;
  }

  private static void add(String title, StringBuilder text, List<Passage> passages) {
    if (!text.toString().isBlank()) {
      int n = passages.size() + 1;
      passages.add(new Passage(n, title, "part " + n, text.toString().strip()));
    }
    text.setLength(0);
  }
}
