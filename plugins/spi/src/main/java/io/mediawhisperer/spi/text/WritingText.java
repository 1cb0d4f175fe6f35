package io.mediawhisperer.spi.text;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which sentences of a source can be written down on their own, in a summary, a key point or a
 * post: the one place these rules live, for every writer (the extractive chat model, content
 * generation, and whatever a plugin builds on them). A sentence is unfit when it
 * <ul>
 *   <li>carries page furniture: a running header, a page number or a heading glued to it, as text
 *       cut into chunks without its line breaks has them ({@code "Chapter 7: Reading data from
 *       files 35 All the datasets ..."}, {@code "33 7 Reading data from files Large data ..."}),
 *       or a cross-reference ({@code "See Section 6.1 [Lists], page 29."});</li>
 *   <li>is a fragment: it starts in lower case (a chunk cut mid-sentence), does not end like a
 *       sentence, has unbalanced brackets, has under six words, or runs list items together;</li>
 *   <li>is code or a formula ({@code "a[2,,] is a 4x 2 array"}, {@code "plot()'s type="}), or a
 *       table row (mostly numbers);</li>
 *   <li>{@linkplain #leansOnContext leans on what came before}: {@code "Continuing the previous
 *       example, ..."}, {@code "Thus the former ..."}, {@code "as shown above"}, or opens with a
 *       pronoun ({@code "This"}, {@code "It"}, {@code "They"}) whose antecedent is elsewhere.
 *       Such a sentence may be true and central, but read alone it points at nothing.</li>
 * </ul>
 * The rules are deliberately strict: a writer that drops a good sentence loses little (the
 * document has others), one that keeps a broken one shows it to the reader. Stateless and
 * thread-safe; English connectives and pronouns only (other languages pass that rule).
 */
public final class WritingText {

  private static final Set<String> FUNCTION_WORDS = Set.of("and", "or", "of", "the", "a", "an", "for", "in", "on", "to",
      "with", "from", "by", "at", "as", "vs", "vs.");
  /** A running header or a heading has at most this many words. */
  private static final int MAX_HEADER_WORDS = 10;
  /** Fewer words than this do not say something on their own. */
  public static final int MIN_WORDS = 6;

  /** A page or section number and then a capitalised word at the very start: a heading or page number glued on. */
  private static final Pattern NUMBER_THEN_HEADING = Pattern.compile(
      "^\\d{1,4}\\s+(?:\\d{1,3}(?:\\.\\d{1,3})*\\.?\\s+)?\\p{Lu}|^\\d{1,3}(?:\\.\\d{1,3})+\\.?\\s+\\p{Lu}");
  /** A lower-case word, a bare number and a capitalised word: a running header's page number between two texts. */
  private static final Pattern PAGE_NUMBER_INSIDE = Pattern.compile("\\p{Ll}[,;:)]?\\s+\\d{1,4}\\s+\\p{Lu}\\p{Ll}");
  /** A labelled heading glued in front: {@code "Article 2 Everyone ..."}, {@code "Chapter 7: Reading ..."}. */
  private static final Pattern LABEL_HEADING = Pattern.compile(
      "(?:^|\\s)(?:Article|Chapter|Section|Part|Appendix|Lecture|Lesson|Unit)\\s+(?:\\d{1,3}|[IVXLC]{1,6}|[A-Z])[.:]?\\s+\\p{Lu}");
  /** A label and its number at the very start, followed by the sentence: {@code "Article 2 Everyone ..."}. */
  private static final Pattern LABEL_START = Pattern.compile(
      "(?:Article|Section|Lecture|Lesson|Unit)\\s+(?:\\d{1,3}|[IVXLC]{1,6})[.:]?\\s+\\p{Lu}");
  /** A numbered heading inside the text: {@code "... use data() 7.3.1 Loading data ..."}. */
  private static final Pattern NUMBERED_HEADING_INSIDE = Pattern.compile("\\s\\d{1,2}(?:\\.\\d{1,2})+\\s+\\p{Lu}\\p{Ll}");
  /** A paper's labelled lists: "Keywords JavaScript, just-in-time compilation, trace trees." */
  private static final Pattern LABEL_LINE = Pattern.compile(
      "(?i)(?:keywords|key words|index terms|categories and subject descriptors|general terms|ccs concepts)\\b");
  private static final Pattern CROSS_REFERENCE = Pattern.compile("\\[[^\\]]{1,100}], page \\d+|\\bpage \\d+ of \\d+\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ENDED = Pattern.compile(".*[.!?…][\"'”’)\\]]*$");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern NUMBER = Pattern.compile("[-+(]?[$€£]?\\d[\\d.,:/]*[%x)]?");
  /** A call or an index ({@code c()}, {@code points(x,}, {@code a[2,,]}), or an operator of code. */
  private static final Pattern CODE_TOKEN = Pattern.compile(
      ".*(?:[\\p{L}\\p{N}_.]\\(|[\\p{L}\\p{N}_]\\[|<-|->|==|!=|<=|>=|:=|&&|\\|\\||::|\\[\\[|[{};$#%\\\\^~=]).*"
          + "|.*`.*|\\p{Lu}-\\p{Ll}|.*\\p{L}_\\p{L}.*|[\\p{Ll}]+\\.[\\p{Ll}]+(?:\\.[\\p{Ll}]+)*\\(?\\)?[,.;:]?");
  private static final Set<String> DOTTED_WORDS = Set.of("e.g", "i.e", "e.g.", "i.e.", "a.m", "p.m", "a.m.", "p.m.", "cf.", "vs.",
      "etc.", "al.");
  private static final Pattern FORMULA = Pattern.compile("[×÷≤≥≠∑∏∫√±∈∉∀∃→⇒≈∞]|\\d\\s*[x×]\\s*\\d");

  private static final Set<String> FILLERS = Set.of("uh", "um", "erm", "uhm", "hmm", "mhm", "uh-huh", "uhh", "umm", "er",
      "ah", "ahh");
  private static final Set<String> IMPERATIVES = Set.of("use", "fit", "make", "do", "type", "run", "enter", "set", "add",
      "try", "start", "look", "consider", "remove", "create", "load", "install", "open", "close", "print", "plot", "write",
      "take", "check", "put", "press", "click", "select", "choose", "go", "let", "suppose", "assume", "imagine", "leave",
      "quit", "exit", "define", "call", "pass", "give", "read", "save", "edit", "change", "replace", "turn", "remember");
  /** Phrases that fill speech rather than say something. */
  private static final List<String> FILLER_PHRASES = List.of("i mean,", "you know,", ", you know", "kind of ", "sort of ",
      "i guess", "just saying", "or whatever", "and stuff", "i'm like", "he's like", "she's like", "they're like");
  /** First words of a spoken aside rather than a statement. */
  private static final Set<String> INTERJECTIONS = Set.of("yeah", "dude", "hell", "wow", "man", "like", "hey", "gosh", "damn",
      "lol", "nah", "yep", "nope", "huh", "ah", "oops");
  /** First words of a sentence that has lost its subject: items of definition lists ("Returns the ..."). */
  private static final Set<String> SUBJECTLESS_OPENERS = Set.of("can", "could", "returns", "is", "are", "was", "were",
      "should", "must", "may", "might", "will", "would", "does", "has", "have", "gives", "takes", "sets", "creates",
      "specifies", "prints", "produces", "computes", "allows", "used", "defaults");
  /** First words of a phrase or subordinate clause, which without a comma has no main clause to go with. */
  private static final Set<String> SUBORDINATE_OPENERS = Set.of("by", "with", "from", "to", "into", "through", "without",
      "because", "since", "although", "though", "if", "unless", "until", "whether", "whereas", "while");
  private static final Set<String> GRAMMATICAL_DOUBLES = Set.of("that", "had", "is", "was", "do", "");

  /** First words that join a sentence to the one before it. */
  private static final Set<String> CONNECTIVES = Set.of(
      "also", "and", "but", "or", "nor", "so", "thus", "hence", "therefore", "consequently", "however", "moreover",
      "furthermore", "nevertheless", "nonetheless", "otherwise", "instead", "similarly", "likewise", "accordingly",
      "besides", "then", "still", "yet", "again", "finally", "lastly", "secondly", "thirdly", "next", "meanwhile",
      "conversely", "alternatively", "additionally", "indeed", "here", "continuing", "now", "whereupon",
      "anyway", "admittedly", "afterwards", "incidentally", "notice", "note", "see", "compare", "unlike", "whereas",
      "first", "second", "third", "fourth", "last", "yes", "well", "okay", "ok", "oh", "sure",
      "e.g.", "i.e.");
  /** First words that stand for something named before. */
  private static final Set<String> PRONOUNS = Set.of(
      "this", "these", "that", "those", "it", "its", "it's", "they", "them", "their", "theirs", "he", "she", "his",
      "her", "him", "such", "both", "either", "neither", "former", "latter");
  /** Further first words of a subordinate clause. */
  private static final Set<String> CLAUSE_OPENERS = Set.of("when", "as", "once", "after", "before", "where", "so");
  /** "This paper", "This chapter": a pronoun that points at the document itself, which needs no antecedent. */
  private static final Set<String> SELF_REFERENCES = Set.of(
      "paper", "article", "document", "book", "manual", "chapter", "section", "appendix", "report", "study", "work",
      "thesis", "guide", "tutorial", "introduction", "declaration", "episode", "talk", "podcast", "video", "post",
      "essay", "note", "notes", "handbook", "course", "lecture", "presentation", "survey", "review", "proposal",
      "specification", "standard", "release", "version");
  private static final List<String> OPENING_PHRASES = List.of(
      "in addition", "in contrast", "in this case", "in that case", "in other words", "on the other hand", "as a result",
      "for this reason", "to this end", "as before", "as above", "as such", "even so", "after that", "for example",
      "for instance", "in particular", "in the same way", "by contrast", "at this point", "in this way", "in turn",
      "the former", "the latter", "the above", "the same", "the previous", "the preceding", "the following", "the result",
      "the resulting", "the other", "the rest", "the second", "the third", "the last", "the next", "the remaining",
      "in the example", "in the previous",
      "as we saw", "as we have seen", "as noted", "as mentioned", "as shown", "as described", "as discussed", "as explained",
      "as expected", "as you can see", "not only", "in return", "in short", "in sum", "in summary", "to sum up", "to do so", "to do this", "doing so", "to see this", "returning to");
  private static final Pattern BACK_REFERENCE = Pattern.compile(
      "\\b(?:as|see|shown|given|described|mentioned|defined|listed|discussed|noted|illustrated|outlined|explained|used|seen|"
          + "example|examples|command|code|one)\\s+(?:above|earlier|previously|before)\\b"
          + "|\\b(?:the|this|that)\\s+(?:previous|preceding|former|latter|above|last)\\b"
          + "|\\b(?:above|previous|preceding)\\s+(?:example|section|chapter|paragraph|figure|table|command|step|discussion)s?\\b"
          + "|\\b(?:these|those)\\b(?!\\s+(?:who|that|which|days)\\b)|\\bthis way\\b"
          + "|\\b(?:do|does|did|doing|done)\\s+(?:this|that|so|it)\\b|(?<=\\s)such\\s+(?!as\\b|that\\b)\\p{L}"
          // what a figure, table or another section shows is not shown with the sentence; "as follows" points ahead
          + "|\\b(?:Section|Sections|Chapter|Figure|Fig\\.|Table|Appendix|Listing|Equation|Eq\\.)\\s+\\d|\\bas follows\\b"
          + "|\\b(?:in|of|for|with|by|from|on|at|into)\\s+(?:this|that)\\s+(?:function|example|case|code|command|manner|"
          + "situation|context|form|call|expression|loop|file|list|program|instance|setting|step|point)\\b"
          + "|\\b(?:with|to|of|for|on|at|by|from|about|into|use|using|save|call|see)\\s+(?:them|it|this|that)\\b(?!\\s+\\p{L}+\\s+(?:is|are|was))"
          + "|\\b(?:do|did|save|use|call|see|try|fix|change|delete|run|keep|read|make|avoid)\\s+(?:it|them|this|that)[.!]$"
          + "|\\b(?:this|that|these|those|it|they)\\s+(?:is|was|are|were|will|would|can|could|should|may|might|does|did|"
          + "has|have|had|means|meant|shows|gives|makes|allows|lets|works|happens|happened)\\b",
      Pattern.CASE_INSENSITIVE);

  private WritingText() {
  }

  /** Whether the sentence can be written down on its own (a summary's, a post's), opener or not. */
  public static boolean fitToWrite(String sentence) {
    String s = sentence.strip();
    return !s.isEmpty() && !fragment(s) && !pageFurniture(s) && !codeOrFormula(s) && !table(s) && !leansOnContext(s)
        && !disfluent(s);
  }

  /**
   * Whether it is speech as spoken rather than as written: fillers ({@code "uh"}, {@code "um"}) or
   * words said twice over ({@code "are you actually trying to are you actually trying to"}), as
   * transcripts have them. Read back, such a sentence makes the speaker look foolish.
   */
  public static boolean disfluent(String sentence) {
    String lower = sentence.strip().toLowerCase(Locale.ROOT);
    for (String phrase : FILLER_PHRASES) {
      if (lower.contains(phrase)) {
        return true;
      }
    }
    String[] w = lower.split("[^\\p{L}\\p{N}']+");
    int start = w.length > 0 && w[0].isEmpty() ? 1 : 0;
    if (start < w.length && INTERJECTIONS.contains(w[start])) {
      return true;
    }
    for (int i = 0; i < w.length; i++) {
      if (FILLERS.contains(w[i])) {
        return true;
      }
      for (int n = 1; n <= 5 && i + 2 * n <= w.length; n++) {
        if (n >= 2 || !GRAMMATICAL_DOUBLES.contains(w[i])) { // "that that" and "had had" are grammatical
          if (repeats(w, i, i + n, n) || n >= 2 && i + 2 * n + 1 <= w.length && repeats(w, i, i + n + 1, n)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean repeats(String[] words, int a, int b, int n) {
    for (int k = 0; k < n; k++) {
      if (words[a + k].isEmpty() || !words[a + k].equals(words[b + k])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The sentence without the running header or heading glued in front of it, when where it ends
   * can be told: {@code "Chapter 7: Reading data from files 35 All the datasets ..."} is {@code "All
   * the datasets ..."}, {@code "33 7 Reading data from files Large data objects ..."} is {@code "Large
   * data objects ..."} and {@code "Article 2 Everyone is entitled ..."} is {@code "Everyone is
   * entitled ..."}. Otherwise the sentence as it was (and then, if it has furniture, unfit).
   */
  public static String withoutFurniture(String sentence) {
    String s = sentence.strip();
    Matcher inside = PAGE_NUMBER_INSIDE.matcher(s);
    if (inside.find() && words(s.substring(0, inside.start())) <= MAX_HEADER_WORDS
        && !ENDED.matcher(s.substring(0, inside.start() + 1)).matches()) {
      // the page number ends the running header: the sentence starts at the capital after it
      return s.substring(inside.end() - 2);
    }
    Matcher label = LABEL_START.matcher(s);
    if (label.lookingAt()) {
      return s.substring(label.end() - 1);
    }
    if (NUMBER_THEN_HEADING.matcher(s).lookingAt()) {
      String[] w = SPACES.split(s);
      int k = 0;
      while (k < w.length && Character.isDigit(w[k].charAt(0))) {
        k++;
      }
      // the heading's words run until the sentence's capital: one after a word in lower case ("files
      // Large"), or one after the heading's last capitalised word and before a word in lower case
      // ("Archives Recent versions"); not a function word's ("Compression and Archives") nor a letter's ("R")
      for (int i = k + 1; i < w.length && i - k <= MAX_HEADER_WORDS; i++) {
        boolean capital = Character.isUpperCase(w[i].codePointAt(0)) && w[i].length() > 1;
        boolean afterLower = Character.isLowerCase(w[i - 1].codePointAt(0)) && !FUNCTION_WORDS.contains(w[i - 1]);
        boolean beforeLower = i + 1 < w.length && Character.isLowerCase(w[i + 1].codePointAt(0))
            && Character.isUpperCase(w[i - 1].codePointAt(0));
        if (capital && (afterLower || beforeLower)) {
          return String.join(" ", List.of(w).subList(i, w.length));
        }
      }
    }
    return s;
  }

  /**
   * Whether the sentence carries page furniture: a page number, running header or heading run
   * into it, or a cross-reference to a page.
   */
  public static boolean pageFurniture(String sentence) {
    String s = sentence.strip();
    return NUMBER_THEN_HEADING.matcher(s).find() || PAGE_NUMBER_INSIDE.matcher(s).find() || LABEL_HEADING.matcher(s).find()
        || NUMBERED_HEADING_INSIDE.matcher(s).find() || CROSS_REFERENCE.matcher(s).find();
  }

  /**
   * Whether it is not a whole sentence: it begins in lower case or with a closing bracket, does
   * not end like a sentence (or ends with a colon), has unbalanced brackets, runs list bullets
   * together, or has fewer than {@link #MIN_WORDS} words.
   */
  public static boolean fragment(String sentence) {
    String s = sentence.strip();
    if (s.length() < 25 || words(s) < MIN_WORDS || !ENDED.matcher(s).matches()) {
      return true;
    }
    int first = firstLetterOrDigit(s);
    if (first < 0 || Character.isLowerCase(s.codePointAt(first)) || ")]}".indexOf(s.charAt(0)) >= 0) {
      return true;
    }
    if (s.indexOf('•') >= 0 || s.indexOf('▪') >= 0 || s.contains(" ◦ ")) {
      return true;
    }
    // "Can be used to change the device.": a definition list's item, without its subject
    String firstWord = s.substring(first).split("[^\\p{L}]+", 2)[0].toLowerCase(Locale.ROOT);
    if (SUBJECTLESS_OPENERS.contains(firstWord)) {
      return true;
    }
    if (LABEL_LINE.matcher(s).lookingAt()) {
      return true;
    }
    if (titleCase(s)) {
      return true;
    }
    // "With a character vector argument, returns only ...": the verb after the comma has no subject
    int comma = s.indexOf(", ");
    if (comma > 0 && SUBORDINATE_OPENERS.contains(s.substring(first).split("[^\\p{L}]+", 2)[0].toLowerCase(Locale.ROOT))
        && SUBJECTLESS_OPENERS.contains(s.substring(comma + 2).split("[^\\p{L}]+", 2)[0].toLowerCase(Locale.ROOT))) {
      return true;
    }
    // "By flipping switches on the front of a computer.": a phrase or clause with no sentence to hang on
    String opener = s.substring(first, Math.min(s.length(), first + 12)).split("[^\\p{L}]+", 2)[0].toLowerCase(Locale.ROOT);
    if (SUBORDINATE_OPENERS.contains(opener) && s.indexOf(',') < 0) {
      return true;
    }
    return count(s, '(') != count(s, ')') || count(s, '[') != count(s, ']');
  }

  /** A title rather than a sentence: most of its longer words capitalised ("A Region-Based Compilation Technique for Dynamic Compilers."). */
  private static boolean titleCase(String s) {
    int longer = 0;
    int capitalised = 0;
    for (String word : SPACES.split(s)) {
      if (word.length() > 3 && Character.isLetter(word.charAt(0))) {
        longer++;
        capitalised += Character.isUpperCase(word.charAt(0)) ? 1 : 0;
      }
    }
    return longer >= 3 && capitalised >= 0.7 * longer;
  }

  /** Whether it is code or a formula: two code tokens (calls, indexes, operators, dotted names) or math symbols. */
  public static boolean codeOrFormula(String sentence) {
    String s = sentence.strip();
    if (FORMULA.matcher(s).find()) {
      return true;
    }
    int code = codeTokens(s);
    return code >= 2 || code >= 1 && words(s) < 12;
  }

  /** How many of its words are code: calls, indexes, operators, dotted or underscored names, marked-up literals. */
  public static int codeTokens(String sentence) {
    int code = 0;
    for (String token : SPACES.split(sentence.strip())) {
      if (!DOTTED_WORDS.contains(token.toLowerCase(Locale.ROOT)) && CODE_TOKEN.matcher(token).matches() && !isLink(token)) {
        code++;
      }
    }
    return code;
  }

  /**
   * Whether it is an instruction ("Fit a simple linear regression ...", "Use the R program ..."):
   * it stands alone, but a summary says what a document is about, not what its reader is told to do.
   */
  public static boolean instruction(String sentence) {
    String s = sentence.strip();
    int first = firstLetterOrDigit(s);
    return first >= 0 && IMPERATIVES.contains(s.substring(first).split("[^\\p{L}]+", 2)[0].toLowerCase(Locale.ROOT))
        && Character.isUpperCase(s.codePointAt(first));
  }

  /** Whether it is a table's row: three numbers or more making up a third of it. */
  public static boolean table(String sentence) {
    String[] tokens = SPACES.split(sentence.strip());
    int numbers = 0;
    for (String token : tokens) {
      if (NUMBER.matcher(token).matches()) {
        numbers++;
      }
    }
    return numbers >= 3 && numbers * 3 >= tokens.length;
  }

  /**
   * Whether the sentence leans on what came before it: it opens with a connective ("Thus",
   * "However", "Continuing"), a pronoun or demonstrative ("This", "It", "They", "Such"; but not
   * "This paper ..."), a phrase such as "For example" or "The former", or it points back ("as shown
   * above", "the previous example").
   */
  public static boolean leansOnContext(String sentence) {
    String s = sentence.strip();
    int from = firstLetterOrDigit(s);
    if (from < 0) {
      return false;
    }
    String lower = s.substring(from).toLowerCase(Locale.ROOT);
    String[] words = SPACES.split(lower, 3);
    String first = trimPunctuation(words[0]);
    if (CONNECTIVES.contains(first) || CONNECTIVES.contains(words[0])) {
      return true;
    }
    if (PRONOUNS.contains(first)) {
      String second = words.length > 1 ? trimPunctuation(words[1]) : "";
      boolean selfReference = (first.equals("this") || first.equals("these")) && SELF_REFERENCES.contains(second);
      if (!selfReference) {
        return true;
      }
    }
    // "If they are not, ...", "When it runs, ...": the clause's subject is elsewhere
    if (words.length > 1 && (SUBORDINATE_OPENERS.contains(first) || CLAUSE_OPENERS.contains(first))
        && PRONOUNS.contains(trimPunctuation(words[1]))) {
      return true;
    }
    for (String phrase : OPENING_PHRASES) {
      if (lower.startsWith(phrase) && (lower.length() == phrase.length() || !Character.isLetter(lower.charAt(phrase.length())))) {
        return true;
      }
    }
    return BACK_REFERENCE.matcher(s).find();
  }

  /**
   * Whether two sentences say the same thing in (nearly) the same words: most of their content
   * words shared, or all of the shorter one's. Overlapping chunks and pages repeat sentences, and
   * a post must not make one point twice.
   */
  public static boolean sameThing(String a, String b) {
    Set<String> x = contentWords(a);
    Set<String> y = contentWords(b);
    if (x.isEmpty() || y.isEmpty()) {
      return a.strip().equalsIgnoreCase(b.strip());
    }
    int shared = 0;
    for (String w : x) {
      if (y.contains(w)) {
        shared++;
      }
    }
    int union = x.size() + y.size() - shared;
    return shared >= 0.6 * union || shared >= 0.8 * Math.min(x.size(), y.size()) && shared >= 4;
  }

  /** Words separated by white space. */
  public static int words(String text) {
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

  private static Set<String> contentWords(String text) {
    Set<String> words = new HashSet<>();
    for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (token.length() > 3 || token.length() > 0 && Character.isDigit(token.charAt(0))) {
        words.add(token);
      }
    }
    return words;
  }

  private static boolean isLink(String token) {
    return token.contains("://") || token.startsWith("www.") || token.indexOf('@') > 0;
  }

  private static String trimPunctuation(String word) {
    int end = word.length();
    while (end > 0 && !Character.isLetterOrDigit(word.charAt(end - 1))) {
      end--;
    }
    return word.substring(0, end);
  }

  private static int firstLetterOrDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetterOrDigit(s.charAt(i))) {
        return i;
      }
    }
    return -1;
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
