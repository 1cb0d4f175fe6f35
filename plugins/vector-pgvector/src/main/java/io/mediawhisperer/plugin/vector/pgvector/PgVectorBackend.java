package io.mediawhisperer.plugin.vector.pgvector;

import com.pgvector.PGvector;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.mediawhisperer.plugin.pg.PgUrl;
import io.mediawhisperer.spi.vector.BackendThreads;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorChecks;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorQuery;
import io.mediawhisperer.spi.vector.VectorRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link VectorBackend} on one PostgreSQL table with the pgvector extension, over JDBC.
 *
 * <h2>Table</h2>
 * {@code chunk_id uuid PRIMARY KEY, user_id uuid, source_id uuid, collection_id uuid, model text,
 * embedding vector(<dimension>)}, with a btree on {@code (user_id, model, source_id)} (every
 * search's filter, and the count that picks the search path), a btree on {@code source_id}
 * (deletes) and an HNSW index for cosine distance ({@code m} = 16, {@code ef_construction} = 64 by
 * default: pgvector's own defaults. Measured on 10,000 random 384-d vectors, 2 vCPU: inserts
 * maintaining the graph ran at ~300-420 vectors/s with 64 and about half that with 128, while
 * 128 raised recall@10 at ef_search 100 only from 0.55 to 0.62 on that hardest data; ef_search is
 * the knob that matters). pgvector indexes {@code vector} columns of at most 2,000 dimensions;
 * above that (up to {@value #MAX_DIMENSION}) the HNSW index is built on the vectors cast to
 * {@code halfvec}, and the graph's candidates are scored on the stored vectors. {@link #open}
 * creates what is missing (under an advisory lock, so nodes starting together do not race) and
 * refuses a table of another dimension.
 *
 * <h2>Threads</h2>
 * A pool of {@code pool-size} JDBC connections (HikariCP) and as many threads of this backend's
 * own: one writer thread, which runs upserts and deletes one at a time in submission order (as the
 * Lucene backend does, so a delete submitted after an upsert sees it), and {@code pool-size - 1}
 * threads for searches and counts. A thread holds at most one connection, so none waits for the
 * pool. No method does I/O on the caller's thread; it only validates and copies the input there.
 * Stages complete on these threads: a caller that does heavy work in a dependent stage should move
 * to its own thread first (Vert.x: {@code Future.fromCompletionStage(stage, context)}).
 *
 * <h2>Durability</h2>
 * Each upsert is one transaction ({@code INSERT ... ON CONFLICT (chunk_id) DO UPDATE}, sent as a
 * JDBC batch), so its records replace their chunk ids all or none; each delete is one statement. A
 * stage completes after the commit.
 *
 * <h2>Search paths</h2>
 * Every search is filtered by user and model, and by sources and collection when given. First
 * the matching rows are counted with the btree index (an index-only scan), stopping at
 * {@code exact-below + 1}: if none match, the result is empty; if at most {@code exact-below}
 * match, all of them are scored exactly (the sort key {@code distance + 0} is an expression the
 * HNSW index cannot serve, so PostgreSQL reads them through the btree and sorts). Otherwise the
 * HNSW query runs: with {@code hnsw.iterative_scan = relaxed_order} (a session setting of every
 * pooled connection) a filtered walk goes on until enough rows pass the filter instead of
 * returning fewer than asked (measured: a 1% filter got 1 row of 10 without it, 10 of 10 with
 * it). Relaxed order means the rows come back nearly sorted: the backend takes {@code max(k, ef)}
 * candidates into a MATERIALIZED CTE and re-sorts them by exact distance before keeping
 * {@code k}. PostgreSQL's planner still chooses the plan of that query, and for a filter it
 * estimates small it sorts the btree's rows instead of walking the graph (exact too). As a last
 * guard, a row of another user fails the search rather than leak.
 *
 * <p>Sessions also run with {@code plan_cache_mode = force_custom_plan} (a plan chosen for one
 * tenant's size must not be reused for another's: a generic plan could sort a large tenant's rows
 * instead of using the graph) and {@code jit = off} (a JIT compile costs more than these queries).
 *
 * <h2>Vectors</h2>
 * Vectors are copied and scaled to unit length (a zero or non-finite vector is refused), so the
 * cosine distance pgvector computes is {@code 1 - dot}; hits report the cosine similarity
 * {@code 1 - distance}, in [-1, 1].
 */
public final class PgVectorBackend implements VectorBackend {

  private static final System.Logger LOG = System.getLogger(PgVectorBackend.class.getName());

  /** The largest dimension pgvector's HNSW index takes (as halfvec). */
  public static final int MAX_DIMENSION = 4000;
  /** The largest dimension pgvector's HNSW index takes on a plain {@code vector} column. */
  static final int MAX_VECTOR_INDEX_DIMENSION = 2000;
  /** pgvector's first release with iterative index scans. */
  static final int[] MIN_EXTENSION_VERSION = {0, 8, 0};
  /** Rows per executed JDBC batch within one upsert's transaction. */
  static final int BATCH_ROWS = 500;
  /** The session settings every pooled connection starts with (see the class comment). */
  static final String SESSION_OPTIONS = "-c hnsw.iterative_scan=relaxed_order -c plan_cache_mode=force_custom_plan -c jit=off";

  private final PgUrl url;
  private final String table;
  private final int dimension;
  private final PgVectorSettings settings;
  private final HikariDataSource pool;
  private final BackendThreads threads;

  /**
   * Rows written since the table's statistics were last refreshed, and how many rows it had then;
   * touched only by the writer thread. Without fresh statistics the planner guesses a handful of
   * rows per user, picks the btree plus an exact sort for every user, and a 100k-row tenant's
   * search takes 160 ms instead of 10 (measured with scripts/bench-search).
   */
  private long writtenSinceAnalyze;
  private long rowsAtLastAnalyze;
  static final int ANALYZE_MIN_ROWS = 1_000;

  private final String upsertSql;
  private final String deleteSql;
  private final String countSql;
  private final String checkSql;
  private final AtomicReference<CompletableFuture<Void>> checking = new AtomicReference<>();

  private PgVectorBackend(PgUrl url, String table, int dimension, PgVectorSettings settings, HikariDataSource pool) {
    this.url = url;
    this.table = table;
    this.dimension = dimension;
    this.settings = settings;
    this.pool = pool;
    this.threads = new BackendThreads("pgvector", settings.poolSize() - 1, this::closedException);
    this.upsertSql = "INSERT INTO " + table + " (chunk_id, user_id, source_id, collection_id, model, embedding)"
        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chunk_id) DO UPDATE SET user_id = EXCLUDED.user_id,"
        + " source_id = EXCLUDED.source_id, collection_id = EXCLUDED.collection_id, model = EXCLUDED.model,"
        + " embedding = EXCLUDED.embedding";
    this.deleteSql = "DELETE FROM " + table + " WHERE user_id = ? AND source_id = ?";
    this.countSql = "SELECT count(*) FROM " + table;
    this.checkSql = "SELECT 1 FROM " + table + " LIMIT 0";
  }

  /**
   * Connects, makes sure the extension, the table and its indexes exist, and opens the backend.
   * Blocking: call it at start-up, not on an event loop.
   *
   * @param databaseUrl {@code postgresql://user:password@host:port/db}
   * @param table       the table (a plain lower-case identifier; see {@link PgVectorSettings#tableFor})
   * @throws IllegalArgumentException if the dimension is out of range or the table holds vectors of
   *                                  another dimension
   * @throws IllegalStateException    if the database cannot be reached or lacks the extension
   * @throws SQLException             if preparing the table fails
   */
  public static PgVectorBackend open(String databaseUrl, String table, int dimension, PgVectorSettings settings)
      throws SQLException {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(settings, "settings");
    if (!PgVectorSettings.isTableName(table)) {
      throw new IllegalArgumentException("the vector table must be a lower-case SQL identifier ([a-z_][a-z0-9_]*) of at most "
          + PgVectorSettings.MAX_TABLE_LENGTH + " characters, not '" + table + "'");
    }
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("vector dimension must be between 1 and " + MAX_DIMENSION
          + " (the largest pgvector's HNSW index takes), not " + dimension);
    }
    PgUrl url = PgUrl.parse(databaseUrl, "the pgvector vector backend (a PostgreSQL with the vector extension)");
    HikariDataSource pool = connect(url, table, settings);
    try {
      try (Connection c = pool.getConnection()) {
        prepare(c, url, table, dimension, settings);
      }
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    PgVectorBackend backend = new PgVectorBackend(url, table, dimension, settings, pool);
    try (Connection c = pool.getConnection()) {
      // before any write is submitted: the fields the writer thread owns are set here first
      backend.analyzeIfNeverAnalyzed(c);
      return backend;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(backend);
      throw e;
    }
  }

  private static void closeQuietly(PgVectorBackend backend) {
    try {
      backend.close();
    } catch (Exception ignored) {
      // the opening failure is the one worth reporting
    }
  }

  private static HikariDataSource connect(PgUrl url, String table, PgVectorSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("mw-pgvector-" + table);
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      config.setUsername(url.user());
    }
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(settings.poolSize());
    config.setAutoCommit(true);
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(30));
    String options = SESSION_OPTIONS + " -c hnsw.ef_search=" + settings.efSearch();
    config.addDataSourceProperty("options", url.options() == null ? options : url.options() + " " + options);
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "mediawhisperer-pgvector");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot connect to the vector database " + url.display() + ": "
          + cause.getMessage(), cause);
    }
  }

  /** The extension, its version, the session settings, then the table and indexes. */
  private static void prepare(Connection c, PgUrl url, String table, int dimension, PgVectorSettings settings)
      throws SQLException {
    String database = url.database();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS vector");
    } catch (SQLException e) {
      throw new IllegalStateException("the vector extension is not installed in database " + database
          + ": install pgvector and run CREATE EXTENSION vector as a superuser (" + e.getMessage() + ")", e);
    }
    String version;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
      version = rs.next() ? rs.getString(1) : null;
    }
    if (version == null || !atLeast(version, MIN_EXTENSION_VERSION)) {
      throw new IllegalStateException("pgvector 0.8.0 or newer is needed (iterative HNSW scans, for filtered search); "
          + "database " + database + " has " + version + ": install a newer pgvector and run ALTER EXTENSION vector UPDATE");
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT '[1]'::vector IS NOT NULL, current_setting('hnsw.iterative_scan', true)")) {
      // The first line loads the extension's library, which turns the session's placeholder setting into its own.
      String iterative = rs.next() ? rs.getString(2) : null;
      if (!"relaxed_order".equals(iterative)) {
        throw new IllegalStateException("the session setting hnsw.iterative_scan is '" + iterative
            + "', not relaxed_order, on database " + database + " (was the connection's options parameter dropped?)");
      }
    }

    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "mediawhisperer-pgvector:" + table);
        lock.execute();
      }
      Integer existing = existingDimension(c, table, database);
      if (existing != null && existing != dimension) {
        throw new IllegalArgumentException("table " + table + " in database " + database + " holds vectors of dimension "
            + existing + " but the embedding model has dimension " + dimension
            + "; re-index into another table (or drop this one) to change models");
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
            + "chunk_id uuid PRIMARY KEY, "
            + "user_id uuid NOT NULL, "
            + "source_id uuid NOT NULL, "
            + "collection_id uuid, "
            + "model text NOT NULL, "
            + "embedding vector(" + dimension + ") NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_user_model_idx ON " + table + " (user_id, model, source_id)");
        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_source_idx ON " + table + " (source_id)");
        s.execute("CREATE INDEX IF NOT EXISTS " + table + "_hnsw_idx ON " + table + " USING hnsw ("
            + hnswKey(dimension) + ") WITH (m = " + settings.hnswM() + ", ef_construction = "
            + settings.hnswEfConstruction() + ")");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** What the HNSW index is built on: the column, or (above 2,000 dimensions) its halfvec cast. */
  private static String hnswKey(int dimension) {
    return dimension <= MAX_VECTOR_INDEX_DIMENSION
        ? "embedding vector_cosine_ops"
        : "(embedding::halfvec(" + dimension + ")) halfvec_cosine_ops";
  }

  /** The dimension of an existing table's {@code embedding} column, or null if there is no such table. */
  private static Integer existingDimension(Connection c, String table, String database) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL, "
        + "(SELECT format_type(a.atttypid, NULL) || ':' || a.atttypmod FROM pg_attribute a "
        + " WHERE a.attrelid = to_regclass(?) AND a.attname = 'embedding' AND NOT a.attisdropped)")) {
      ps.setString(1, table);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return null;
        }
        String column = rs.getString(2);
        if (column == null || !column.startsWith("vector:")) {
          throw new IllegalArgumentException("table " + table + " in database " + database
              + " exists but has no vector column 'embedding': it was not made by this backend; choose another table");
        }
        int typmod = Integer.parseInt(column.substring("vector:".length()));
        if (typmod < 1) {
          throw new IllegalArgumentException("table " + table + " in database " + database
              + " has a vector column without a dimension: it was not made by this backend; choose another table");
        }
        return typmod;
      }
    }
  }

  static boolean atLeast(String version, int[] minimum) {
    String[] parts = version.split("\\.");
    for (int i = 0; i < minimum.length; i++) {
      int v;
      try {
        v = i < parts.length ? Integer.parseInt(parts[i].replaceAll("[^0-9].*$", "")) : 0;
      } catch (NumberFormatException e) {
        v = 0;
      }
      if (v != minimum[i]) {
        return v > minimum[i];
      }
    }
    return true;
  }

  public String table() {
    return table;
  }

  public int dimension() {
    return dimension;
  }

  public PgVectorSettings settings() {
    return settings;
  }

  /** The connection pool (for tests: every connection it hands out has the session settings). */
  HikariDataSource pool() {
    return pool;
  }

  // ------------------------------------------------------------------ writes

  @Override
  public CompletionStage<Void> upsert(List<VectorRecord> records) {
    List<VectorRecord> rows;
    try {
      // one statement may not update a row twice: a repeated chunk id keeps its last record
      rows = VectorChecks.unitRecords(records, dimension);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return threads.submitWrite(() -> {
      if (!rows.isEmpty()) {
        write(rows);
      }
      return null;
    });
  }

  private void write(List<VectorRecord> rows) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
        int pending = 0;
        for (VectorRecord r : rows) {
          ps.setObject(1, r.chunkId());
          ps.setObject(2, r.userId());
          ps.setObject(3, r.sourceId());
          ps.setObject(4, r.collectionId(), java.sql.Types.OTHER);
          ps.setString(5, r.model());
          ps.setObject(6, new PGvector(r.vector()));
          ps.addBatch();
          if (++pending == BATCH_ROWS) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
      writtenSinceAnalyze += rows.size();
      if (writtenSinceAnalyze >= Math.max(ANALYZE_MIN_ROWS, rowsAtLastAnalyze / 10)) {
        analyze(c);
      }
    }
  }

  /** A table filled by an earlier run whose statistics were never gathered (reltuples -1) is analyzed now. */
  private void analyzeIfNeverAnalyzed(Connection c) throws SQLException {
    try (var st = c.createStatement();
         var rs = st.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE oid = '" + table + "'::regclass")) {
      long tuples = rs.next() ? rs.getLong(1) : 0;
      if (tuples < 0) {
        analyze(c);
      } else {
        rowsAtLastAnalyze = tuples;
      }
    }
  }

  /** Refreshes the planner's statistics once the table has grown by a tenth (autovacuum may be off or late). */
  private void analyze(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (var st = c.createStatement()) {
      st.execute("ANALYZE " + table);
      try (var rs = st.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE oid = '" + table + "'::regclass")) {
        rowsAtLastAnalyze = rs.next() ? Math.max(0, rs.getLong(1)) : 0;
      }
    }
    writtenSinceAnalyze = 0;
  }

  @Override
  public CompletionStage<Long> deleteBySource(UUID userId, UUID sourceId) {
    if (userId == null || sourceId == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("userId and sourceId are required"));
    }
    return threads.submitWrite(() -> {
      try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(deleteSql)) {
        ps.setObject(1, userId);
        ps.setObject(2, sourceId);
        return ps.executeLargeUpdate();
      }
    });
  }


  @Override
  public CompletionStage<Long> deleteChunks(Collection<UUID> chunkIds) {
    UUID[] ids;
    try {
      Objects.requireNonNull(chunkIds, "chunkIds");
      ids = chunkIds.stream().map(id -> Objects.requireNonNull(id, "a chunk id is null")).toArray(UUID[]::new);
    } catch (NullPointerException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(e.getMessage(), e));
    }
    if (ids.length == 0) {
      return CompletableFuture.completedFuture(0L);
    }
    return threads.submitWrite(() -> {
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE chunk_id = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("uuid", ids));
        return ps.executeLargeUpdate();
      }
    });
  }

  /** In the primary key's order: uuid compares bytewise, which is the order of the string form. */
  @Override
  public CompletionStage<List<UUID>> chunkIds(UUID after, int limit) {
    if (limit < 1) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be at least 1"));
    }
    String sql = "SELECT chunk_id FROM " + table + (after == null ? "" : " WHERE chunk_id > ?") + " ORDER BY chunk_id LIMIT ?";
    return threads.submitSearch(() -> {
      try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        if (after != null) {
          ps.setObject(i++, after);
        }
        ps.setInt(i, limit);
        List<UUID> out = new ArrayList<>(Math.min(limit, 1024));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getObject(1, UUID.class));
          }
        }
        return out;
      }
    });
  }


  // ------------------------------------------------------------------ reads

  @Override
  public CompletionStage<List<VectorHit>> search(VectorQuery query) {
    float[] target;
    try {
      target = VectorChecks.unitQuery(query, dimension);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return threads.submitSearch(() -> {
      try (Connection c = pool.getConnection()) {
        return search(c, query, new PGvector(target));
      }
    });
  }

  /** Which way a search went (for tests). */
  enum SearchPath {
    NONE, EXACT, HNSW
  }

  private List<VectorHit> search(Connection c, VectorQuery q, PGvector target) throws SQLException {
    return switch (choosePath(c, q)) {
      case NONE -> List.of();
      case EXACT -> exactSearch(c, q, target);
      case HNSW -> hnswSearch(c, q, target);
    };
  }

  /** Runs one given path of a search on the caller's connection (tests compare the paths). */
  List<VectorHit> searchOn(Connection c, VectorQuery q, SearchPath path) throws SQLException {
    PGvector target = new PGvector(VectorChecks.unitCopy(q.vector(), dimension, "query"));
    return switch (path) {
      case NONE -> List.of();
      case EXACT -> exactSearch(c, q, target);
      case HNSW -> hnswSearch(c, q, target);
    };
  }

  /** PostgreSQL's plan for one path of a search, one line per element (tests check which index it uses). */
  List<String> plan(VectorQuery q, SearchPath path) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return plan(c, q, path);
    }
  }

  /** The plan on the caller's connection (with its settings). */
  List<String> plan(Connection c, VectorQuery q, SearchPath path) throws SQLException {
    PGvector target = new PGvector(VectorChecks.unitCopy(q.vector(), dimension, "query"));
    String sql = "EXPLAIN (COSTS OFF) " + (path == SearchPath.EXACT ? exactSql(q) : hnswSql(q));
    List<String> lines = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, target);
      int i = bindFilter(c, ps, 2, q);
      if (path == SearchPath.HNSW && dimension > MAX_VECTOR_INDEX_DIMENSION) {
        ps.setObject(i++, target);
      }
      if (path == SearchPath.HNSW) {
        ps.setInt(i++, Math.max(q.k(), efSearch(q.k())));
      }
      ps.setInt(i, q.k());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String line = rs.getString(1);
          // Keep the plan's shape, not the query vector it repeats.
          lines.add(line.replaceAll("'\\[[^']*\\]'", "'[...]'"));
        }
      }
    }
    return lines;
  }

  /** The path a search takes: counts the matching rows, up to {@code exact-below + 1}. */
  SearchPath choosePath(Connection c, VectorQuery q) throws SQLException {
    if (settings.exactBelow() == 0) {
      return SearchPath.HNSW;
    }
    String sql = "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE " + filterSql(q) + " LIMIT ?) m";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bindFilter(c, ps, 1, q);
      ps.setLong(i, settings.exactBelow() + 1L);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long matches = rs.getLong(1);
        return matches == 0 ? SearchPath.NONE : matches <= settings.exactBelow() ? SearchPath.EXACT : SearchPath.HNSW;
      }
    }
  }

  /**
   * Every matching row, scored. The sort key {@code distance + 0} is not an ordering the HNSW index
   * offers, so PostgreSQL reads the rows through the btree (or the table) and sorts them exactly.
   */
  String exactSql(VectorQuery q) {
    return "SELECT chunk_id, source_id, user_id, (embedding <=> ?) + 0 AS distance FROM " + table
        + " WHERE " + filterSql(q) + " ORDER BY distance, chunk_id LIMIT ?";
  }

  /**
   * The HNSW walk (relaxed order, filtered) for {@code width} candidates, then re-sorted by exact
   * distance. The candidates are a MATERIALIZED CTE: from a plain subquery PostgreSQL would take
   * the index's order as sorted and skip the re-sort, which relaxed order needs. Above 2,000
   * dimensions the walk uses the halfvec index and the candidates are scored at full precision.
   */
  String hnswSql(VectorQuery q) {
    String order = dimension <= MAX_VECTOR_INDEX_DIMENSION
        ? "distance"
        : "embedding::halfvec(" + dimension + ") <=> ?::halfvec(" + dimension + ")";
    return "WITH candidates AS MATERIALIZED (SELECT chunk_id, source_id, user_id, embedding <=> ? AS distance FROM "
        + table + " WHERE " + filterSql(q) + " ORDER BY " + order + " LIMIT ?)"
        + " SELECT chunk_id, source_id, user_id, distance FROM candidates ORDER BY distance, chunk_id LIMIT ?";
  }

  private List<VectorHit> exactSearch(Connection c, VectorQuery q, PGvector target) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(exactSql(q))) {
      ps.setObject(1, target);
      int i = bindFilter(c, ps, 2, q);
      ps.setInt(i, q.k());
      return hits(ps, q);
    }
  }

  /** {@code hnsw.ef_search} for a search of {@code k}: {@code min(1000, max(ef-search, 2k))}. */
  int efSearch(int k) {
    return (int) Math.min(PgVectorSettings.MAX_EF_SEARCH, Math.max(settings.efSearch(), 2L * k));
  }

  private List<VectorHit> hnswSearch(Connection c, VectorQuery q, PGvector target) throws SQLException {
    int ef = efSearch(q.k());
    int width = Math.max(q.k(), ef);
    boolean ownEf = ef != settings.efSearch();
    if (ownEf) {
      // SET LOCAL: the connection's own value is back when this transaction ends, however it ends.
      c.setAutoCommit(false);
    }
    try {
      if (ownEf) {
        try (PreparedStatement set = c.prepareStatement("SELECT set_config('hnsw.ef_search', ?, true)")) {
          set.setString(1, Integer.toString(ef));
          set.execute();
        }
      }
      List<VectorHit> hits;
      try (PreparedStatement ps = c.prepareStatement(hnswSql(q))) {
        ps.setObject(1, target);
        int i = bindFilter(c, ps, 2, q);
        if (dimension > MAX_VECTOR_INDEX_DIMENSION) {
          ps.setObject(i++, target);
        }
        ps.setInt(i++, width);
        ps.setInt(i, q.k());
        hits = hits(ps, q);
      }
      if (ownEf) {
        c.commit();
      }
      return hits;
    } catch (SQLException | RuntimeException e) {
      if (ownEf) {
        rollbackQuietly(c, e);
      }
      throw e;
    } finally {
      if (ownEf) {
        c.setAutoCommit(true);
      }
    }
  }

  private List<VectorHit> hits(PreparedStatement ps, VectorQuery q) throws SQLException {
    List<VectorHit> hits = new ArrayList<>(Math.min(q.k(), 1024));
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (!q.userId().equals(rs.getObject(3, UUID.class))) {
          // Cannot happen while the WHERE clause holds user_id; a guard, not a code path.
          throw new IllegalStateException("vector search returned a vector of another user; refusing the result");
        }
        double cosine = 1 - rs.getDouble(4);
        hits.add(new VectorHit(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            (float) Math.max(-1, Math.min(1, cosine))));
      }
    }
    return hits;
  }

  private static String filterSql(VectorQuery q) {
    StringBuilder sql = new StringBuilder("user_id = ? AND model = ?");
    if (!q.sourceIds().isEmpty()) {
      sql.append(" AND source_id = ANY(?)");
    }
    if (q.collectionId() != null) {
      sql.append(" AND collection_id = ?");
    }
    return sql.toString();
  }

  /** Binds what {@link #filterSql} asks for from parameter {@code i}; returns the next index. */
  private static int bindFilter(Connection c, PreparedStatement ps, int i, VectorQuery q) throws SQLException {
    ps.setObject(i++, q.userId());
    ps.setString(i++, q.model());
    if (!q.sourceIds().isEmpty()) {
      Array sources = c.createArrayOf("uuid", q.sourceIds().toArray());
      ps.setArray(i++, sources);
    }
    if (q.collectionId() != null) {
      ps.setObject(i++, q.collectionId());
    }
    return i;
  }

  @Override
  public CompletionStage<Long> count() {
    return threads.submitSearch(() -> {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(countSql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /**
   * A query on the table through the pool: fails while the database (or the table) cannot be
   * reached. One check at a time: while one waits for a connection (up to the pool's 30 s), later
   * calls share its answer instead of piling blocked tasks onto the search threads.
   */
  @Override
  public CompletionStage<Void> check() {
    CompletableFuture<Void> running = checking.get();
    if (running != null && !running.isDone()) {
      return running;
    }
    CompletableFuture<Void> next = threads.submitSearch(() -> {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute(checkSql);
        return (Void) null;
      }
    }).toCompletableFuture();
    checking.set(next);
    return next;
  }

  // ------------------------------------------------------------------ threads and lifecycle

  /** The start of the names of this backend's threads (for tests and thread dumps). */
  String threadPrefix() {
    return threads.threadPrefix();
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("the pgvector vector backend on table " + table + " of " + url.display() + " is closed");
  }

  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Waits for the writes and searches already accepted, then closes the connections. Later calls
   * fail with {@link IllegalStateException}. Blocking; idempotent.
   */
  @Override
  public void close() throws Exception {
    if (!threads.markClosed()) {
      return;
    }
    Exception failure = threads.awaitAccepted("vector writes to table " + table);
    failure = BackendThreads.closeQuietly(() -> {
      try {
        pool.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the connections to " + url.display() + " failed", e);
        throw e;
      }
    }, failure);
    if (failure != null) {
      throw failure;
    }
  }
}
