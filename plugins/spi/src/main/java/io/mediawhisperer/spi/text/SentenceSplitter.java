package io.mediawhisperer.spi.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts passage text into the sentences an answer quotes. Quotes must read as whole sentences,
 * so the rules are about not cutting where a period is not an end: abbreviations ("e.g.",
 * "Fig. 3"), initials ("A. Gal"), decimals and dotted names ("3.14", "os.path.join") and
 * sentences that go on in lower case. Line breaks are mostly wraps (PDF text), so a single one
 * joins; blank lines, list items, indented code and short heading-like lines end a sentence.
 * Text without punctuation (automatic captions) is cut into windows of words, so that it can
 * still be quoted in pieces. Stateless and thread-safe.
 */
public final class SentenceSplitter {

  /** Words whose period does not end a sentence, lower-cased, without the period. */
  private static final Set<String> ABBREVIATIONS = Set.of(
      "e.g", "i.e", "cf", "vs", "viz", "al", "approx", "ca", "resp", "fig", "figs", "eq", "eqs", "sec", "ch",
      "tab", "ref", "refs", "vol", "pp", "p", "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "inc", "ltd",
      "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "u.s", "u.k", "a.m", "p.m", "ph.d");
  private static final Pattern HYPHEN_BREAK = Pattern.compile("(\\p{Ll})-[ \\t]*\\n[ \\t]*(\\p{Ll})");
  private static final Pattern LIST_ITEM = Pattern.compile("\\s*([-*•–·]|\\d{1,3}[.)]|[a-z][.)]|#+)\\s.*");
  private static final Pattern CODE_LINE = Pattern.compile("(\\s{4,}|\\t|>>> |\\$ ).*|.*([{}]|\\);)\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern ENUMERATOR = Pattern.compile("\\d{1,3}(\\.\\d{1,3})*");
  /** Underlines and rules ("-----", "=====", "***"), which separate headings and sections. */
  private static final String[] RULE_STARTS = {"---", "===", "~~~", "***", "###", "___", "^^^", "```", "+++", "..."};
  /** reStructuredText's "::" ends the prose before a literal (code) block. */
  private static final Pattern LITERAL_BLOCK = Pattern.compile("(?<=\\S::)[ \\t]+");
  private static final Pattern RULE = Pattern.compile("(?<=^|\\s)([-=~*#_^`+.])\\1{2,}(?=\\s|$)");
  private static final int SHORT_LINE = 40;
  /** Longer "sentences" are captions or lists without punctuation: cut into windows of words. */
  static final int MAX_WORDS = 60;
  static final int WINDOW_WORDS = 40;

  private SentenceSplitter() {
  }

  public static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    for (String block : blocks(text)) {
      for (String sentence : sentencesOf(block)) {
        sentences.addAll(windows(sentence));
      }
    }
    return sentences;
  }

  /** The text cut at the line breaks that end something; the other breaks become spaces. */
  static List<String> blocks(String text) {
    String normalized = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    // each pass only where a cheap look says it may change something: this runs on whole documents
    if (normalized.indexOf('\n') >= 0) {
      normalized = HYPHEN_BREAK.matcher(normalized).replaceAll("$1$2");
    }
    if (mayHaveRule(normalized)) {
      normalized = RULE.matcher(normalized).replaceAll("\n\n");
    }
    if (normalized.contains("::")) {
      normalized = LITERAL_BLOCK.matcher(normalized).replaceAll("\n\n");
    }
    String[] lines = normalized.split("\n", -1);
    List<String> blocks = new ArrayList<>();
    StringBuilder block = new StringBuilder();
    String previous = null;
    for (String line : lines) {
      if (line.isBlank()) {
        flush(block, blocks);
        previous = null;
        continue;
      }
      if (previous != null && endsBlock(previous, line)) {
        flush(block, blocks);
      }
      if (block.length() > 0) {
        block.append(' ');
      }
      block.append(line.strip());
      previous = line;
    }
    flush(block, blocks);
    return blocks;
  }

  private static boolean mayHaveRule(String text) {
    for (String rule : RULE_STARTS) {
      if (text.contains(rule)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsBlock(String previous, String next) {
    if (LIST_ITEM.matcher(next).matches() || CODE_LINE.matcher(next).matches() || CODE_LINE.matcher(previous).matches()) {
      return true;
    }
    String before = previous.strip();
    String after = next.strip();
    boolean heading = before.length() < SHORT_LINE && !endsWithPunctuation(before);
    return heading && !after.isEmpty() && Character.isUpperCase(after.codePointAt(0));
  }

  private static boolean endsWithPunctuation(String line) {
    return !line.isEmpty() && ",;:.!?…-–(".indexOf(line.charAt(line.length() - 1)) >= 0;
  }

  private static void flush(StringBuilder block, List<String> blocks) {
    String text = SPACES.matcher(block).replaceAll(" ").strip();
    if (!text.isEmpty()) {
      blocks.add(text);
    }
    block.setLength(0);
  }

  /** One block (no line breaks) cut after each {@code . ! ? …} that ends a sentence. */
  static List<String> sentencesOf(String block) {
    List<String> sentences = new ArrayList<>();
    int start = 0;
    int n = block.length();
    for (int i = 0; i < n; i++) {
      char c = block.charAt(i);
      if (c != '.' && c != '!' && c != '?' && c != '…') {
        continue;
      }
      int end = i + 1;
      while (end < n && ".!?…\"'”’)]»".indexOf(block.charAt(end)) >= 0) {
        end++;
      }
      if (end >= n) {
        break;
      }
      if (!Character.isWhitespace(block.charAt(end))) {
        continue; // 3.14, os.path, "e.g.," and the like
      }
      int next = end;
      while (next < n && Character.isWhitespace(block.charAt(next))) {
        next++;
      }
      if (next >= n || !startsSentence(block.charAt(next)) || (c == '.' && abbreviationBefore(block, start, i))) {
        i = end - 1;
        continue;
      }
      add(block.substring(start, end), sentences);
      start = next;
      i = next - 1;
    }
    add(block.substring(start), sentences);
    return sentences;
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c) || Character.isDigit(c) || "\"'“‘([«¿¡".indexOf(c) >= 0
        || (Character.isLetter(c) && !Character.isLowerCase(c)); // scripts without case
  }

  /**
   * Whether the word ending at the period {@code dot} is an abbreviation, an initial, or the
   * number that opens a numbered heading or item ("1. Introduction").
   */
  private static boolean abbreviationBefore(String block, int sentenceStart, int dot) {
    int wordStart = dot;
    while (wordStart > 0 && !Character.isWhitespace(block.charAt(wordStart - 1)) && block.charAt(wordStart - 1) != '(') {
      wordStart--;
    }
    String word = block.substring(wordStart, dot);
    if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
      return true; // an initial: "A. Gal"
    }
    if (ENUMERATOR.matcher(word).matches()) {
      String before = block.substring(sentenceStart, wordStart).stripTrailing();
      return before.isEmpty() || before.endsWith(":"); // "1. Introduction", "as follows: 1. Do not"
    }
    return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  private static void add(String sentence, List<String> sentences) {
    String trimmed = sentence.strip();
    if (!trimmed.isEmpty()) {
      sentences.add(trimmed);
    }
  }

  /** A sentence of at most {@link #MAX_WORDS} words, or windows of about {@link #WINDOW_WORDS}. */
  static List<String> windows(String sentence) {
    if (WritingText.words(sentence) <= MAX_WORDS) {
      return List.of(sentence);
    }
    String[] words = SPACES.split(sentence);
    List<String> windows = new ArrayList<>();
    int start = 0;
    while (start < words.length) {
      int end = Math.min(words.length, start + WINDOW_WORDS);
      if (words.length - end <= WINDOW_WORDS / 4) {
        end = words.length; // no stub of a few words at the end
      }
      windows.add(String.join(" ", java.util.Arrays.copyOfRange(words, start, end)));
      start = end;
    }
    return windows;
  }
}
