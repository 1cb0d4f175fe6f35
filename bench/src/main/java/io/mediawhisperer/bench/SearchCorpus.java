package io.mediawhisperer.bench;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Real English text pieces (20-60 words) from this machine's documentation and the corpus, embedded
 * with minilm (quantized) and cached as float32 in {@code bench/target/search-bench-cache/}. The first
 * {@link #QUERIES} pieces are the held-out queries, the rest the stored vectors.
 */
final class SearchCorpus {

  static final int QUERIES = 200;
  /** Real vectors the bench embeds and caches at most; larger runs add synthetic ones (SearchData). */
  static final int CACHED_VECTORS = 100_000;
  static final int DIMENSION = 384;
  static final int MIN_WORDS = 20;
  static final int MAX_WORDS = 60;
  private static final int MAGIC = 0x4d575342; // "MWSB"
  private static final long SEED = 20261122L;

  final List<String> texts;
  final float[][] vectors;
  final String model;
  final double embedSeconds;
  final boolean fromCache;
  final int available;

  private SearchCorpus(List<String> texts, float[][] vectors, String model, double embedSeconds, boolean fromCache,
      int available) {
    this.texts = texts;
    this.vectors = vectors;
    this.model = model;
    this.embedSeconds = embedSeconds;
    this.fromCache = fromCache;
    this.available = available;
  }

  int size() {
    return texts.size();
  }

  /**
   * Loads {@code QUERIES + vectors} pieces (vectors at most {@link #CACHED_VECTORS}) from the cache, or collects, embeds
   * and caches them.
   */
  static SearchCorpus load(Path cacheDir, int vectors, Path corpus) throws Exception {
    int wanted = QUERIES + Math.min(vectors, CACHED_VECTORS);
    Files.createDirectories(cacheDir);
    try (Stream<Path> files = Files.list(cacheDir)) {
      for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList()) {
        SearchCorpus cached = read(file, wanted);
        if (cached != null) {
          SearchBench.progress("vectors from the cache %s (%d of its pieces)", file, cached.size());
          return cached;
        }
      }
    }
    long t = System.nanoTime();
    List<String> all = collect(corpus, wanted);
    SearchBench.progress("collected %d distinct text pieces (%d-%d words) in %d ms", all.size(), MIN_WORDS, MAX_WORDS,
        (System.nanoTime() - t) / 1_000_000);
    Collections.shuffle(all, new Random(SEED));
    int available = all.size();
    if (all.size() < wanted) {
      SearchBench.progress("only %d pieces exist: using %d vectors + %d queries", all.size(), all.size() - QUERIES, QUERIES);
    }
    List<String> texts = new ArrayList<>(all.subList(0, Math.min(wanted, all.size())));

    EmbeddingModelProvider provider = NamedPlugins.load(EmbeddingModelProvider.class, SearchCorpus.class.getClassLoader())
        .get("minilm");
    float[][] out = new float[texts.size()][];
    String model;
    long started;
    try (EmbeddingModel m = provider.open(PluginSettings.empty())) {
      model = m.modelName();
      m.embed(texts.subList(0, Math.min(64, texts.size())));
      started = System.nanoTime();
      long lastReport = started;
      for (int from = 0; from < texts.size(); from += 32) {
        int to = Math.min(texts.size(), from + 32);
        List<float[]> vs = m.embed(texts.subList(from, to));
        for (int i = from; i < to; i++) {
          out[i] = vs.get(i - from);
        }
        if (to % 3008 == 0) {
          List<String> prefix = texts.subList(0, to);
          write(cacheDir.resolve("pieces-partial.bin"), new SearchCorpus(prefix, Arrays.copyOf(out, to), m.modelName(),
              (System.nanoTime() - started) / 1e9, false, available));
        }
        if (System.nanoTime() - lastReport > 15_000_000_000L) {
          lastReport = System.nanoTime();
          double s = (lastReport - started) / 1e9;
          SearchBench.progress("  embedded %d/%d (%.0f texts/s, ~%.0f s left)", to, texts.size(), to / s,
              (texts.size() - to) / (to / s));
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    SearchBench.progress("embedded %d texts in %.1f s (%.0f texts/s)", texts.size(), seconds, texts.size() / seconds);
    SearchCorpus result = new SearchCorpus(texts, out, model, seconds, false, available);
    write(cacheDir.resolve("pieces-" + texts.size() + ".bin"), result);
    Files.deleteIfExists(cacheDir.resolve("pieces-partial.bin"));
    return result;
  }

  private static SearchCorpus read(Path file, int wanted) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      if (in.readInt() != MAGIC) {
        return null;
      }
      int count = in.readInt();
      int dim = in.readInt();
      String model = in.readUTF();
      double seconds = in.readDouble();
      int available = in.readInt();
      if (dim != DIMENSION || (count < wanted && count < available)) {
        return null;
      }
      int n = Math.min(count, wanted);
      List<String> texts = new ArrayList<>(n);
      float[][] vectors = new float[n][];
      for (int i = 0; i < n; i++) {
        texts.add(in.readUTF());
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
          v[j] = in.readFloat();
        }
        vectors[i] = v;
      }
      return new SearchCorpus(texts, vectors, model, seconds * n / count, true, available);
    }
  }

  private static void write(Path file, SearchCorpus c) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
      out.writeInt(MAGIC);
      out.writeInt(c.size());
      out.writeInt(DIMENSION);
      out.writeUTF(c.model);
      out.writeDouble(c.embedSeconds);
      out.writeInt(c.available);
      for (int i = 0; i < c.size(); i++) {
        out.writeUTF(c.texts.get(i));
        for (float f : c.vectors[i]) {
          out.writeFloat(f);
        }
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    SearchBench.progress("cached %d vectors in %s (%d MB)", c.size(), file, Files.size(file) >> 20);
  }

  // ---------------------------------------------------------------------------------------------
  // collecting text

  private static final Pattern ROFF_ESCAPE = Pattern.compile("\\\\f(\\(..|\\[[^]]*]|.)|\\\\\\(..|\\\\\\[[^]]*]|\\\\s[-+]?\\d|\\\\[*n]\\(?..?|\\\\[&|^%:]");
  private static final Pattern WORD = Pattern.compile("[A-Za-z][a-z]*(['-][a-z]+)?[.,;:!?)]?");

  /** Stops after about {@code 3 x wanted} pieces (deterministic order), so the shuffle still mixes sources. */
  static List<String> collect(Path corpus, int wanted) throws IOException {
    Set<String> pieces = new LinkedHashSet<>();
    int limit = wanted * 3;
    List<Path> files = new ArrayList<>();
    files.addAll(list(corpus.resolve("qa"), 1, p -> p.toString().endsWith(".rst.txt")));
    files.addAll(list(Path.of("/usr/share/common-licenses"), 1, p -> true));
    files.addAll(list(Path.of("/usr/share/doc"), 4, p -> {
      String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
      return n.startsWith("readme") || n.endsWith(".txt") || n.startsWith("changelog") || n.equals("copyright")
          || n.startsWith("news") || n.endsWith(".md");
    }));
    files.addAll(list(Path.of("/usr/share/man/man1"), 1, p -> p.toString().endsWith(".gz")));
    for (Path file : files) {
      if (pieces.size() >= limit) {
        break;
      }
      String text;
      try {
        text = read(file);
      } catch (IOException | RuntimeException e) {
        continue;
      }
      boolean roff = file.toString().startsWith("/usr/share/man/");
      for (String paragraph : paragraphs(roff ? deroff(text) : text)) {
        pack(paragraph, pieces);
      }
    }
    return new ArrayList<>(pieces);
  }

  private static List<Path> list(Path dir, int depth, java.util.function.Predicate<Path> keep) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir, depth)) {
      return s.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p)).filter(keep).sorted().toList();
    }
  }

  private static String read(Path file) throws IOException {
    if (Files.size(file) > 4_000_000) {
      return "";
    }
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      byte[] bytes = in.readNBytes(2_000_000);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String deroff(String roff) {
    StringBuilder out = new StringBuilder();
    for (String line : roff.split("\n")) {
      if (line.startsWith(".\\\"") || line.startsWith("'\\\"") || line.startsWith("\\\"")) {
        continue;
      }
      if (line.startsWith(".") || line.startsWith("'")) {
        String[] parts = line.split("\\s+", 2);
        String macro = parts[0].substring(1);
        if (parts.length == 2 && macro.matches("B|I|BR|IR|RB|BI|IB|RI|SM|SB")) {
          line = parts[1].replace("\"", "");
        } else {
          out.append("\n\n");
          continue;
        }
      }
      out.append(ROFF_ESCAPE.matcher(line).replaceAll("").replace("\\-", "-").replace("\\e", "\\")).append('\n');
    }
    return out.toString();
  }

  private static List<String> paragraphs(String text) {
    List<String> out = new ArrayList<>();
    for (String p : text.split("\\n\\s*\\n")) {
      String flat = p.replaceAll("\\s+", " ").trim();
      if (!flat.isEmpty()) {
        out.add(flat);
      }
    }
    return out;
  }

  /** Sentences packed into pieces of 20-60 words; only pieces that read as English prose are kept. */
  private static void pack(String paragraph, Set<String> pieces) {
    String[] sentences = paragraph.split("(?<=[.!?])\\s+(?=[A-Z])");
    List<String> words = new ArrayList<>();
    for (String sentence : sentences) {
      String[] ws = sentence.split(" ");
      if (words.size() + ws.length > MAX_WORDS && words.size() >= MIN_WORDS) {
        emit(words, pieces);
        words.clear();
      }
      for (String w : ws) {
        if (words.size() == MAX_WORDS) {
          emit(words, pieces);
          words.clear();
        }
        words.add(w);
      }
    }
    if (words.size() >= MIN_WORDS) {
      emit(words, pieces);
    }
  }

  private static void emit(List<String> words, Set<String> pieces) {
    if (words.size() < MIN_WORDS) {
      return;
    }
    int prose = 0;
    for (String w : words) {
      if (WORD.matcher(w).matches()) {
        prose++;
      }
    }
    if (prose < words.size() * 0.7) {
      return;
    }
    String piece = String.join(" ", words);
    if (piece.length() < 600) {
      pieces.add(piece);
    }
  }
}
