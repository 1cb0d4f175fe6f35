package io.mediawhisperer.plugin.vector.lucene;

import io.mediawhisperer.spi.PluginSettings;

/**
 * The Lucene backend's settings (keys as given in the plugin's settings, without prefix).
 *
 * <ul>
 *   <li>{@code search-width} (default {@value #DEFAULT_SEARCH_WIDTH}): how many candidates the HNSW
 *       search collects before the best {@code k} are kept; a search asks the graph for
 *       {@code max(k, search-width)}. Measured recall@10 with width 10 / 100: 0.56 / 0.94 on 6,000
 *       random 384-d vectors, 0.46 / 0.82 on 20,000 (random vectors are the worst case for a
 *       graph); 1.0 at both on clustered vectors, 0.997 / 1.0 on 30,000 mixtures of real MiniLM
 *       embeddings. Wider costs latency: roughly 1.5-2x per query from 10 to 100.</li>
 *   <li>{@code exact-below} (default {@value #DEFAULT_EXACT_BELOW}): when the search's filter can
 *       match at most this many vectors (an upper bound read from the term dictionary: the
 *       user's, the model's, the collection's or the sources' vector count, whichever is
 *       smallest), every matching vector is scored exactly instead of walking the graph: recall
 *       1.0, and on 2 cores cheaper than the filtered graph walk up to about 10-20k vectors
 *       (measured: ~1 ms for 11,600 vectors, against ~4 ms for the filtered HNSW search). 0
 *       leaves the choice to Lucene alone, which also scans exactly when the filter matches no
 *       more than the search width or when the graph walk would visit more vectors than the
 *       filter matches.</li>
 *   <li>{@code search-threads} (default: the number of processors): the search pool's size.</li>
 * </ul>
 */
public record LuceneVectorSettings(int searchWidth, int exactBelow, int searchThreads) {

  public static final int DEFAULT_SEARCH_WIDTH = 100;
  public static final int DEFAULT_EXACT_BELOW = 10_000;
  static final int MAX_SEARCH_WIDTH = 10_000;

  public LuceneVectorSettings {
    if (searchWidth < 1 || searchWidth > MAX_SEARCH_WIDTH) {
      throw new IllegalArgumentException(
          "setting 'search-width' must be between 1 and " + MAX_SEARCH_WIDTH + ", not " + searchWidth);
    }
    if (exactBelow < 0) {
      throw new IllegalArgumentException("setting 'exact-below' must be 0 or more, not " + exactBelow);
    }
    if (searchThreads < 1 || searchThreads > 256) {
      throw new IllegalArgumentException("setting 'search-threads' must be between 1 and 256, not " + searchThreads);
    }
  }

  public static LuceneVectorSettings defaults() {
    return new LuceneVectorSettings(DEFAULT_SEARCH_WIDTH, DEFAULT_EXACT_BELOW, Runtime.getRuntime().availableProcessors());
  }

  public static LuceneVectorSettings from(PluginSettings settings) {
    PluginSettings s = settings == null ? PluginSettings.empty() : settings;
    return new LuceneVectorSettings(
        s.getInt("search-width", DEFAULT_SEARCH_WIDTH),
        s.getInt("exact-below", DEFAULT_EXACT_BELOW),
        s.getInt("search-threads", Runtime.getRuntime().availableProcessors()));
  }
}
