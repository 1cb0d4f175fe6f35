package io.mediawhisperer.plugin.vector.pgvector;

import io.mediawhisperer.spi.PluginSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The pgvector backend's settings (keys as given in the plugin's settings, without prefix).
 *
 * <ul>
 *   <li>{@code table} (default: derived from the backend's directory): the table that holds the
 *       vectors. Without it the table is {@code vectors_<name>}, where {@code <name>} is the file
 *       name of the directory the backend is opened with (the server gives one directory per
 *       embedding model, so each model gets its own table), lower-cased with every run of
 *       characters other than {@code a-z0-9} made one {@code _}; with no directory,
 *       {@value #DEFAULT_TABLE}. A given name must be a plain lower-case SQL identifier of at most
 *       {@value #MAX_TABLE_LENGTH} characters. Rows carry their model, so two models sharing one
 *       table never mix (they must have the same dimension).</li>
 *   <li>{@code pool-size} (default: processors + 1, at least 2): connections, and as many threads:
 *       one runs the writes in submission order, the others searches and counts.</li>
 *   <li>{@code exact-below} (default {@value #DEFAULT_EXACT_BELOW}, as in the Lucene backend): when
 *       at most this many vectors match a search's filter (counted with the btree index, stopping
 *       at this number plus one), they are all scored exactly instead of walking the HNSW graph:
 *       recall 1.0 for small tenants, where a filtered graph walk is both slower and less
 *       accurate. 0 sends every search to the HNSW query (and skips the count). Measured on 2 vCPU
 *       (shared, loaded): a user of 100 vectors ~0.9 ms per search, of 9,900 vectors ~9 ms (about
 *       0.9 µs per vector: the rows are read from the table), against ~3.5 ms for a graph search
 *       of a 10,000-vector user; so below about 3,000 vectors the exact path is also the faster,
 *       and the default trades up to ~10 ms for recall 1.0 up to 10,000.</li>
 *   <li>{@code ef-search} (default {@value #DEFAULT_EF_SEARCH}, 1-1000): {@code hnsw.ef_search},
 *       the graph search's candidate list. A search asks the index for
 *       {@code max(k, ef)} rows, where {@code ef = min(1000, max(ef-search, 2k))}, and keeps the best
 *       {@code k} by exact distance. Measured recall@10 of one user's 10,000 vectors at ef 40 / 100 /
 *       200: 0.33 / 0.57-0.67 / 0.79 on random 384-d vectors (the hardest case for a graph), 1.0 at
 *       all three on mixtures of the corpus's real MiniLM embeddings; the cost per search grew by
 *       only ~15% from 40 to 200 at this size (~1.5-3.5 ms).</li>
 *   <li>{@code hnsw-m} (default {@value #DEFAULT_M}) and {@code hnsw-ef-construction} (default
 *       {@value #DEFAULT_EF_CONSTRUCTION}): the HNSW index's {@code m} and {@code ef_construction},
 *       used only when this backend creates the index.</li>
 * </ul>
 */
public record PgVectorSettings(String table, int poolSize, int exactBelow, int efSearch, int hnswM,
    int hnswEfConstruction) {

  public static final String DEFAULT_TABLE = "chunk_vectors";
  public static final int DEFAULT_EXACT_BELOW = 10_000;
  public static final int DEFAULT_EF_SEARCH = 100;
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 64;
  /** Leaves room for the index names' suffixes within PostgreSQL's 63-byte identifiers. */
  static final int MAX_TABLE_LENGTH = 48;
  /** pgvector's upper bound for {@code hnsw.ef_search}. */
  static final int MAX_EF_SEARCH = 1000;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final String PREFIX = "vectors_";

  public PgVectorSettings {
    if (table != null && !isTableName(table)) {
      throw new IllegalArgumentException("setting 'table' must be a lower-case SQL identifier ([a-z_][a-z0-9_]*) of at most "
          + MAX_TABLE_LENGTH + " characters, not '" + table + "'");
    }
    if (poolSize < 2 || poolSize > 64) {
      throw new IllegalArgumentException("setting 'pool-size' must be between 2 and 64, not " + poolSize);
    }
    if (exactBelow < 0) {
      throw new IllegalArgumentException("setting 'exact-below' must be 0 or more, not " + exactBelow);
    }
    if (efSearch < 1 || efSearch > MAX_EF_SEARCH) {
      throw new IllegalArgumentException("setting 'ef-search' must be between 1 and " + MAX_EF_SEARCH + ", not " + efSearch);
    }
    if (hnswM < 2 || hnswM > 100) {
      throw new IllegalArgumentException("setting 'hnsw-m' must be between 2 and 100, not " + hnswM);
    }
    if (hnswEfConstruction < 2 * hnswM || hnswEfConstruction > 1000) {
      throw new IllegalArgumentException("setting 'hnsw-ef-construction' must be between 2 * hnsw-m (" + 2 * hnswM
          + ") and 1000, not " + hnswEfConstruction);
    }
  }

  /** A plain lower-case identifier short enough for the index names made from it. */
  static boolean isTableName(String name) {
    return name.length() <= MAX_TABLE_LENGTH && IDENTIFIER.matcher(name).matches();
  }

  public static int defaultPoolSize() {
    return Math.max(2, Runtime.getRuntime().availableProcessors() + 1);
  }

  public static PgVectorSettings defaults() {
    return new PgVectorSettings(null, defaultPoolSize(), DEFAULT_EXACT_BELOW, DEFAULT_EF_SEARCH, DEFAULT_M,
        DEFAULT_EF_CONSTRUCTION);
  }

  public static PgVectorSettings from(PluginSettings settings) {
    PluginSettings s = settings == null ? PluginSettings.empty() : settings;
    String table = s.get("table", null);
    return new PgVectorSettings(
        table == null ? null : table.trim(),
        s.getInt("pool-size", defaultPoolSize()),
        s.getInt("exact-below", DEFAULT_EXACT_BELOW),
        s.getInt("ef-search", DEFAULT_EF_SEARCH),
        s.getInt("hnsw-m", DEFAULT_M),
        s.getInt("hnsw-ef-construction", DEFAULT_EF_CONSTRUCTION));
  }

  /** The table for a backend opened on {@code directory} (see the class comment). */
  public String tableFor(Path directory) {
    if (table != null) {
      return table;
    }
    Path name = directory == null ? null : directory.getFileName();
    return name == null ? DEFAULT_TABLE : PREFIX + namespace(name.toString());
  }

  /**
   * A name made safe as part of an identifier: lower case, runs of other characters than
   * {@code a-z0-9} as one {@code _}; a long name is cut and given a hash of the whole, so that
   * names differing only past the cut stay apart.
   */
  static String namespace(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (s.isEmpty()) {
      s = "default";
    }
    int max = MAX_TABLE_LENGTH - PREFIX.length();
    if (s.length() > max) {
      CRC32 crc = new CRC32();
      crc.update(name.getBytes(StandardCharsets.UTF_8));
      String hash = String.format("%08x", crc.getValue());
      s = s.substring(0, max - hash.length() - 1).replaceAll("_+$", "") + "_" + hash;
    }
    return s;
  }
}
