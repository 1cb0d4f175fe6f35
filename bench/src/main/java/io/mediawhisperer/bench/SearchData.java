package io.mediawhisperer.bench;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * What the search bench stores and asks, for any size up to 1M: the real minilm vectors of
 * {@link SearchCorpus} (the cache holds {@value SearchCorpus#CACHED_VECTORS}), then synthetic
 * chunks. A synthetic chunk splices two real pieces, the first words of one and the last words of
 * the other, and its vector is the same mixture of the two real vectors plus a little noise, unit
 * length: each real piece gets a family of variants around it (as a document's chunks sit near
 * each other) and every text reads like the documentation it came from. How close such a vector
 * is to what the model makes of the spliced text is measured on a sample ({@link #syntheticCheck}).
 *
 * <p>Two tenants: user SMALL holds every hundredth chunk (1%, 10 sources), user BIG the rest (99%,
 * 100 sources). The queries are held-out real pieces cut to their first words, as a user types
 * them, each embedded alone as the server embeds a query.
 */
final class SearchData {

  static final int BIG_SOURCES = 100;
  static final int SMALL_SOURCES = 10;
  private static final long SEED = 20261203L;
  /** Noise added to a synthetic mixture, as a share of the unit vector's length. */
  private static final double NOISE = 0.1;
  private static final int CHECK_SAMPLE = 200;

  final int n;
  /** How many of the n are real vectors; the rest are synthetic. */
  final int real;
  /** Unit length. */
  final float[][] vectors;
  final boolean[] small;
  /** Sources are numbered 0..99 (BIG) and 100..109 (SMALL). */
  final int[] source;
  /** The chunk's position in its source. */
  final int[] seq;
  final List<String> queryTexts;
  final float[][] queries;
  final String model;
  final SearchCorpus corpus;
  private final int[] first;
  private final int[] second;
  private final byte[] firstWords;
  private final byte[] secondWords;
  /** The mean and the lowest cosine of synthetic vectors to the model's embedding of their text. */
  double checkMean = Double.NaN;
  double checkMin = Double.NaN;
  double queryEmbedSeconds;

  private SearchData(SearchCorpus corpus, int n, int real) {
    this.corpus = corpus;
    this.n = n;
    this.real = real;
    this.model = corpus.model;
    vectors = new float[n][];
    small = new boolean[n];
    source = new int[n];
    seq = new int[n];
    first = new int[n - real];
    second = new int[n - real];
    firstWords = new byte[n - real];
    secondWords = new byte[n - real];
    queryTexts = new ArrayList<>();
    queries = new float[SearchCorpus.QUERIES][];
  }

  static int sources() {
    return BIG_SOURCES + SMALL_SOURCES;
  }

  static SearchData prepare(SearchCorpus corpus, int n, int queryWords) throws Exception {
    int real = Math.min(n, corpus.size() - SearchCorpus.QUERIES);
    SearchData d = new SearchData(corpus, n, real);
    for (int i = 0; i < real; i++) {
      d.vectors[i] = unit(corpus.vectors[SearchCorpus.QUERIES + i]);
    }
    d.synthesize();
    int[] nextSeq = new int[sources()];
    for (int i = 0; i < n; i++) {
      d.small[i] = i % 100 == 37;
      d.source[i] = d.small[i] ? BIG_SOURCES + (i / 100) % SMALL_SOURCES : (i / 7) % BIG_SOURCES;
      d.seq[i] = nextSeq[d.source[i]]++;
    }
    for (int q = 0; q < SearchCorpus.QUERIES; q++) {
      String[] words = corpus.texts.get(q).split(" ");
      int keep = queryWords <= 0 ? words.length : Math.min(words.length, queryWords);
      d.queryTexts.add(String.join(" ", Arrays.copyOf(words, keep)));
    }
    d.embedQueriesAndCheck();
    return d;
  }

  String text(int i) {
    if (i < real) {
      return realText(i);
    }
    int s = i - real;
    return splice(realText(first[s]), firstWords[s], realText(second[s]), secondWords[s]);
  }

  int smallCount() {
    int c = 0;
    for (boolean b : small) {
      c += b ? 1 : 0;
    }
    return c;
  }

  private String realText(int i) {
    return corpus.texts.get(SearchCorpus.QUERIES + i);
  }

  /** The first {@code a} words of one text and the last {@code b} of another. */
  private static String splice(String one, int a, String other, int b) {
    String[] x = one.split(" ");
    String[] y = other.split(" ");
    StringBuilder s = new StringBuilder(one.length() + other.length());
    for (int j = 0; j < Math.min(a, x.length); j++) {
      s.append(x[j]).append(' ');
    }
    for (int j = Math.max(0, y.length - b); j < y.length; j++) {
      s.append(y[j]).append(j + 1 < y.length ? " " : "");
    }
    return s.toString().strip();
  }

  /** Texts must be distinct: the bench's embedding stand-in finds a chunk's vector by its text. */
  private void synthesize() {
    if (n == real) {
      return;
    }
    Set<Long> seen = new HashSet<>(n * 2);
    for (int i = 0; i < real; i++) {
      seen.add(hash(realText(i)));
    }
    Random random = new Random(SEED);
    for (int i = real; i < n; i++) {
      int s = i - real;
      double w;
      while (true) {
        int a = random.nextInt(real);
        int b = random.nextInt(real);
        w = 0.5 + 0.3 * random.nextDouble();
        int wordsA = realText(a).split(" ").length;
        int wordsB = realText(b).split(" ").length;
        first[s] = a;
        second[s] = b;
        firstWords[s] = (byte) Math.max(1, Math.round(w * wordsA));
        secondWords[s] = (byte) Math.max(1, Math.round((1 - w) * wordsB));
        if (a != b && seen.add(hash(text(i)))) {
          break;
        }
      }
      float[] va = vectors[first[s]];
      float[] vb = vectors[second[s]];
      float[] v = new float[SearchCorpus.DIMENSION];
      double sigma = NOISE / Math.sqrt(v.length);
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (w * va[j] + (1 - w) * vb[j] + sigma * random.nextGaussian());
      }
      vectors[i] = unit(v);
    }
  }

  /**
   * Each query embedded alone, as the server does for a search; and the synthetic vectors of a
   * sample compared with the model's embedding of their text.
   */
  private void embedQueriesAndCheck() throws Exception {
    EmbeddingModelProvider provider = NamedPlugins.load(EmbeddingModelProvider.class, SearchData.class.getClassLoader())
        .get("minilm");
    try (EmbeddingModel m = provider.open(PluginSettings.empty())) {
      if (!m.modelName().equals(model)) {
        throw new IllegalStateException("the cached vectors are of model " + model + " but minilm is now " + m.modelName()
            + ": delete bench/target/search-bench-cache/");
      }
      long t = System.nanoTime();
      for (int q = 0; q < queries.length; q++) {
        queries[q] = unit(m.embed(List.of(queryTexts.get(q))).get(0));
      }
      queryEmbedSeconds = (System.nanoTime() - t) / 1e9;
      if (n > real) {
        Random random = new Random(SEED + 1);
        List<Integer> sample = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int j = 0; j < CHECK_SAMPLE; j++) {
          int i = real + random.nextInt(n - real);
          sample.add(i);
          texts.add(text(i));
        }
        double sum = 0;
        double min = 1;
        for (int from = 0; from < texts.size(); from += 32) {
          List<float[]> got = m.embed(texts.subList(from, Math.min(texts.size(), from + 32)));
          for (int j = 0; j < got.size(); j++) {
            double cos = VectorUtil.dotProduct(unit(got.get(j)), vectors[sample.get(from + j)]);
            sum += cos;
            min = Math.min(min, cos);
          }
        }
        checkMean = sum / texts.size();
        checkMin = min;
      }
    }
  }

  /** For the report: where the vectors came from. */
  String describe() {
    String realPart = String.format(Locale.ROOT, "%,d real minilm vectors of text pieces of %d-%d words (of %,d collected"
            + " from /usr/share/doc, common-licenses, man1 pages and the FAQ; %s)", real, SearchCorpus.MIN_WORDS,
        SearchCorpus.MAX_WORDS, corpus.available, corpus.fromCache
            ? String.format(Locale.ROOT, "embedded earlier and cached, ~%.0f texts/s", corpus.size() / corpus.embedSeconds)
            : String.format(Locale.ROOT, "embedded in this run in %.0f s, %.0f texts/s", corpus.embedSeconds,
                corpus.size() / corpus.embedSeconds));
    if (n == real) {
      return realPart + ".";
    }
    return realPart + String.format(Locale.ROOT, ", and %,d synthetic chunks: each splices the first 50-80%% of the words of"
            + " one real piece with the last words of another, and its vector is the same mixture of the two real vectors"
            + " plus Gaussian noise of norm ~%.1f, unit length. On %d of them the model's own embedding of the spliced text"
            + " has cosine %.3f on average (lowest %.3f) to the synthetic vector.", n - real, NOISE, CHECK_SAMPLE, checkMean,
        checkMin);
  }

  static float[] unit(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += f * f;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  private static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
