package io.mediawhisperer.testsupport.eval;

import java.util.List;

/**
 * Questions over documents. Sets with the same {@code corpus} share their documents, which are
 * ingested once for all of them (the FAQ's headings and its paraphrases).
 */
public record EvalSet(String name, String corpus, List<EvalDocument> documents, List<Question> questions) {
}
