package io.mediawhisperer.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Code, tables, tables of contents and the word scatter of figures found among a page's lines and
 * each replaced by a short announcement on a paragraph of its own, before the lines are joined
 * into paragraphs: a listener gains nothing from {@code "v0 := ld state[748]"} read out, and a
 * speech engine spells symbols one by one. Lines without a letter (a chart's axis labels, rules,
 * stray symbols) are dropped.
 *
 * <p>A line is code when it scores two of: many symbols ({@code {}[]();=<>|&} ...), a keyword or
 * prompt at its start ({@code def}, {@code import}, {@code $}, {@code >>>} ...), a code ending
 * ({@code {}, {@code }}, {@code ;}), an operator ({@code :=}, {@code ==}, {@code ->} ...), a
 * comment ({@code //}, {@code /*}), an indentation of four spaces; everything between
 * {@code ```} fences is code. A line is a table row when it has three numbers making up much of
 * it, or two {@code |}, or two tabs; a contents line ends in dot leaders and a page number. A
 * block is two lines of one of these kinds or more, with short lines, blank lines and (in code)
 * lines that score one between them; one code line alone stays and is read. A run of
 * {@link #FIGURE_RUN} or more lines of at most three words without a sentence's punctuation (the
 * boxes and arrows of a diagram, as PDF text gives them) is a figure.
 */
public final class TextBlocks {

  public static final String CODE = "(code omitted)";
  public static final String TABLE = "(table omitted)";
  public static final String CONTENTS = "(table of contents omitted)";
  public static final String FIGURE = "(figure omitted)";
  public static final int FIGURE_RUN = 6;

  private static final String SYMBOLS = "{}[]()<>;=+*/\\|&^%$#@~`_";
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*");
  private static final Pattern KEYWORD = Pattern.compile("^\\s*(?:def|class|import|from|return|if|elif|else|for|while|"
      + "public|private|protected|static|void|int|var|let|const|function|fn|package|struct|#include|#define|SELECT|INSERT|"
      + "UPDATE|CREATE|\\$|>>>|#!)(?:\\s|\\(|$)");
  /** Two-character operators of code; a scan for them, not a regular expression, since every line is looked at. */
  private static final List<String> OPERATORS = List.of(":=", "==", "!=", "->", "=>", "&&", "||", "<-", "++", "+=", "()");
  private static final Pattern COMMENT = Pattern.compile("(?:^|\\s)(?://|/\\*|\\*/)");
  private static final Pattern NUMBER = Pattern.compile("[-+(]?[$€£]?\\d[\\d.,:]*[%x)]?|-");
  private static final Pattern DOT_LEADER = Pattern.compile("(?:\\.\\s?){4,}\\s*(?:\\d+|[ivxlc]+)$");
  private static final Pattern TWO_LETTERS = Pattern.compile("\\p{L}\\p{L}");
  private static final Pattern BULLET = Pattern.compile("^(?:[•◦▪▫●○■□‣⁃∙·*+]|[-–—](?=\\s)|\\d{1,3}[.)]).*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** Links are not code, though they are made of slashes: they are scored as a word. */
  private static final Pattern LINK = Pattern.compile("<?(?:https?://|www\\.)\\S+|[^\\s@]+@[^\\s@]+\\.\\w+");
  private static final int SHORT_LINE_CHARS = 40;
  private static final int LABEL_WORDS = 3;

  private enum Kind {
    /** A line of running text. */
    PROSE,
    /** A short line that is not a sentence: a heading, a label, a line inside a definition. */
    SHORT,
    /** A line scoring one towards code: code inside a code block, text elsewhere. */
    CODEISH,
    CODE,
    TABLE,
    CONTENTS,
    /** A line without a letter. */
    JUNK,
    BLANK
  }

  private TextBlocks() {
  }

  /** The page with its code, tables, contents and figures announced and its letterless lines dropped; other lines as they were. */
  public static String announce(String page) {
    String[] lines = page.replace("\r\n", "\n").split("\n", -1);
    Kind[] kinds = classify(lines);
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      Kind kind = kinds[i];
      if (kind == Kind.CODE || kind == Kind.TABLE || kind == Kind.CONTENTS) {
        int end = blockEnd(kinds, i);
        if (count(kinds, i, end, kind) + (kind == Kind.CODE ? count(kinds, i, end, Kind.CODEISH) : 0) >= 2) {
          announce(out, kind == Kind.CODE ? CODE : kind == Kind.TABLE ? TABLE : CONTENTS);
          i = end;
          continue;
        }
      }
      if (isLabel(lines[i], kind)) {
        int end = i;
        while (end < lines.length && isLabel(lines[end], kinds[end])) {
          end++;
        }
        if (end - i >= FIGURE_RUN && count(kinds, i, end, Kind.SHORT) >= LABEL_WORDS) {
          announce(out, FIGURE);
          i = end;
          continue;
        }
      }
      if (kind != Kind.JUNK) {
        out.add(lines[i]);
      }
      i++;
    }
    return String.join("\n", out);
  }

  private static void announce(List<String> out, String announcement) {
    out.add("");
    out.add(announcement);
    out.add("");
  }

  private static Kind[] classify(String[] lines) {
    Kind[] kinds = new Kind[lines.length];
    boolean fenced = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (FENCE.matcher(line).matches()) {
        kinds[i] = Kind.CODE;
        fenced = !fenced;
      } else if (fenced) {
        kinds[i] = Kind.CODE;
      } else {
        kinds[i] = kindOf(line);
      }
    }
    return kinds;
  }

  private static Kind kindOf(String line) {
    String stripped = line.strip();
    if (stripped.indexOf('@') >= 0 || stripped.contains("://") || stripped.contains("www.")) {
      stripped = LINK.matcher(stripped).replaceAll("link");
    }
    if (stripped.isEmpty()) {
      return Kind.BLANK;
    }
    if (DOT_LEADER.matcher(stripped).find()) {
      return Kind.CONTENTS;
    }
    if (isTableRow(line, stripped)) {
      return Kind.TABLE;
    }
    int score = codeScore(line, stripped);
    if (score >= 2) {
      return Kind.CODE;
    }
    if (stripped.codePoints().noneMatch(Character::isLetter)) {
      return Kind.JUNK;
    }
    if (score == 1) {
      return Kind.CODEISH;
    }
    boolean sentence = endsWith(stripped, ".!?") && TWO_LETTERS.matcher(stripped).find();
    return stripped.length() <= SHORT_LINE_CHARS && !sentence ? Kind.SHORT : Kind.PROSE;
  }

  private static boolean isTableRow(String line, String stripped) {
    if (count(stripped, '|') >= 2 || count(line, '\t') >= 2) {
      return true;
    }
    if (stripped.chars().filter(Character::isDigit).limit(3).count() < 3) {
      return false;
    }
    String[] tokens = SPACES.split(stripped);
    int numbers = 0;
    for (String token : tokens) {
      if (NUMBER.matcher(token).matches()) {
        numbers++;
      }
    }
    return numbers >= 3 && numbers * 2 >= tokens.length;
  }

  /** How much a line looks like code: 2 or more is code. */
  private static int codeScore(String line, String stripped) {
    int symbols = 0;
    int visible = 0;
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (!Character.isWhitespace(c)) {
        visible++;
        if (SYMBOLS.indexOf(c) >= 0) {
          symbols++;
        }
      }
    }
    double share = visible == 0 ? 0 : (double) symbols / visible;
    int score = share >= 0.25 && symbols >= 2 ? 2 : share >= 0.12 && symbols >= 2 ? 1 : 0;
    if (KEYWORD.matcher(stripped).find()) {
      score++;
    }
    if (endsWith(stripped, "{};") || "}])".indexOf(stripped.charAt(0)) >= 0) {
      score++;
    }
    if (hasOperator(stripped)) {
      score++;
    }
    if (COMMENT.matcher(stripped).find()) {
      score++;
    }
    if (line.startsWith("    ") || line.startsWith("\t")) {
      score++;
    }
    return score;
  }

  /**
   * The end (exclusive) of the block that starts at a code, table or contents line: it takes the
   * following lines of its kind, and the short, letterless and single blank lines between them
   * (and, for code, lines that score one, even at its end).
   */
  private static int blockEnd(Kind[] kinds, int start) {
    Kind family = kinds[start];
    int end = start + 1;
    for (int i = start + 1; i < kinds.length; i++) {
      Kind kind = kinds[i];
      if (kind == family || family == Kind.CODE && kind == Kind.CODEISH) {
        end = i + 1;
      } else if (kind == Kind.BLANK && i + 1 < kinds.length && kinds[i + 1] == Kind.BLANK) {
        break;
      } else if (kind != Kind.SHORT && kind != Kind.JUNK && kind != Kind.BLANK && kind != Kind.CODEISH) {
        break;
      }
    }
    return end;
  }

  /** A line of a diagram's scatter of words: a few words, no sentence punctuation, no list bullet; or no letter at all. */
  private static boolean isLabel(String line, Kind kind) {
    if (kind == Kind.JUNK) {
      return true;
    }
    String stripped = line.strip();
    return (kind == Kind.SHORT || kind == Kind.CODEISH) && SPACES.split(stripped).length <= LABEL_WORDS
        && !endsWith(stripped, ".!?,;:") && !BULLET.matcher(stripped).matches();
  }

  private static boolean hasOperator(String line) {
    for (int i = 1; i < line.length(); i++) {
      char second = line.charAt(i);
      if ("=>&|-+)".indexOf(second) < 0) {
        continue;
      }
      char first = line.charAt(i - 1);
      if (OPERATORS.contains(String.valueOf(new char[] {first, second}))
          && (first != '(' || i >= 2 && Character.isLetterOrDigit(line.charAt(i - 2)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the (stripped, non-empty) text ends with one of these characters. */
  private static boolean endsWith(String text, String characters) {
    return characters.indexOf(text.charAt(text.length() - 1)) >= 0;
  }

  private static int count(Kind[] kinds, int from, int to, Kind kind) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (kinds[i] == kind) {
        n++;
      }
    }
    return n;
  }

  private static int count(String text, char c) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
