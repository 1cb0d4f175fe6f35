package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.plugin.chat.extractive.Summarizer.Candidate;
import io.mediawhisperer.plugin.chat.extractive.Summarizer.Vectors;
import io.mediawhisperer.spi.chat.SummaryRequest;
import io.mediawhisperer.spi.text.WritingText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A summary that follows the document: a sentence for each main part (a chapter of a manual, a
 * numbered section of a paper, a transcript's chapter), in the document's order, and a second
 * one for the larger parts while the words last. A part's sentence is the one most typical of the
 * part (likeness to its centroid) and central to the whole document, with a little weight for a
 * document part's opening sentences, which usually say what the part is about. A part with fewer
 * than {@link #MIN_SENTENCES} sentences worth writing (an index, a list of references, a title
 * page) is not a main part. When the words do not stretch to every main part, the smallest parts
 * go first.
 */
final class SectionPicker {

  static final int MIN_SENTENCES = 3;
  /** Parts that list rather than say: their sentences are references and index entries. */
  static final Pattern BACK_MATTER = Pattern.compile(
      "(?i)\\b(references|bibliography|index|indices|glossary|acknowledge?ments?|contents|colophon|errata)\\b");
  /** A part with this many sentences may get a second sentence. */
  static final int SECOND_SENTENCE_FROM = 15;
  /** Sentences longer than this eat a summary's words: they are chosen only when nothing shorter is as good. */
  static final int LONG_WORDS = 40;
  static final double LONG_PENALTY = 0.25;
  static final double LEAD_BONUS = 0.15;
  static final double STYLE_PENALTY = 0.15;
  static final int LEAD_SENTENCES = 3;
  /** A second sentence this like the first repeats it. */
  static final double REPEAT = 0.4;

  private SectionPicker() {
  }

  /** The candidates picked (indices), or none when the document has fewer than two main parts. */
  static List<Integer> pick(SummaryRequest request, List<Candidate> candidates, Vectors vectors, double[] centrality) {
    List<SummaryRequest.Section> sections = new ArrayList<>(request.sections());
    if (sections.getFirst().firstPassage() > 0) {
      // the text before the first part (a paper's abstract, a book's foreword) is a part too
      sections.addFirst(new SummaryRequest.Section("", 0));
    }
    List<List<Integer>> members = new ArrayList<>();
    sections.forEach(s -> members.add(new ArrayList<>()));
    int section = -1;
    for (int i = 0; i < candidates.size(); i++) {
      while (section + 1 < sections.size() && sections.get(section + 1).firstPassage() <= candidates.get(i).passage()) {
        section++;
      }
      if (section >= 0) {
        members.get(section).add(i);
      }
    }
    List<Part> parts = new ArrayList<>();
    double top = 0;
    for (double c : centrality) {
      top = Math.max(top, c);
    }
    boolean lead = request.kind() != SummaryRequest.Kind.TRANSCRIPT;
    int minSentences = minSentences(members);
    for (int s = 0; s < members.size(); s++) {
      List<Integer> in = members.get(s);
      if (in.size() >= minSentences && !BACK_MATTER.matcher(sections.get(s).title()).find()) {
        parts.add(new Part(s, in, scores(in, candidates, vectors, centrality, top, lead)));
      }
    }
    if (parts.size() < 2) {
      return List.of();
    }
    int maxWords = request.maxWords();
    List<Part> kept = new ArrayList<>(parts);
    // the smallest parts give way first when the words do not reach every part; the opening (a
    // paper's abstract) never does, since it is the document's own summary
    kept.sort(Comparator.comparing((Part p) -> !p.opening(sections)).thenComparingInt(p -> -p.members.size())
        .thenComparingInt(p -> p.section));
    while (kept.size() > 1 && words(kept, candidates) > maxWords) {
      kept.removeLast();
    }
    List<Integer> picked = new ArrayList<>();
    int words = 0;
    for (Part part : kept) {
      picked.add(part.best());
      words += Junk.words(candidates.get(part.best()).text());
    }
    for (Part part : kept) {
      if (part.members.size() < SECOND_SENTENCE_FROM) {
        continue;
      }
      int second = part.second(vectors);
      if (second >= 0 && words + Junk.words(candidates.get(second).text()) <= maxWords) {
        picked.add(second);
        words += Junk.words(candidates.get(second).text());
      }
    }
    return picked;
  }

  /**
   * How many sentences make a part a main one: {@link #MIN_SENTENCES}, or fewer in a document of
   * many short parts (a declaration's articles of one or two sentences each), half the typical part's.
   */
  private static int minSentences(List<List<Integer>> members) {
    int[] sizes = members.stream().mapToInt(List::size).filter(n -> n > 0).sorted().toArray();
    if (sizes.length == 0) {
      return MIN_SENTENCES;
    }
    return Math.clamp(sizes[sizes.length / 2] / 2, 1, MIN_SENTENCES);
  }

  private static int words(List<Part> parts, List<Candidate> candidates) {
    return parts.stream().mapToInt(p -> Junk.words(candidates.get(p.best()).text())).sum();
  }

  /** How well each member stands for its part: half central to the document, half typical of the part. */
  private static double[] scores(List<Integer> in, List<Candidate> candidates, Vectors vectors, double[] centrality, double top,
      boolean lead) {
    double[] typical = vectors.centroidSimilarity(in);
    double maxTypical = 1e-12;
    for (double t : typical) {
      maxTypical = Math.max(maxTypical, t);
    }
    double[] scores = new double[in.size()];
    for (int m = 0; m < in.size(); m++) {
      int i = in.get(m);
      double score = 0.5 * centrality[i] / Math.max(top, 1e-12) + 0.5 * typical[m] / maxTypical;
      if (lead && m < LEAD_SENTENCES) {
        score += LEAD_BONUS * (1 - (double) m / LEAD_SENTENCES);
      }
      String text = candidates.get(i).text();
      if (Junk.words(text) > LONG_WORDS) {
        score -= LONG_PENALTY;
      }
      // a part is better said by what it explains than by an instruction or a line of code
      score -= (WritingText.instruction(text) ? STYLE_PENALTY : 0) + STYLE_PENALTY * WritingText.codeTokens(text);
      scores[m] = score;
    }
    return scores;
  }

  /** A main part: its index among the sections, its candidates and their scores. */
  private record Part(int section, List<Integer> members, double[] scores) {

    /** Whether this is the text before the first titled part. */
    boolean opening(List<SummaryRequest.Section> sections) {
      return section == 0 && sections.getFirst().title().isEmpty();
    }

    int best() {
      int best = 0;
      for (int m = 1; m < members.size(); m++) {
        if (scores[m] > scores[best]) {
          best = m;
        }
      }
      return members.get(best);
    }

    /** The best-scored member unlike the best one; -1 when every other repeats it. */
    int second(Vectors vectors) {
      int first = best();
      int second = -1;
      for (int m = 0; m < members.size(); m++) {
        int i = members.get(m);
        if (i != first && vectors.cosine(first, i) < REPEAT && (second < 0 || scores[m] > scores[members.indexOf(second)])) {
          second = i;
        }
      }
      return second;
    }
  }
}
