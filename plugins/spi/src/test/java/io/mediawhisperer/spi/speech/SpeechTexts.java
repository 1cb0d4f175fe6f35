package io.mediawhisperer.spi.speech;

import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Real text for speech tests: the words of a podcast transcript of the shared corpus
 * ({@code transcripts/podcast-no-blank-lines.vtt}, about 900 words of spoken English), and a way
 * to cut text into paragraph-sized requests as the server sends them.
 */
public final class SpeechTexts {

  /** The corpus transcript the texts come from. */
  public static final String TRANSCRIPT = "transcripts/podcast-no-blank-lines.vtt";

  private static final Pattern CUE_NUMBER = Pattern.compile("\\d+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

  private SpeechTexts() {
  }

  /** The transcript's spoken words, cue after cue, without WebVTT's header, cue numbers and times. */
  public static String transcript() {
    try {
      List<String> words = new ArrayList<>();
      for (String line : Files.readAllLines(Corpus.file(TRANSCRIPT), StandardCharsets.UTF_8)) {
        String text = line.strip();
        if (text.isEmpty() || text.equals("WEBVTT") || text.contains("-->") || CUE_NUMBER.matcher(text).matches()) {
          continue;
        }
        words.add(text);
      }
      return String.join(" ", words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code count} words of {@code text}. */
  public static String firstWords(String text, int count) {
    String[] words = text.strip().split("\\s+");
    return String.join(" ", List.of(words).subList(0, Math.min(count, words.length)));
  }

  public static int wordCount(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }

  /** {@code text} cut between sentences into pieces of at most about {@code maxChars} characters. */
  public static List<String> paragraphs(String text, int maxChars) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (String sentence : SENTENCE_END.split(text.strip())) {
      if (piece.length() > 0 && piece.length() + 1 + sentence.length() > maxChars) {
        pieces.add(piece.toString());
        piece.setLength(0);
      }
      piece.append(piece.length() > 0 ? " " : "").append(sentence);
    }
    if (piece.length() > 0) {
      pieces.add(piece.toString());
    }
    return pieces;
  }
}
