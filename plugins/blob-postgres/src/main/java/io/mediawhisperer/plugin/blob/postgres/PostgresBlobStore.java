package io.mediawhisperer.plugin.blob.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.mediawhisperer.plugin.pg.PgUrl;
import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.mediawhisperer.spi.blob.BlobKeys;
import io.mediawhisperer.spi.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} in two PostgreSQL tables, over JDBC: {@code <table>} (one row per blob:
 * {@code id, key, size, created_at}) and {@code <table>_chunks} (its bytes as {@code bytea} rows of
 * {@code chunk-bytes}, 1 MiB by default, deleted with their blob by a cascading foreign key).
 *
 * <h2>Why bytea chunks rather than large objects</h2>
 * A large object can only be read inside a transaction, so streaming one to a slow HTTP client
 * would hold a transaction and a pooled connection for the whole download; its rows are invisible
 * to cascading deletes (an unlinked reference leaks the object until {@code vacuumlo} runs); and it
 * has its own ownership and privileges. Chunk rows are plain rows: each read of a chunk is one short
 * query, a delete cascades, and backups and replication treat them like every other table. The
 * chunk column is stored {@code EXTERNAL} (uploads are mostly compressed already; PostgreSQL does
 * not try again).
 *
 * <h2>Atomicity</h2>
 * A put is one transaction: a row without a key, its chunks, then (under a transaction-scoped
 * advisory lock on the key, so two puts of one key take turns) the old blob of that key deleted and
 * the new row given the key. A failed or interrupted put rolls back and leaves nothing. A reader
 * streams the version it opened; if that version is replaced or deleted while it reads, the next
 * chunk is missing and the read fails with an {@link IOException} rather than mix versions.
 *
 * <h2>Keys</h2>
 * The key column has collation {@code "C"}, so its unique index sorts bytewise, as {@link #list}
 * promises, and serves prefix ranges ({@code key >= prefix AND key < prefix-with-its-last-character-
 * incremented}, exact for the ASCII keys {@link BlobKeys} allows).
 */
public final class PostgresBlobStore implements BlobStore {

  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

  private final PgUrl url;
  private final String table;
  private final int chunkBytes;
  private final HikariDataSource pool;
  private volatile boolean closed;

  private PostgresBlobStore(PgUrl url, String table, int chunkBytes, HikariDataSource pool) {
    this.url = url;
    this.table = table;
    this.chunkBytes = chunkBytes;
    this.pool = pool;
  }

  /**
   * Connects and creates the tables when missing (under an advisory lock, so nodes starting
   * together do not race). Blocking: call it at start-up.
   */
  public static PostgresBlobStore open(String databaseUrl, String table, int poolSize, int chunkBytes) throws SQLException {
    if (table == null || !TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("the blob table must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 51 "
          + "characters), not '" + table + "'");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool-size must be at least 1");
    }
    if (chunkBytes < 1024 || chunkBytes > 64 * 1024 * 1024) {
      throw new IllegalArgumentException("chunk-bytes must be between 1024 and 67108864, not " + chunkBytes);
    }
    PgUrl url = PgUrl.parse(databaseUrl, "the postgres blob store");
    HikariDataSource pool = connect(url, table, poolSize);
    try (Connection c = pool.getConnection()) {
      prepare(c, table);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return new PostgresBlobStore(url, table, chunkBytes, pool);
  }

  private static HikariDataSource connect(PgUrl url, String table, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("mw-blobs-" + table);
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      config.setUsername(url.user());
    }
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    if (url.options() != null) {
      config.addDataSourceProperty("options", url.options());
    }
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(30));
    config.addDataSourceProperty("ApplicationName", "mediawhisperer-blobs");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot connect to the blob database " + url.display() + ": " + cause.getMessage(), cause);
    }
  }

  private static void prepare(Connection c, String table) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "mediawhisperer-blobs:" + table);
        lock.execute();
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
            + "id uuid PRIMARY KEY, "
            + "key text COLLATE \"C\" UNIQUE, "
            + "size bigint NOT NULL, "
            + "created_at timestamptz NOT NULL DEFAULT now())");
        s.execute("CREATE TABLE IF NOT EXISTS " + table + "_chunks ("
            + "blob_id uuid NOT NULL REFERENCES " + table + " (id) ON DELETE CASCADE, "
            + "seq integer NOT NULL, "
            + "data bytea NOT NULL, "
            + "PRIMARY KEY (blob_id, seq))");
        s.execute("ALTER TABLE " + table + "_chunks ALTER COLUMN data SET STORAGE EXTERNAL");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  public String table() {
    return table;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the postgres blob store on table " + table + " of " + url.display() + " is closed");
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public long put(String key, InputStream in) throws IOException {
    BlobKeys.check(key);
    checkOpen();
    UUID id = UUID.randomUUID();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement row = c.prepareStatement("INSERT INTO " + table + " (id, key, size) VALUES (?, NULL, 0)")) {
          row.setObject(1, id);
          row.executeUpdate();
        }
        long size = 0;
        try (PreparedStatement chunk = c.prepareStatement("INSERT INTO " + table + "_chunks (blob_id, seq, data) VALUES (?, ?, ?)")) {
          int seq = 0;
          for (byte[] data = in.readNBytes(chunkBytes); data.length > 0; data = in.readNBytes(chunkBytes)) {
            chunk.setObject(1, id);
            chunk.setInt(2, seq++);
            chunk.setBytes(3, data);
            chunk.executeUpdate();
            size += data.length;
          }
        }
        lock(c, key);
        try (PreparedStatement old = c.prepareStatement("DELETE FROM " + table + " WHERE key = ?")) {
          old.setString(1, key);
          old.executeUpdate();
        }
        try (PreparedStatement named = c.prepareStatement("UPDATE " + table + " SET key = ?, size = ?, created_at = clock_timestamp() WHERE id = ?")) {
          named.setString(1, key);
          named.setLong(2, size);
          named.setObject(3, id);
          named.executeUpdate();
        }
        c.commit();
        return size;
      } catch (IOException | SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw io("cannot store blob " + key, e);
    }
  }

  /** Serialises writers of one key until the transaction ends. */
  private void lock(Connection c, String key) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "mediawhisperer-blob:" + table + ":" + key);
      lock.execute();
    }
  }

  @Override
  public boolean delete(String key) throws IOException {
    BlobKeys.check(key);
    checkOpen();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        lock(c, key);
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE key = ?")) {
          ps.setString(1, key);
          deleted = ps.executeUpdate();
        }
        c.commit();
        return deleted > 0;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw io("cannot delete blob " + key, e);
    }
  }

  @Override
  public long deletePrefix(String prefix) throws IOException {
    BlobKeys.checkDeletePrefix(prefix);
    checkOpen();
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE key >= ? AND key < ?")) {
      ps.setString(1, prefix);
      ps.setString(2, upperBound(prefix));
      return ps.executeLargeUpdate();
    } catch (SQLException e) {
      throw io("cannot delete the blobs under " + prefix, e);
    }
  }

  @Override
  public void rename(String from, String to) throws IOException {
    BlobKeys.check(from);
    BlobKeys.check(to);
    checkOpen();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        // both keys locked, in one order, so two renames across the same pair cannot deadlock
        lock(c, from.compareTo(to) <= 0 ? from : to);
        if (!from.equals(to)) {
          lock(c, from.compareTo(to) <= 0 ? to : from);
        }
        UUID id;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE key = ?")) {
          ps.setString(1, from);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              c.rollback();
              throw new NoSuchFileException(from);
            }
            id = rs.getObject(1, UUID.class);
          }
        }
        if (!from.equals(to)) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE key = ?")) {
            ps.setString(1, to);
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET key = ? WHERE id = ?")) {
            ps.setString(1, to);
            ps.setObject(2, id);
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw io("cannot rename blob " + from + " to " + to, e);
    }
  }

  // ------------------------------------------------------------------ reads

  @Override
  public BlobContent open(String key) throws IOException {
    BlobKeys.check(key);
    checkOpen();
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, size FROM " + table + " WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NoSuchFileException(key);
        }
        ChunkStream stream = new ChunkStream(key, rs.getObject(1, UUID.class), rs.getLong(2));
        return new BlobContent() {
          @Override
          public long size() {
            return stream.size;
          }

          @Override
          public InputStream stream() {
            return stream;
          }
        };
      }
    } catch (SQLException e) {
      throw io("cannot open blob " + key, e);
    }
  }

  /** Reads one chunk at a time, each with its own short query on a pooled connection. */
  private final class ChunkStream extends InputStream {
    final String key;
    final UUID id;
    final long size;
    long position;
    int seq;
    byte[] chunk = new byte[0];
    int offset;
    boolean closedStream;

    ChunkStream(String key, UUID id, long size) {
      this.key = key;
      this.id = id;
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (closedStream) {
        throw new IOException("blob " + key + ": the stream is closed");
      }
      if (len == 0) {
        return 0;
      }
      if (offset == chunk.length) {
        if (position >= size) {
          return -1;
        }
        fetch();
      }
      int n = Math.min(len, chunk.length - offset);
      System.arraycopy(chunk, offset, b, off, n);
      offset += n;
      position += n;
      return n;
    }

    private void fetch() throws IOException {
      checkOpen();
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT data FROM " + table + "_chunks WHERE blob_id = ? AND seq = ?")) {
        ps.setObject(1, id);
        ps.setInt(2, seq);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IOException("blob " + key + " was replaced or deleted while it was read");
          }
          chunk = rs.getBytes(1);
        }
      } catch (SQLException e) {
        throw io("cannot read blob " + key, e);
      }
      if (chunk.length == 0 || position + chunk.length > size) {
        throw new IOException("blob " + key + " is damaged: its chunks do not add up to its size");
      }
      seq++;
      offset = 0;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = 0;
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
      while (skipped < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public int available() {
      return chunk.length - offset;
    }

    @Override
    public void close() {
      closedStream = true;
      chunk = new byte[0];
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    BlobKeys.check(key);
    checkOpen();
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw io("cannot look up blob " + key, e);
    }
  }

  @Override
  public List<BlobInfo> list(String prefix, String after, int limit) throws IOException {
    BlobKeys.checkPrefix(prefix);
    checkOpen();
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    String sql = "SELECT key, size, created_at FROM " + table + " WHERE key IS NOT NULL AND key > ?"
        + (prefix.isEmpty() ? "" : " AND key >= ? AND key < ?") + " ORDER BY key LIMIT ?";
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, after == null ? "" : after);
      if (!prefix.isEmpty()) {
        ps.setString(i++, prefix);
        ps.setString(i++, upperBound(prefix));
      }
      ps.setInt(i, limit);
      List<BlobInfo> out = new ArrayList<>(Math.min(limit, 1024));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new BlobInfo(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw io("cannot list the blobs under " + prefix, e);
    }
  }

  /** The smallest string above every key that starts with {@code prefix} (non-empty, ASCII). */
  static String upperBound(String prefix) {
    char last = prefix.charAt(prefix.length() - 1);
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }

  private static IOException io(String what, SQLException e) {
    return new IOException(what + ": " + e.getMessage(), e);
  }

  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Closes the connections; a stream still open fails on its next chunk. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }
}
