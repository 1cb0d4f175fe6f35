package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.text.SentenceSplitter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A transcript's chapters, the way video sites show them: topic segments, each with the time it
 * starts and a title. Found by lexical cohesion (TextTiling, Hearst 1997): at each sentence
 * boundary the words of the {@link #WINDOW} sentences before are compared with those of the
 * sentences after; where the talk changes topic the likeness dips, and the deepest dips, at least
 * {@link #MIN_CHAPTER_SHARE} of the running time apart, become chapter starts. A transcript gets
 * about one chapter per {@link #SECONDS_PER_CHAPTER} seconds (2 to {@link #MAX_CHAPTERS}); one shorter
 * than two of those is one chapter. A chapter's title is its two or three most distinctive words
 * (frequent in it, rare in the others), as spoken: {@code "Fortran, compilers and assembly"}.
 * Times are the starts of the chapters' first sentences, so they fall inside the transcript and
 * strictly increase.
 */
final class TranscriptChapters {

  static final int WINDOW = 6;
  static final double SECONDS_PER_CHAPTER = 150;
  static final int MAX_CHAPTERS = 12;
  static final double MIN_CHAPTER_SHARE = 0.5;
  static final int TITLE_WORDS = 3;

  /** Verbs and adjectives said in any topic: a title names what is talked about. */
  private static final Set<String> COMMON_VERBS = Set.of("great", "sweet", "crazy", "cool", "awesome", "amazing",
      "interesting", "important", "different", "true", "real", "best", "better", "worse", "huge", "nice", "weird", "hard",
      "easy", "simple", "whole", "basic", "able", "kinda", "sorta", "super", "totally", "probably", "definitely","read", "reading", "remember", "write", "written", "writing",
      "believe", "happen", "happens", "start", "started", "call", "called", "work", "works", "worked", "working", "love",
      "feel", "seem", "seems", "give", "keep", "trying", "attempting", "attempt", "understand", "used", "using", "point",
      "find", "found", "bring", "hear", "heard", "watch", "watched", "wrote", "knew", "thought", "means", "happened",
      "become", "became", "change", "changed", "show", "shows", "care", "agree", "guess", "supposed", "correct", "funny");
  private static final Set<String> STOPWORDS = Set.of(
      "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
      "has", "him", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "got", "let",
      "put", "say", "she", "too", "use", "that", "with", "have", "this", "will", "your", "from", "they", "know",
      "want", "been", "good", "much", "some", "time", "very", "when", "come", "here", "just", "like", "long", "make",
      "many", "more", "only", "over", "such", "take", "than", "them", "well", "were", "what", "then", "there",
      "these", "thing", "things", "think", "those", "would", "could", "should", "about", "after", "again", "also",
      "because", "before", "being", "both", "does", "doing", "down", "each", "even", "every", "going", "gonna",
      "into", "kind", "kinds", "maybe", "mean", "most", "must", "need", "other", "really", "right", "said", "same",
      "something", "still", "sure", "their", "thats", "that's", "it's", "don't", "didn't", "doesn't", "isn't", "i'm",
      "you're", "we're", "they're", "i've", "we've", "can't", "won't", "there's", "what's", "let's", "where", "which",
      "while", "whole", "yeah", "okay", "actually", "basically", "literally", "stuff", "lot", "lots", "way", "ways",
      "yes", "getting", "look", "looks", "looking", "pretty", "little", "through", "under", "until", "upon", "why",
      "wait", "uh", "um", "oh", "hey", "guys", "dude", "gotta", "wanna", "ever", "never", "always", "first", "last",
      "next", "one's", "anything", "everything", "nothing", "someone", "everyone", "anyone", "people", "person",
      "says", "saying", "tell", "told", "talk", "talking", "went", "goes", "gone", "came", "made", "makes", "making",
      "done", "thank", "thanks", "hello", "welcome", "today", "back", "around", "another", "though", "quite",
      "rather", "whatever");

  /** A sentence of the transcript and the second it starts. */
  record Sentence(double start, String text) {
  }

  /** A chapter: its title, its first sentence (index), and when it starts and ends, in seconds. */
  record Chapter(String title, int firstSentence, double start, double end) {
  }

  private TranscriptChapters() {
  }

  /** The transcript's sentences in time order, each starting at the segment where its first word was said. */
  static List<Sentence> sentences(List<SummaryInput.Segment> segments) {
    List<SummaryInput.Segment> spoken = segments.stream()
        .filter(s -> s.text() != null && !s.text().isBlank() && Double.isFinite(s.start()))
        .sorted(Comparator.comparingDouble(SummaryInput.Segment::start))
        .toList();
    StringBuilder text = new StringBuilder();
    List<int[]> offsets = new ArrayList<>(); // [offset in text, index of segment]
    for (int i = 0; i < spoken.size(); i++) {
      String cue = spoken.get(i).text().strip().replaceAll("\\s+", " ");
      text.append(text.isEmpty() ? "" : " ");
      offsets.add(new int[] {text.length(), i});
      text.append(cue);
    }
    String all = text.toString();
    List<Sentence> sentences = new ArrayList<>();
    int cursor = 0;
    int segment = 0;
    for (String sentence : SentenceSplitter.split(all)) {
      int at = all.indexOf(sentence, cursor);
      if (at < 0) {
        at = cursor;
      } else {
        cursor = at + sentence.length();
      }
      while (segment + 1 < offsets.size() && offsets.get(segment + 1)[0] <= at) {
        segment++;
      }
      sentences.add(new Sentence(spoken.get(offsets.get(segment)[1]).start(), sentence));
    }
    return sentences;
  }

  /** The chapters of the sentences (at least one), in order, with strictly increasing starts; the last ends at {@code end}. */
  static List<Chapter> of(List<Sentence> sentences, double end) {
    double first = sentences.getFirst().start();
    double last = Math.max(sentences.getLast().start(), end);
    double duration = Math.max(1, last - first);
    int wanted = Math.clamp(Math.round(duration / SECONDS_PER_CHAPTER), 1, MAX_CHAPTERS);
    List<Map<String, Integer>> terms = sentences.stream().map(s -> terms(s.text())).toList();
    List<Integer> starts = new ArrayList<>(List.of(0));
    if (wanted >= 2 && sentences.size() >= 2 * WINDOW) {
      starts.addAll(boundaries(sentences, terms, wanted, duration / wanted * MIN_CHAPTER_SHARE));
    }
    starts.sort(Integer::compare);
    List<Chapter> chapters = new ArrayList<>();
    List<Map<String, Integer>> chapterTerms = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int from = starts.get(k);
      int to = k + 1 < starts.size() ? starts.get(k + 1) : sentences.size();
      chapterTerms.add(sum(terms.subList(from, to)));
    }
    for (int k = 0; k < starts.size(); k++) {
      int from = starts.get(k);
      int to = k + 1 < starts.size() ? starts.get(k + 1) : sentences.size();
      double until = k + 1 < starts.size() ? sentences.get(to).start() : last;
      chapters.add(new Chapter(title(chapterTerms, k, sentences, from, to), from, sentences.get(from).start(), until));
    }
    return chapters;
  }

  /** Up to {@code wanted - 1} chapter starts (sentence indices): the deepest dips in cohesion, far enough apart. */
  private static List<Integer> boundaries(List<Sentence> sentences, List<Map<String, Integer>> terms, int wanted, double minSeconds) {
    int n = sentences.size();
    double[] cohesion = new double[n];
    for (int gap = 1; gap < n; gap++) {
      cohesion[gap] = cosine(sum(terms.subList(Math.max(0, gap - WINDOW), gap)), sum(terms.subList(gap, Math.min(n, gap + WINDOW))));
    }
    List<double[]> depths = new ArrayList<>(); // [gap, depth]
    for (int gap = WINDOW / 2; gap <= n - WINDOW / 2; gap++) {
      if (gap >= n) {
        break;
      }
      double left = cohesion[gap];
      for (int g = gap - 1; g >= 1 && cohesion[g] >= left; g--) {
        left = cohesion[g];
      }
      double right = cohesion[gap];
      for (int g = gap + 1; g < n && cohesion[g] >= right; g++) {
        right = cohesion[g];
      }
      double depth = left - cohesion[gap] + right - cohesion[gap];
      if (depth > 0) {
        depths.add(new double[] {gap, depth});
      }
    }
    depths.sort(Comparator.comparingDouble((double[] d) -> -d[1]));
    double first = sentences.getFirst().start();
    double last = sentences.getLast().start();
    List<Integer> chosen = new ArrayList<>();
    for (double[] d : depths) {
      if (chosen.size() >= wanted - 1) {
        break;
      }
      int gap = (int) d[0];
      double at = sentences.get(gap).start();
      boolean apart = at - first >= minSeconds && last - at >= minSeconds
          && chosen.stream().allMatch(c -> Math.abs(sentences.get(c).start() - at) >= minSeconds);
      if (apart && at > first) {
        chosen.add(gap);
      }
    }
    return chosen;
  }

  /** The chapter's most distinctive words, as said most often: frequent in it, in few other chapters. */
  private static String title(List<Map<String, Integer>> chapterTerms, int k, List<Sentence> sentences, int from, int to) {
    Map<String, Integer> mine = chapterTerms.get(k);
    int chapters = chapterTerms.size();
    List<Map.Entry<String, Double>> scored = new ArrayList<>();
    for (Map.Entry<String, Integer> e : mine.entrySet()) {
      int in = 0;
      for (Map<String, Integer> other : chapterTerms) {
        in += other.containsKey(e.getKey()) ? 1 : 0;
      }
      if ((e.getValue() >= 2 || chapters == 1) && !COMMON_VERBS.contains(e.getKey())) {
        // words ending like verbs or adjectives count half: titles are made of nouns
        double weight = e.getKey().endsWith("ing") || e.getKey().endsWith("ed") || e.getKey().endsWith("ly") ? 0.5 : 1;
        scored.add(Map.entry(e.getKey(), weight * e.getValue() * Math.log(1.0 + (double) chapters / in)));
      }
    }
    scored.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> words = new ArrayList<>();
    for (int i = 0; i < scored.size() && words.size() < TITLE_WORDS; i++) {
      words.add(surface(scored.get(i).getKey(), sentences.subList(from, to)));
    }
    if (words.isEmpty()) {
      return "Part " + (k + 1);
    }
    String title = words.size() == 1 ? words.getFirst()
        : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.getLast();
    return Character.toUpperCase(title.charAt(0)) + title.substring(1);
  }

  /** The word as it is written most often in these sentences ({@code "Fortran"}, {@code "compilers"}). */
  private static String surface(String term, List<Sentence> sentences) {
    Map<String, Integer> forms = new LinkedHashMap<>();
    for (Sentence s : sentences) {
      for (String token : s.text().split("[^\\p{L}\\p{N}'’-]+")) {
        if (token.toLowerCase(Locale.ROOT).equals(term)) {
          forms.merge(token, 1, Integer::sum);
        }
      }
    }
    return forms.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(term);
  }

  private static Map<String, Integer> terms(String text) {
    Map<String, Integer> terms = new HashMap<>();
    for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'’-]+")) {
      String t = token.replace('’', '\'');
      while (!t.isEmpty() && !Character.isLetterOrDigit(t.charAt(t.length() - 1))) {
        t = t.substring(0, t.length() - 1);
      }
      if (t.length() >= 4 && Character.isLetter(t.charAt(0)) && !STOPWORDS.contains(t)) {
        terms.merge(t, 1, Integer::sum);
      }
    }
    return terms;
  }

  private static Map<String, Integer> sum(List<Map<String, Integer>> parts) {
    Map<String, Integer> sum = new HashMap<>();
    parts.forEach(p -> p.forEach((t, c) -> sum.merge(t, c, Integer::sum)));
    return sum;
  }

  private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
    double dot = 0;
    for (Map.Entry<String, Integer> e : a.entrySet()) {
      Integer other = b.get(e.getKey());
      if (other != null) {
        dot += e.getValue() * (double) other;
      }
    }
    double na = Math.sqrt(a.values().stream().mapToDouble(v -> v * (double) v).sum());
    double nb = Math.sqrt(b.values().stream().mapToDouble(v -> v * (double) v).sum());
    return na == 0 || nb == 0 ? 0 : dot / (na * nb);
  }
}
