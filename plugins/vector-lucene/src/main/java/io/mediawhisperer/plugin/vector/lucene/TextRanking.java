package io.mediawhisperer.plugin.vector.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * How the text field is analysed and queried: BM25 (Lucene's default similarity) over the
 * question's words OR-ed, because a question rarely holds every word of its answer, plus a boost
 * for passages where those words stand close together in the question's order.
 *
 * <p>English analysis (possessives, stop words, Porter stemming): "configuring" finds "configure".
 * Chunks in other languages still match on their exact words, unstemmed.
 */
final class TextRanking {

  static final String TEXT = "text";
  /** Marks a document that carries its text, so whether every live one does is one count. */
  static final String HAS_TEXT = "hasText";

  /** Words of the question may stand this many positions apart (and swapped) in a boosted passage. */
  static final int PROXIMITY_SLOP = 4;
  static final float PROXIMITY_BOOST = 0.5f;
  /** The most distinct words of a question that are searched; the rest add little and cost much. */
  static final int MAX_TERMS = 64;

  private final Analyzer analyzer = new EnglishAnalyzer();

  Analyzer analyzer() {
    return analyzer;
  }

  /** The question as a query, or null when it holds no searchable word (only stop words or punctuation). */
  Query query(String text) {
    List<Term> terms = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = tokens.addAttribute(PositionIncrementAttribute.class);
      tokens.reset();
      int position = -1;
      while (tokens.incrementToken() && terms.size() < MAX_TERMS) {
        position += increment.getPositionIncrement();
        terms.add(new Term(TEXT, term.toString()));
        positions.add(position);
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a query held in memory cannot fail", e);
    }
    if (terms.isEmpty()) {
      return null;
    }
    Set<Term> distinct = new LinkedHashSet<>(terms);
    BooleanQuery.Builder words = new BooleanQuery.Builder();
    for (Term t : distinct) {
      words.add(new TermQuery(t), Occur.SHOULD);
    }
    if (distinct.size() >= 2) {
      PhraseQuery.Builder near = new PhraseQuery.Builder().setSlop(PROXIMITY_SLOP);
      for (int i = 0; i < terms.size(); i++) {
        near.add(terms.get(i), positions.get(i));
      }
      words.add(new BoostQuery(near.build(), PROXIMITY_BOOST), Occur.SHOULD);
    }
    return words.build();
  }
}
