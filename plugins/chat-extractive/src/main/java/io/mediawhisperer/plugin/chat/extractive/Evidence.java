package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.chat.ChatMessage;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.text.SentenceSplitter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the sentences that best answer a question, strongest first. A sentence's relevance is
 * the share of the question's content words it contains, each word weighted by how rare it is
 * among the passages' sentences (a word every sentence has says nothing), blended with how much
 * of the question its whole passage covers (a sentence of an on-topic passage is likelier to be
 * the answer than a lone match elsewhere).
 *
 * <p>Retrieval, which sees meaning and not only words, puts the right passage first most of
 * the time (94% on the Python FAQ set), and an answer often shares few words with its question.
 * So the first quote comes from the first passage whenever it matches at all, unless another
 * passage is clearly better in words: {@link #CLEARLY_BETTER} times as relevant and at least
 * {@link #MARGIN} more. Further quotes are ranked by relevance weighed by their passage's rank.
 * Thread-safe: state lives in the call.
 */
final class Evidence {

  static final int MAX_QUOTES = 3;
  static final int MAX_PER_PASSAGE = 2;
  /** For further quotes, a passage at rank r (0 first) has its sentences' relevance divided by 1 + r * this. */
  static final double RANK_DECAY = 0.2;
  /** How much of a sentence's relevance comes from its passage rather than itself. */
  static final double PASSAGE_SHARE = 0.3;
  /** How many times as relevant a lower passage must be to lead instead of the first. */
  static final double CLEARLY_BETTER = 1.5;
  /** And by how much more (relevance is about a share of the question, 0 to 1). */
  static final double MARGIN = 0.2;
  /** Further quotes must score at least this share of the first one. */
  static final double FURTHER_QUOTE_RATIO = 0.6;
  /** Sentences with more terms than this score a little less: they match more words by bulk. */
  static final int PLAIN_LENGTH = 18;
  /** Questions with fewer content words than this ("and why?") borrow the previous question's. */
  static final int FOLLOW_UP_TERMS = 3;
  static final double FOLLOW_UP_WEIGHT = 0.5;
  /** An answer of fewer words than this is quoted with the sentence after it. */
  static final int SHORT_ANSWER_WORDS = 5;

  /** A sentence with its relevance to the question, and that relevance weighed by its passage's rank. */
  record Scored(Sentence sentence, double relevance, double score) {
  }

  /**
   * What the passages offer: the quotes to give, strongest first; or, when no sentence shares a
   * content word with the question, {@code matched} false and the closest passage's best
   * sentence alone (empty when no passage has a sentence worth quoting).
   */
  record Selection(boolean matched, List<Sentence> quotes) {
  }

  private Evidence() {
  }

  static Selection select(String question, List<ChatMessage> history, List<Passage> passages) {
    List<Sentence> sentences = sentences(passages);
    List<Scored> ranked = answers(rank(queryTerms(question, history), sentences), sentences);
    if (ranked.isEmpty()) {
      return new Selection(false, closest(sentences));
    }
    return new Selection(true, pick(ranked));
  }

  static List<Sentence> sentences(List<Passage> passages) {
    List<Sentence> sentences = new ArrayList<>();
    for (int rank = 0; rank < passages.size(); rank++) {
      Passage passage = passages.get(rank);
      int position = 0;
      for (String text : SentenceSplitter.split(passage.text())) {
        if (!Junk.unquotable(text)) {
          sentences.add(Sentence.of(passage, rank, position, text));
        }
        position++;
      }
    }
    return sentences;
  }

  /** The question's terms with their weights: 1, or less for terms borrowed from the previous question. */
  static Map<String, Double> queryTerms(String question, List<ChatMessage> history) {
    Map<String, Double> query = new LinkedHashMap<>();
    Terms.of(question == null ? "" : question).forEach(term -> query.put(term, 1.0));
    if (query.size() < FOLLOW_UP_TERMS) {
      for (int i = history.size() - 1; i >= 0; i--) {
        ChatMessage message = history.get(i);
        if (message.role() == ChatMessage.Role.USER && message.content() != null) {
          Terms.of(message.content()).forEach(term -> query.putIfAbsent(term, FOLLOW_UP_WEIGHT));
          break;
        }
      }
    }
    return query;
  }

  /** Every sentence that shares a content word with the query, best first. */
  static List<Scored> rank(Map<String, Double> query, List<Sentence> sentences) {
    if (query.isEmpty() || sentences.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (Sentence sentence : sentences) {
      for (String term : sentence.termSet()) {
        if (query.containsKey(term)) {
          documentFrequency.merge(term, 1, Integer::sum);
        }
      }
    }
    Map<String, Double> weight = new HashMap<>();
    double total = 0;
    for (Map.Entry<String, Double> term : query.entrySet()) {
      double idf = idf(sentences.size(), documentFrequency.getOrDefault(term.getKey(), 0));
      weight.put(term.getKey(), idf * term.getValue());
      total += idf * term.getValue();
    }
    Map<Integer, Double> passageCoverage = passageCoverage(sentences, weight, total);

    List<Scored> scored = new ArrayList<>();
    for (Sentence sentence : sentences) {
      double lexical = coverage(sentence.termSet(), weight, total);
      if (lexical == 0) {
        continue;
      }
      double length = 1 + Math.max(0, sentence.terms().size() - PLAIN_LENGTH) / (double) (2 * PLAIN_LENGTH);
      double relevance = ((1 - PASSAGE_SHARE) * lexical + PASSAGE_SHARE * passageCoverage.get(sentence.rank()))
          / Math.sqrt(length);
      scored.add(new Scored(sentence, relevance, relevance / (1 + RANK_DECAY * sentence.rank())));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed()
        .thenComparingInt(s -> s.sentence().rank())
        .thenComparingInt(s -> s.sentence().position()));
    return scored;
  }

  /** BM25's inverse document frequency: always positive, highest for the rarest terms. */
  static double idf(int sentences, int containing) {
    return Math.log(1 + (sentences - containing + 0.5) / (containing + 0.5));
  }

  private static double coverage(Set<String> terms, Map<String, Double> weight, double total) {
    double covered = 0;
    for (Map.Entry<String, Double> term : weight.entrySet()) {
      if (terms.contains(term.getKey())) {
        covered += term.getValue();
      }
    }
    return total == 0 ? 0 : covered / total;
  }

  private static Map<Integer, Double> passageCoverage(List<Sentence> sentences, Map<String, Double> weight, double total) {
    Map<Integer, Set<String>> termsByPassage = new HashMap<>();
    for (Sentence sentence : sentences) {
      termsByPassage.computeIfAbsent(sentence.rank(), r -> new HashSet<>()).addAll(sentence.termSet());
    }
    Map<Integer, Double> coverage = new HashMap<>();
    termsByPassage.forEach((rank, terms) -> coverage.put(rank, coverage(terms, weight, total)));
    return coverage;
  }

  /**
   * The ranking with each question in the sources (an FAQ heading, a rhetorical question)
   * replaced by the sentence that follows it in its passage: a question shares the words of the
   * user's question, but its answer is what comes next. A question with nothing after it goes.
   * An answer too short to stand alone ("Yes.", "Very stable.") is quoted with its next sentence.
   */
  static List<Scored> answers(List<Scored> ranked, List<Sentence> sentences) {
    List<Scored> answers = new ArrayList<>(ranked.size());
    for (Scored candidate : ranked) {
      Sentence sentence = candidate.sentence();
      if (!sentence.text().endsWith("?")) {
        answers.add(candidate);
        continue;
      }
      Sentence answer = next(sentence, sentences);
      if (answer != null && !answer.text().endsWith("?")) {
        Sentence more = Junk.words(answer.text()) < SHORT_ANSWER_WORDS ? next(answer, sentences) : null;
        if (more != null && more.position() == answer.position() + 1 && !more.text().endsWith("?")) {
          answer = Sentence.of(answer.passage(), answer.rank(), answer.position(), answer.text() + " " + more.text());
        }
        answers.add(new Scored(answer, candidate.relevance(), candidate.score()));
      }
    }
    return answers;
  }

  /** The sentence after {@code sentence} in its passage, or null. */
  private static Sentence next(Sentence sentence, List<Sentence> sentences) {
    for (Sentence s : sentences) {
      if (s.rank() == sentence.rank() && s.position() > sentence.position()) {
        return s;
      }
    }
    return null;
  }

  /** The lead, then up to two more that score nearly as well, are not repeats, and spread over passages. */
  static List<Sentence> pick(List<Scored> ranked) {
    Scored lead = lead(ranked);
    List<Sentence> picked = new ArrayList<>(List.of(lead.sentence()));
    Map<Integer, Integer> perPassage = new HashMap<>(Map.of(lead.sentence().rank(), 1));
    for (Scored candidate : ranked) {
      if (picked.size() == MAX_QUOTES || candidate.score() < FURTHER_QUOTE_RATIO * lead.score()) {
        break;
      }
      Sentence sentence = candidate.sentence();
      if (perPassage.getOrDefault(sentence.rank(), 0) == MAX_PER_PASSAGE
          || picked.stream().anyMatch(sentence::nearDuplicateOf)) {
        continue;
      }
      picked.add(sentence);
      perPassage.merge(sentence.rank(), 1, Integer::sum);
    }
    return picked;
  }

  /**
   * The first quote: the first passage's most relevant sentence, unless another passage's is
   * clearly better (see the class comment); the best-scoring sentence when the first passage has
   * no match at all.
   */
  static Scored lead(List<Scored> ranked) {
    Scored top = null;
    Scored challenger = null;
    for (Scored candidate : ranked) {
      if (candidate.sentence().rank() == 0) {
        if (top == null || candidate.relevance() > top.relevance()) {
          top = candidate;
        }
      } else if (challenger == null || candidate.score() > challenger.score()) {
        challenger = candidate;
      }
    }
    if (top == null) {
      return ranked.get(0);
    }
    if (challenger == null) {
      return top;
    }
    boolean clearlyBetter = challenger.relevance() >= CLEARLY_BETTER * top.relevance()
        && challenger.relevance() - top.relevance() >= MARGIN;
    return clearlyBetter ? challenger : top;
  }

  /**
   * The first passage's first sentence that says something (not a fragment, not a question):
   * retrieval, which judged that passage closest, is all there is to go by.
   */
  static List<Sentence> closest(List<Sentence> sentences) {
    if (sentences.isEmpty()) {
      return List.of();
    }
    int topRank = sentences.get(0).rank();
    for (Sentence sentence : sentences) {
      if (sentence.rank() == topRank && !Junk.unfitForSummary(sentence.text()) && !sentence.text().endsWith("?")) {
        return List.of(sentence);
      }
    }
    return List.of(sentences.get(0));
  }
}
