package io.mediawhisperer.bench;

import io.mediawhisperer.testsupport.FreshDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A bulk load's usual trick, for the search bench at scale: a table's indexes of one access method
 * (pgvector's {@code hnsw}, the full-text {@code gin}) dropped before the rows go in and built
 * again afterwards from the definitions PostgreSQL reported, so they come back exactly as the
 * schema made them. Building an HNSW graph once is far cheaper than growing it one row at a time.
 */
final class DeferredIndexes {

  record Index(String name, String definition) {
  }

  /** One index built again: how long it took and what PostgreSQL said meanwhile. */
  record Built(Index index, double seconds, List<String> notices) {
  }

  private final String url;
  private final String table;
  private final List<Index> dropped;

  private DeferredIndexes(String url, String table, List<Index> dropped) {
    this.url = url;
    this.table = table;
    this.dropped = dropped;
  }

  /** Drops {@code table}'s indexes that use {@code accessMethod}; there may be none. */
  static DeferredIndexes drop(String url, String table, String accessMethod) throws SQLException {
    List<Index> found = new ArrayList<>();
    try (Connection c = FreshDatabase.connect(url)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
          + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam"
          + " WHERE x.indrelid = ?::regclass AND a.amname = ? ORDER BY i.relname")) {
        ps.setString(1, table);
        ps.setString(2, accessMethod);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.add(new Index(rs.getString(1), rs.getString(2)));
          }
        }
      }
      try (Statement s = c.createStatement()) {
        for (Index index : found) {
          s.execute("DROP INDEX " + index.name());
        }
      }
    }
    return new DeferredIndexes(url, table, found);
  }

  List<Index> dropped() {
    return dropped;
  }

  String table() {
    return table;
  }

  /**
   * Builds the dropped indexes again with the session's {@code maintenance_work_mem} and
   * {@code max_parallel_maintenance_workers} set as given, then analyzes the table. A progress line
   * every 30 s (from pg_stat_progress_create_index) shows how far a long build is.
   */
  List<Built> rebuild(int maintenanceMb, int parallelWorkers, BenchNode.Progress progress) throws Exception {
    List<Built> built = new ArrayList<>();
    try (Connection c = FreshDatabase.connect(url); Statement s = c.createStatement()) {
      s.execute("SET maintenance_work_mem = '" + maintenanceMb + "MB'");
      s.execute("SET max_parallel_maintenance_workers = " + parallelWorkers);
      for (Index index : dropped) {
        long t = System.nanoTime();
        Thread watcher = Thread.ofPlatform().daemon().name("bench-index-progress").start(() -> watch(index, progress));
        try {
          s.clearWarnings();
          s.execute(index.definition());
          built.add(new Built(index, (System.nanoTime() - t) / 1e9, notices(s.getWarnings())));
        } finally {
          watcher.interrupt();
        }
        progress.say("built %s in %.1f s", index.name(), (System.nanoTime() - t) / 1e9);
      }
      s.execute("ANALYZE " + table);
    }
    return built;
  }

  private void watch(Index index, BenchNode.Progress progress) {
    long started = System.nanoTime();
    try (Connection c = FreshDatabase.connect(url); PreparedStatement ps = c.prepareStatement(
        "SELECT phase, tuples_done, tuples_total, blocks_done, blocks_total FROM pg_stat_progress_create_index"
            + " WHERE relid = ?::regclass")) {
      ps.setString(1, table);
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(30_000);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            progress.say("  building %s, %.0f s: %s, tuples %,d/%,d, blocks %,d/%,d", index.name(),
                (System.nanoTime() - started) / 1e9, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      progress.say("cannot follow the build of %s: %s", index.name(), e.getMessage());
    }
  }

  private static List<String> notices(SQLWarning warning) {
    List<String> out = new ArrayList<>();
    for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
      out.add(w.getMessage());
    }
    return out;
  }
}
