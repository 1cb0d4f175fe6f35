package io.mediawhisperer.plugin.chat.extractive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The content words of a text, as comparable terms: lower-cased, stop words and question words
 * dropped, and light suffixes stripped so that "compiles", "compiled", "compiling", "compiler"
 * and "compilation" meet. A full stemmer (Porter) would merge more, and also merge words that
 * mean different things; this one only strips what English inflection and the commonest
 * derivations add, which is what a question and its answer usually differ by. Thread-safe.
 */
final class Terms {

  /** Function words, plus the words questions are made of ("how", "explain"), which no answer needs to repeat. */
  private static final Set<String> STOP_WORDS = Set.of(
      "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren",
      "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
      "cannot", "could", "couldn", "did", "didn", "do", "does", "doesn", "doing", "don", "down", "during", "each",
      "either", "else", "etc", "ever", "every", "few", "for", "from", "further", "get", "gets", "got", "had",
      "hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers", "herself", "him", "himself",
      "his", "how", "however", "i", "if", "in", "into", "is", "isn", "it", "its", "itself", "just", "ll", "may",
      "me", "might", "more", "most", "much", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of",
      "off", "on", "once", "one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "re",
      "same", "shall", "she", "should", "shouldn", "so", "some", "such", "than", "that", "the", "their",
      "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "thus", "to",
      "too", "under", "until", "up", "upon", "us", "ve", "very", "via", "was", "wasn", "we", "were", "weren",
      "what", "whats", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
      "with", "within", "without", "won", "would", "wouldn", "yes", "yet", "you", "your", "yours", "yourself",
      "yourselves", "tell", "explain", "describe", "please", "anything", "something", "someone", "thing",
      "things", "way", "ways", "kind", "lot", "let", "like", "say", "says", "said", "want", "know", "make",
      "makes", "made", "use", "used", "uses", "using", "need", "needs", "possible", "really", "well", "still",
      "according", "source", "sources", "passage", "passages", "document", "documents", "mention", "mentioned");

  private Terms() {
  }

  /** The terms of {@code text} in order, repeats kept. */
  static List<String> of(String text) {
    List<String> terms = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      String word = text.substring(start, i).toLowerCase(Locale.ROOT);
      if (word.length() > 1 || Character.isDigit(word.charAt(0))) {
        if (!STOP_WORDS.contains(word)) {
          terms.add(stem(word));
        }
      }
    }
    return terms;
  }

  /** The word with inflection and common derivational suffixes stripped; see the class comment. */
  static String stem(String word) {
    if (word.length() <= 3 || !isAsciiLetters(word)) {
      return word;
    }
    String w = word;
    if (w.endsWith("ies") && w.length() > 4) {
      w = w.substring(0, w.length() - 3) + "y";
    } else if (w.endsWith("ied") && w.length() > 4) {
      w = w.substring(0, w.length() - 3) + "y";
    } else {
      w = stripDerivation(w);
      // twice: "ordered" and "orders" to "order" to "ord", like "order"
      w = stripInflection(stripInflection(w));
    }
    if (w.endsWith("e") && w.length() >= 4) {
      w = w.substring(0, w.length() - 1);
    }
    return w;
  }

  private static final String[] DERIVATIONS = {
      "izations", "ization", "isations", "isation", "ations", "ation", "itions", "ition", "ions", "ion",
      "ements", "ement", "ments", "ment", "nesses", "ness", "izers", "izer", "izing", "ized", "izes", "ize",
      "ising", "ised", "ises", "ise", "ating", "ated", "ates", "ate", "ally", "fully", "ful"};

  private static String stripDerivation(String w) {
    for (String suffix : DERIVATIONS) {
      if (w.endsWith(suffix) && hasVowel(w, w.length() - suffix.length()) && w.length() - suffix.length() >= 3) {
        return w.substring(0, w.length() - suffix.length());
      }
    }
    return w;
  }

  private static String stripInflection(String w) {
    if (w.endsWith("ing") && w.length() - 3 >= 3 && hasVowel(w, w.length() - 3)) {
      return undouble(w.substring(0, w.length() - 3));
    }
    if (w.endsWith("ers") && w.length() - 3 >= 3 && hasVowel(w, w.length() - 3)) {
      return undouble(w.substring(0, w.length() - 3));
    }
    if (w.endsWith("er") && w.length() - 2 >= 3 && hasVowel(w, w.length() - 2)) {
      return undouble(w.substring(0, w.length() - 2));
    }
    if (w.endsWith("ed") && w.length() - 2 >= 2 && hasVowel(w, w.length() - 2) && w.charAt(w.length() - 3) != 'e') {
      return undouble(w.substring(0, w.length() - 2));
    }
    if (w.endsWith("ly") && w.length() - 2 >= 4) {
      return w.substring(0, w.length() - 2);
    }
    if (w.endsWith("es") && w.length() - 2 >= 2 && hasVowel(w, w.length() - 2) && sibilant(w.charAt(w.length() - 3))) {
      return w.substring(0, w.length() - 2);
    }
    if (w.endsWith("s") && w.length() > 3 && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }

  /** "classes" loses "es" ("class"); "types" loses only "s" ("type", then "typ" like "typed"). */
  private static boolean sibilant(char c) {
    return c == 's' || c == 'x' || c == 'z' || c == 'h';
  }

  /** "running" to "run", "stopped" to "stop"; "ll", "ss" and "zz" stay ("called", "passed"). */
  private static String undouble(String stem) {
    int n = stem.length();
    if (n >= 3 && stem.charAt(n - 1) == stem.charAt(n - 2) && "aeiouylsz".indexOf(stem.charAt(n - 1)) < 0) {
      return stem.substring(0, n - 1);
    }
    return stem;
  }

  private static boolean hasVowel(String w, int end) {
    for (int i = 0; i < end; i++) {
      if ("aeiouy".indexOf(w.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAsciiLetters(String w) {
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return true;
  }
}
