package io.mediawhisperer.plugin.chat.extractive;

import java.util.regex.Pattern;

/**
 * Sentences not worth quoting: debris of extraction (page furniture, table cells, underlines),
 * reference-list entries and lines of numbers. A paper's bibliography shares many words with
 * its body, so without this a question about a topic would be answered with a citation list,
 * and a summary would pick the list as "central".
 */
final class Junk {

  private static final Pattern REFERENCE_START = Pattern.compile(
      "\\s*(\\[\\d{1,3}]|\\(\\d{1,3}\\)|\\d{1,3}\\.)\\s+(\\p{Lu}\\.\\s?)+\\s*\\p{Lu}[\\p{L}'’-]+"
          + "|\\s*\\[\\d{1,3}]\\s+\\p{Lu}");
  private static final Pattern PAGES = Pattern.compile("\\bpages \\d+\\s*[-–]\\s*\\d+|\\bpp\\. \\d+");
  private static final Pattern ET_AL_YEAR = Pattern.compile("\\bet al\\.,? \\(?(19|20)\\d{2}");
  private static final Pattern ENDS_WITH_YEAR = Pattern.compile(",\\s*(19|20)\\d{2}\\.$");
  private static final String[] REFERENCE_WORDS = {"In Proc", "doi:", "ISBN", "arXiv:", "ACM Press", " eds.", " (eds", " ed. by"};
  private static final Pattern INITIALS = Pattern.compile("(?<![\\p{L}.])\\p{Lu}\\.\\s");

  private Junk() {
  }

  /** True when the text cannot stand as a quote at all: no words, mostly digits and symbols, a reference. */
  static boolean unquotable(String sentence) {
    int letters = 0;
    int visible = 0;
    for (int i = 0; i < sentence.length(); i++) {
      char c = sentence.charAt(i);
      if (!Character.isWhitespace(c)) {
        visible++;
        if (Character.isLetter(c)) {
          letters++;
        }
      }
    }
    if (letters < 3 || letters < 0.55 * visible) {
      return true;
    }
    return reference(sentence);
  }

  /** Also too short to say anything on its own, which a summary must (a quote has its question for context). */
  static boolean unfitForSummary(String sentence) {
    return unquotable(sentence) || words(sentence) < 6 || sentence.length() < 30
        || sentence.endsWith(":") || sentence.endsWith("::");
  }

  static boolean reference(String sentence) {
    if (REFERENCE_START.matcher(sentence).lookingAt()) {
      return true;
    }
    for (String word : REFERENCE_WORDS) {
      if (sentence.contains(word)) {
        return true;
      }
    }
    // the regular expressions only where a cheap look says they may match: this runs on every sentence
    if ((sentence.contains("pages ") || sentence.contains("pp. ")) && PAGES.matcher(sentence).find()
        || sentence.contains("et al") && ET_AL_YEAR.matcher(sentence).find()
        || sentence.endsWith(".") && ENDS_WITH_YEAR.matcher(sentence.substring(Math.max(0, sentence.length() - 12))).find()) {
      return true;
    }
    int initials = 0;
    var m = INITIALS.matcher(sentence);
    while (m.find()) {
      initials++;
    }
    return initials >= 3;
  }

  static int words(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
