package io.mediawhisperer.plugin.vector.lucene;

import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.TextRankingContract;
import java.nio.file.Path;

/**
 * The contract kit again with {@code exact-below = 0}: every search goes to Lucene's
 * {@code KnnFloatVectorQuery} (HNSW, with Lucene's own exact fallback for small filters) instead
 * of the backend's exact scan, so both search paths keep the contract.
 */
class LuceneHnswPathContractTest extends TextRankingContract {

  @Override
  protected VectorBackend open(Path dir, int dimension) throws Exception {
    return LuceneVectorBackend.open(dir, dimension,
        new LuceneVectorSettings(LuceneVectorSettings.DEFAULT_SEARCH_WIDTH, 0, 2));
  }
}
