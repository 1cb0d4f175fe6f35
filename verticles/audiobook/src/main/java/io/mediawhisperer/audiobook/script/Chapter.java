package io.mediawhisperer.audiobook.script;

import java.util.List;

/**
 * A chapter of a book as it will be spoken: its number (from 1), its title (for the chapter list
 * and the audio file's chapter track) and its paragraphs, the first of which speaks the title.
 * Each paragraph is one call of the speech engine, at most {@link ListeningScript.Settings#maxParagraphChars()}
 * characters.
 */
public record Chapter(int number, String title, List<String> paragraphs) {

  public Chapter {
    paragraphs = List.copyOf(paragraphs);
  }

  /** Words spoken, the title included: what the chapter's length in time follows. */
  public int wordCount() {
    return paragraphs.stream().mapToInt(Chapter::words).sum();
  }

  /**
   * Runs of letters and digits, counting {@code don't}, {@code well-known} and {@code 3.14} as one
   * word (a joiner between two letters or digits does not end a word). By hand rather than by
   * regular expression: a book's words are counted several times while it is cut.
   */
  static int words(String text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        count += inWord ? 0 : 1;
        inWord = true;
      } else {
        // a vowel sign inside an Arabic or Hindi word, or the joiner of "don't", keeps the word going
        boolean joins = isJoiner(c) && next < text.length() && Character.isLetterOrDigit(text.codePointAt(next));
        inWord = inWord && (isMark(c) || joins);
      }
      i = next;
    }
    return count;
  }

  private static boolean isMark(int c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static boolean isJoiner(int c) {
    return c == '\'' || c == '’' || c == '-' || c == '.';
  }
}
