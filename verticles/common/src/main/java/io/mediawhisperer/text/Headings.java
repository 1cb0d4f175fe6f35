package io.mediawhisperer.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headings found in a document without an outline: paragraphs of at most {@link #MAX_WORDS}
 * words that do not end like a sentence part ({@code , ; :}) and look like one of
 * <ul>
 *   <li>a Markdown heading, {@code "## Setup"} (its level the number of {@code #});</li>
 *   <li>a label and a number: {@code "Part II"}, {@code "Chapter 3"}, {@code "Article 1"},
 *       {@code "Section 4: Limits"} (and their German, French and Spanish names);</li>
 *   <li>a numbered title: {@code "1. Introduction"}, {@code "2 Structure"} (top level), {@code "5.1 Optimizations"}
 *       (level 2); a run of such lines in a row is a numbered list, not headings;</li>
 *   <li>a short line in capitals, {@code "PREAMBLE"}.</li>
 * </ul>
 * The kinds are tried in that order (parts before chapters before numbered titles before articles,
 * each from its top level), and the first with at least two headings gives the chapters: a book
 * in parts and chapters is read by parts, a paper by its numbered sections.
 */
public final class Headings {

  public static final int MAX_WORDS = 12;
  private static final int MAX_CHARS = 100;

  private static final Pattern MARKDOWN = Pattern.compile("^(#{1,6})\\s+\\S.*");
  private static final Pattern LABEL = Pattern.compile("^(?iu)(part|book|teil|partie|parte|chapter|kapitel|chapitre|"
      + "capítulo|capitulo|section|article|artikel|artículo|articulo|appendix|anhang|annexe|anexo)\\s+"
      + "(\\d{1,4}|(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})(?<=[ivxlcdm])|[a-z]|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third)\\b"
      + "(?:[.:—–-]?\\s*\\S.*)?\\.?$");
  private static final Pattern NUMBERED = Pattern.compile("^(\\d{1,3})((?:\\.\\d{1,3})*)\\.?\\s+\\p{Lu}.*");
  private static final Pattern UNFINISHED = Pattern.compile(".*[,;:]$");
  private static final Pattern SENTENCE_END = Pattern.compile(".*\\p{Ll}{2,}\\.$");

  /** A heading's kind, by preference: the first kind present at least twice is the one chapters follow. */
  private static final List<String> PREFERENCE = List.of(
      "markdown1", "markdown2", "markdown3", "label:part", "label:chapter", "numbered1", "label:section",
      "label:article", "label:appendix", "numbered2", "caps");

  private Headings() {
  }

  /** The indices of the paragraphs that start chapters, in order; empty when the text has no headings to follow. */
  public static List<Integer> find(List<String> paragraphs) {
    Map<String, List<Integer>> byKind = new LinkedHashMap<>();
    for (int i = 0; i < paragraphs.size(); i++) {
      String kind = kindOf(paragraphs.get(i));
      if (kind != null) {
        byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(i);
      }
    }
    dropNumberedLists(byKind, paragraphs);
    for (String kind : PREFERENCE) {
      List<Integer> found = byKind.getOrDefault(kind, List.of());
      if (found.size() >= 2) {
        return found;
      }
    }
    return List.of();
  }

  /** A heading's title as it should be spoken: without Markdown's {@code #}. */
  public static String title(String paragraph) {
    return MARKDOWN.matcher(paragraph).matches() ? paragraph.replaceFirst("^#{1,6}\\s+", "").strip() : paragraph.strip();
  }

  private static String kindOf(String paragraph) {
    String text = paragraph.strip();
    if (text.length() > MAX_CHARS || text.isEmpty() || text.split("\\s+").length > MAX_WORDS
        || UNFINISHED.matcher(text).matches()) {
      return null;
    }
    Matcher markdown = MARKDOWN.matcher(text);
    if (markdown.matches()) {
      return "markdown" + Math.min(3, markdown.group(1).length());
    }
    if (SENTENCE_END.matcher(text).matches()) {
      return null;
    }
    Matcher label = LABEL.matcher(text);
    if (label.matches()) {
      return "label:" + labelKind(label.group(1).toLowerCase(Locale.ROOT));
    }
    Matcher numbered = NUMBERED.matcher(text);
    if (numbered.matches()) {
      return numbered.group(2).isEmpty() ? "numbered1" : "numbered2";
    }
    if (isCaps(text)) {
      return "caps";
    }
    return null;
  }

  private static String labelKind(String word) {
    return switch (word) {
      case "part", "book", "teil", "partie", "parte" -> "part";
      case "chapter", "kapitel", "chapitre", "capítulo", "capitulo" -> "chapter";
      case "section" -> "section";
      case "appendix", "anhang", "annexe", "anexo" -> "appendix";
      default -> "article";
    };
  }

  /** Capitals only, at least four letters and a word of three: not "I" or "A.B." alone. */
  private static boolean isCaps(String text) {
    long letters = text.codePoints().filter(Character::isLetter).count();
    boolean lower = text.codePoints().anyMatch(Character::isLowerCase);
    boolean word = text.matches(".*\\p{Lu}{3,}.*");
    return letters >= 4 && !lower && word && text.split("\\s+").length <= 8;
  }

  /** Numbered lines one right after the other ({@code "1. Apples"}, {@code "2. Pears"}) are a list. */
  private static void dropNumberedLists(Map<String, List<Integer>> byKind, List<String> paragraphs) {
    for (String kind : List.of("numbered1", "numbered2")) {
      List<Integer> found = byKind.get(kind);
      if (found == null) {
        continue;
      }
      List<Integer> kept = new ArrayList<>();
      for (int k = 0; k < found.size(); k++) {
        boolean nextIsOne = k + 1 < found.size() && found.get(k + 1) == found.get(k) + 1;
        boolean previousIsOne = k > 0 && found.get(k - 1) == found.get(k) - 1;
        if (!nextIsOne && !previousIsOne) {
          kept.add(found.get(k));
        }
      }
      byKind.put(kind, kept);
    }
  }
}
