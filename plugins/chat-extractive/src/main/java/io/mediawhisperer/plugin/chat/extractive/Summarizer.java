package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import io.mediawhisperer.spi.text.SentenceSplitter;
import io.mediawhisperer.spi.text.WritingText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extractive summary: sentences of the document, given in reading order, so that every word
 * of it is the document's own. Only sentences that can stand alone are considered
 * ({@link WritingText}: no page furniture, fragments, code, tables, speech fillers or sentences
 * that lean on the one before; a running header glued to a chunk's sentence is cut off first),
 * nor reference lists, debris ({@link Junk}) or questions.
 * <ul>
 *   <li>When the request names the source's parts ({@link SummaryRequest#sections()}: a manual's
 *       chapters, a paper's sections, a transcript's chapters) the summary follows them: a sentence
 *       or two for each main part, in order ({@link SectionPicker}).</li>
 *   <li>A chat log says what was asked and what was concluded ({@link ChatLogSummary}).</li>
 *   <li>Otherwise the most central sentences, taken until the word budget is spent. Centrality
 *       blends LexRank (PageRank over the graph of sentences linked by TF-IDF cosine similarity:
 *       what many sentences echo) with likeness to the whole document (its centroid), plus a little
 *       weight for the opening; picking penalises likeness to what was already picked (maximal
 *       marginal relevance), so the summary ranges over the document instead of dwelling on its
 *       densest topic.</li>
 * </ul>
 * At most {@link #MAX_SENTENCES} sentences are considered, sampled evenly from longer documents,
 * so a 200-page PDF is summarised in about a second. Thread-safe: state lives in the call.
 */
final class Summarizer {

  static final int MAX_SENTENCES = 3000;
  /** Sentences less similar than this are not linked: weak links are noise that flattens the ranking. */
  static final double LINK_THRESHOLD = 0.1;
  /** Sentences this similar to one already picked repeat it. */
  static final double REPEAT_THRESHOLD = 0.5;
  static final double DAMPING = 0.85;
  static final int ITERATIONS = 40;
  /** How much likeness to a picked sentence costs, against centrality scaled to 1 for the most central. */
  static final double DIVERSITY = 2.0;
  /** Only this many of the most central sentences are candidates: a summary never reaches further down. */
  static final int POOL = 300;
  /** The opening sentences' weight grows by up to this share, less the further in they are. */
  static final double LEAD_BONUS = 0.5;
  /** The opening is this share of the sentences, but at least {@link #LEAD_MIN_SENTENCES}. */
  static final double LEAD_SHARE = 0.05;
  static final int LEAD_MIN_SENTENCES = 5;
  /** Below this share of properly ended sentences the text is unpunctuated (captions), and all are kept. */
  static final double MIN_ENDED_SHARE = 0.3;
  private static final Pattern CAPTION_LABEL = Pattern.compile("(?:Figure|Fig\\.|Table|Listing|Algorithm)\\s*\\d{1,3}[.:]?");
  private static final Pattern ENUMERATOR = Pattern.compile("^(?:\\(?\\d{1,2}[.)]|\\([a-z]\\))\\s+(?=\\p{Lu})");
  private static final Pattern ENDED = Pattern.compile("[.!…][\"'”’)\\]]*$");

  private Summarizer() {
  }

  static String summarize(SummaryRequest request) {
    if (request.kind() == SummaryRequest.Kind.CHAT_LOG) {
      String conversation = ChatLogSummary.summarize(request);
      if (conversation != null) {
        return conversation;
      }
    }
    List<Candidate> candidates = candidates(request.passages());
    if (candidates.isEmpty()) {
      return fallback(request);
    }
    List<String> sentences = candidates.stream().map(Candidate::text).toList();
    Vectors vectors = Vectors.of(sentences);
    double[] centrality = centrality(vectors);
    if (!request.sections().isEmpty()) {
      List<Integer> bySections = SectionPicker.pick(request, candidates, vectors, centrality);
      if (!bySections.isEmpty()) {
        return join(sentences, bySections);
      }
    }
    leadBonus(centrality);
    Integer[] order = new Integer[sentences.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -centrality[i]).thenComparingInt(i -> i));

    List<Integer> picked = pick(sentences, vectors, centrality, order, request.maxWords());
    if (picked.isEmpty()) {
      return firstWords(sentences.get(order[0]), request.maxWords());
    }
    return join(sentences, picked);
  }

  /** The picked sentences in reading order. */
  private static String join(List<String> sentences, List<Integer> picked) {
    List<Integer> inOrder = new ArrayList<>(picked);
    inOrder.sort(Integer::compare);
    List<String> chosen = new ArrayList<>();
    inOrder.forEach(i -> chosen.add(sentences.get(i)));
    return String.join(" ", chosen);
  }

  /** A sentence worth a summary, with the index of the passage it comes from. */
  record Candidate(String text, int passage) {
  }

  /**
   * Maximal marginal relevance: the most central sentence, then each time the one most central
   * and least like those already picked, until the words are spent. Central sentences of one
   * dense topic resemble each other; without the penalty a summary of an FAQ would be three
   * sentences about its one longest answer.
   */
  private static List<Integer> pick(List<String> sentences, Vectors vectors, double[] centrality, Integer[] order,
      int maxWords) {
    int pool = Math.min(order.length, POOL);
    double top = centrality[order[0]];
    double[] closest = new double[pool];
    boolean[] taken = new boolean[pool];
    double[] style = new double[sentences.size()];
    for (int k = 0; k < pool; k++) {
      String text = sentences.get(order[k]);
      style[order[k]] = (WritingText.instruction(text) ? SectionPicker.STYLE_PENALTY : 0)
          + SectionPicker.STYLE_PENALTY * WritingText.codeTokens(text);
    }
    List<Integer> picked = new ArrayList<>();
    int words = 0;
    while (maxWords - words >= 6) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < pool; k++) {
        int i = order[k];
        if (taken[k] || closest[k] >= REPEAT_THRESHOLD || words + Junk.words(sentences.get(i)) > maxWords) {
          continue;
        }
        double score = centrality[i] / top - DIVERSITY * closest[k] - style[i];
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      if (best < 0) {
        break;
      }
      taken[best] = true;
      int chosen = order[best];
      picked.add(chosen);
      words += Junk.words(sentences.get(chosen));
      for (int k = 0; k < pool; k++) {
        if (!taken[k]) {
          closest[k] = Math.max(closest[k], vectors.cosine(chosen, order[k]));
        }
      }
    }
    return picked;
  }

  /**
   * The sentences worth considering, in reading order, each once, evenly sampled down to the cap:
   * none that {@link WritingText} finds unfit to write down alone (page furniture, fragments, code,
   * tables, sentences leaning on the one before), no references or debris ({@link Junk}), no questions.
   */
  static List<Candidate> candidates(List<Passage> passages) {
    List<Candidate> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int ended = 0;
    int total = 0;
    for (int p = 0; p < passages.size(); p++) {
      boolean caption = false;
      for (String split : SentenceSplitter.split(passages.get(p).text())) {
        // "1. Everyone has the right to education.": the item's number is not part of what it says
        String sentence = ENUMERATOR.matcher(WritingText.withoutFurniture(split)).replaceFirst("");
        total++;
        // "Figure 9. Fraction of dynamic bytecodes ...": what follows a figure's or table's number is its caption
        boolean captionNext = CAPTION_LABEL.matcher(sentence).matches();
        if (caption || captionNext) {
          caption = captionNext;
          continue;
        }
        ended += ENDED.matcher(sentence).find() ? 1 : 0;
        // overlapping chunks repeat their edges; a repeat must not count twice. Questions (FAQ
        // headings, a speaker's rhetorical ones) say what is asked, not what the text says.
        if (!Junk.unfitForSummary(sentence) && !sentence.endsWith("?") && seen.add(sentence)) {
          all.add(new Candidate(sentence, p));
        }
      }
    }
    // unpunctuated text (captions) has no sentences to judge as such: its windows are kept as they are
    boolean punctuated = ended >= MIN_ENDED_SHARE * total;
    all.removeIf(c -> punctuated ? !WritingText.fitToWrite(c.text())
        : WritingText.pageFurniture(c.text()) || WritingText.codeOrFormula(c.text()) || WritingText.table(c.text()));
    if (all.size() <= MAX_SENTENCES) {
      return all;
    }
    List<Candidate> sample = new ArrayList<>(MAX_SENTENCES);
    for (int i = 0; i < MAX_SENTENCES; i++) {
      sample.add(all.get((int) ((long) i * all.size() / MAX_SENTENCES)));
    }
    return sample;
  }

  /**
   * Each sentence's centrality: half its LexRank, half its likeness to the document as a whole
   * (the centroid of all sentences, as in MEAD), each scaled to 1 for the best, with a bonus for
   * the opening. LexRank finds what many sentences echo; the centroid adds the words the whole
   * document is full of ("Python" in a Python FAQ), which the graph discounts as too common.
   * The opening's bonus ({@link #leadBonus}) is the caller's to add.
   */
  static double[] centrality(Vectors vectors) {
    double[] rank = lexRank(vectors);
    double[] centroid = vectors.centroidSimilarity();
    double maxRank = Arrays.stream(rank).max().orElse(1);
    double maxCentroid = Math.max(1e-12, Arrays.stream(centroid).max().orElse(1));
    double[] centrality = new double[rank.length];
    for (int i = 0; i < rank.length; i++) {
      centrality[i] = 0.5 * rank[i] / maxRank + 0.5 * centroid[i] / maxCentroid;
    }
    return centrality;
  }

  /** Continuous LexRank: each sentence passes its score to the sentences it resembles, weighted by resemblance. */
  static double[] lexRank(Vectors vectors) {
    int n = vectors.size();
    List<int[]> neighbours = new ArrayList<>(n);
    List<double[]> weights = new ArrayList<>(n);
    vectors.links(LINK_THRESHOLD, neighbours, weights);
    double[] rowSum = new double[n];
    for (int i = 0; i < n; i++) {
      for (double w : weights.get(i)) {
        rowSum[i] += w;
      }
    }
    double[] rank = new double[n];
    Arrays.fill(rank, 1.0 / n);
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      double[] next = new double[n];
      double dangling = 0;
      for (int i = 0; i < n; i++) {
        if (rowSum[i] == 0) {
          dangling += rank[i];
          continue;
        }
        int[] to = neighbours.get(i);
        double[] w = weights.get(i);
        for (int k = 0; k < to.length; k++) {
          next[to[k]] += rank[i] * w[k] / rowSum[i];
        }
      }
      double delta = 0;
      for (int i = 0; i < n; i++) {
        double value = (1 - DAMPING) / n + DAMPING * (next[i] + dangling / n);
        delta += Math.abs(value - rank[i]);
        rank[i] = value;
      }
      if (delta < 1e-6) { // the order of sentences, all that is used, settles long before
        break;
      }
    }
    return rank;
  }

  /**
   * A little more weight for the opening sentences: abstracts, introductions and a speaker's
   * first words say what a document is about, which centrality alone misses when a document has
   * many topics (an FAQ) and one of them is long.
   */
  static void leadBonus(double[] centrality) {
    double span = Math.max(LEAD_MIN_SENTENCES, LEAD_SHARE * centrality.length);
    for (int i = 0; i < centrality.length && i < span; i++) {
      centrality[i] *= 1 + LEAD_BONUS * (1 - i / span);
    }
  }

  /** No sentence worth a summary (only headings, numbers or fragments): the text's first words, said as such. */
  private static String fallback(SummaryRequest request) {
    StringBuilder text = new StringBuilder();
    for (Passage passage : request.passages()) {
      text.append(passage.text()).append(' ');
    }
    String all = text.toString().strip();
    if (all.isEmpty()) {
      return "\"" + request.title() + "\" has no text to summarize.";
    }
    return firstWords(all, request.maxWords());
  }

  private static String firstWords(String text, int maxWords) {
    String[] words = text.strip().split("\\s+");
    if (words.length <= maxWords) {
      return String.join(" ", words);
    }
    return String.join(" ", Arrays.copyOf(words, maxWords)) + " …";
  }

  /** L2-normalised TF-IDF vectors of sentences, sparse, with an inverted index for the similarity graph. */
  static final class Vectors {

    private final int[][] terms;
    private final double[][] values;
    private final int termCount;

    private Vectors(int[][] terms, double[][] values, int termCount) {
      this.terms = terms;
      this.values = values;
      this.termCount = termCount;
    }

    static Vectors of(List<String> sentences) {
      Map<String, Integer> ids = new HashMap<>();
      List<Map<Integer, Integer>> counts = new ArrayList<>(sentences.size());
      for (String sentence : sentences) {
        Map<Integer, Integer> tf = new HashMap<>();
        for (String term : Terms.of(sentence)) {
          tf.merge(ids.computeIfAbsent(term, t -> ids.size()), 1, Integer::sum);
        }
        counts.add(tf);
      }
      int[] df = new int[ids.size()];
      counts.forEach(tf -> tf.keySet().forEach(id -> df[id]++));
      int n = sentences.size();
      int[][] terms = new int[n][];
      double[][] values = new double[n][];
      for (int i = 0; i < n; i++) {
        Map<Integer, Integer> tf = counts.get(i);
        int[] t = tf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[] v = new double[t.length];
        double norm = 0;
        for (int k = 0; k < t.length; k++) {
          v[k] = (1 + Math.log(tf.get(t[k]))) * Math.log((double) n / df[t[k]] + 1);
          norm += v[k] * v[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < t.length && norm > 0; k++) {
          v[k] /= norm;
        }
        terms[i] = t;
        values[i] = v;
      }
      return new Vectors(terms, values, ids.size());
    }

    int size() {
      return terms.length;
    }

    double cosine(int a, int b) {
      int[] ta = terms[a];
      int[] tb = terms[b];
      double dot = 0;
      for (int i = 0, j = 0; i < ta.length && j < tb.length; ) {
        if (ta[i] == tb[j]) {
          dot += values[a][i++] * values[b][j++];
        } else if (ta[i] < tb[j]) {
          i++;
        } else {
          j++;
        }
      }
      return dot;
    }

    /** For each sentence, the others at least {@code threshold} similar and how similar, through an inverted index. */
    void links(double threshold, List<int[]> neighbours, List<double[]> weights) {
      int n = size();
      int[] df = new int[termCount];
      for (int[] t : terms) {
        for (int term : t) {
          df[term]++;
        }
      }
      int[][] postingIds = new int[termCount][];
      double[][] postingValues = new double[termCount][];
      for (int t = 0; t < termCount; t++) {
        postingIds[t] = new int[df[t]];
        postingValues[t] = new double[df[t]];
      }
      int[] filled = new int[termCount];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < terms[i].length; k++) {
          int t = terms[i][k];
          postingIds[t][filled[t]] = i;
          postingValues[t][filled[t]++] = values[i][k];
        }
      }
      double[] dot = new double[n];
      int[] touched = new int[n];
      for (int i = 0; i < n; i++) {
        int touchedCount = 0;
        for (int k = 0; k < terms[i].length; k++) {
          int t = terms[i][k];
          double vi = values[i][k];
          int[] ids = postingIds[t];
          double[] vs = postingValues[t];
          for (int p = 0; p < ids.length; p++) {
            int j = ids[p];
            if (j == i) {
              continue;
            }
            if (dot[j] == 0) {
              touched[touchedCount++] = j;
            }
            dot[j] += vi * vs[p];
          }
        }
        int kept = 0;
        int[] to = new int[touchedCount];
        double[] w = new double[touchedCount];
        for (int k = 0; k < touchedCount; k++) {
          int j = touched[k];
          if (dot[j] >= threshold) {
            to[kept] = j;
            w[kept++] = dot[j];
          }
          dot[j] = 0;
        }
        neighbours.add(Arrays.copyOf(to, kept));
        weights.add(Arrays.copyOf(w, kept));
      }
    }

    /** Each member's cosine with the sum of the members' vectors: how typical it is of a part of the document. */
    double[] centroidSimilarity(List<Integer> members) {
      Map<Integer, Double> centroid = new HashMap<>();
      for (int i : members) {
        for (int k = 0; k < terms[i].length; k++) {
          centroid.merge(terms[i][k], values[i][k], Double::sum);
        }
      }
      double norm = Math.sqrt(centroid.values().stream().mapToDouble(x -> x * x).sum());
      double[] similarity = new double[members.size()];
      for (int m = 0; m < members.size() && norm > 0; m++) {
        int i = members.get(m);
        for (int k = 0; k < terms[i].length; k++) {
          similarity[m] += values[i][k] * centroid.get(terms[i][k]) / norm;
        }
      }
      return similarity;
    }

    /** Each sentence's cosine with the sum of all sentences' vectors. */
    double[] centroidSimilarity() {
      double[] centroid = new double[termCount];
      for (int i = 0; i < size(); i++) {
        for (int k = 0; k < terms[i].length; k++) {
          centroid[terms[i][k]] += values[i][k];
        }
      }
      double norm = Math.sqrt(Arrays.stream(centroid).map(x -> x * x).sum());
      double[] similarity = new double[size()];
      for (int i = 0; i < size() && norm > 0; i++) {
        for (int k = 0; k < terms[i].length; k++) {
          similarity[i] += values[i][k] * centroid[terms[i][k]] / norm;
        }
      }
      return similarity;
    }
  }
}
