package io.mediawhisperer.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 15 started from binaries that ship in a Maven artifact, keeping its data in
 * the given directory (so a restart keeps everything), listening on 127.0.0.1 only, with its
 * unix socket inside the data directory rather than in /tmp.
 *
 * <p>One process at a time owns the directory: it holds an OS lock on {@code owner.lock} in it
 * for as long as the database runs. A second start while the lock is held fails at once. The lock
 * goes with its process, even on {@code kill -9}, while the postmaster that process started keeps
 * running; the next start therefore finds the lock free and that postmaster alive, recognises it
 * as the dead owner's and stops it before starting its own (see {@link OrphanedPostmaster}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String DATABASE = "mediawhisperer";

  /** What a commit promises when the machine loses power. */
  public enum Durability {
    /** fsync and synchronous commit on: a committed transaction survives a power loss or an OS crash. */
    DURABLE,
    /**
     * fsync and synchronous commit off: faster writes, but a power loss or an OS crash can lose
     * recent commits and corrupt the database. For tests and benchmarks only.
     */
    FAST;

    /** {@code durable} or {@code fast}, as the configuration spells them. */
    public static Durability parse(String value) {
      if (value == null || value.isBlank()) {
        return DURABLE;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "durable" -> DURABLE;
        case "fast" -> FAST;
        default -> throw new IllegalArgumentException("unknown durability '" + value + "': expected durable or fast");
      };
    }
  }

  /** Another process, or another start in this one, runs the embedded database in that directory. */
  public static final class DirectoryInUseException extends IllegalStateException {
    DirectoryInUseException(String message) {
      super(message);
    }
  }

  private final EmbeddedPostgres postgres;
  private final OwnerLock lock;
  private final String url;

  private EmbeddedDatabase(EmbeddedPostgres postgres, OwnerLock lock, String url) {
    this.postgres = postgres;
    this.lock = lock;
    this.url = url;
  }

  /** Blocking: as {@link #start(Path, int, Durability)}, durable. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, Durability.DURABLE);
  }

  /**
   * Blocking: takes the directory's lock, stops a postmaster a killed owner left running in it,
   * then starts (and on first use initialises) the cluster in {@code dataDir}.
   *
   * @throws DirectoryInUseException when another process holds the directory
   */
  public static EmbeddedDatabase start(Path dataDir, int port, Durability durability) throws IOException {
    Files.createDirectories(dataDir);
    OwnerLock lock = OwnerLock.acquire(dataDir);
    try {
      Path clusterDir = dataDir.resolve("data");
      OrphanedPostmaster.stopIfRunning(clusterDir);
      Path socketDir = Files.createDirectories(dataDir.resolve("run"));
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(clusterDir)
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("unix_socket_directories", socketDir.toAbsolutePath().toString())
          .setPGStartupWait(java.time.Duration.ofSeconds(60));
      // zonky always passes -F (fsync off) and sets synchronous_commit=off; a -c given after -F wins
      boolean durable = durability == Durability.DURABLE;
      builder.setServerConfig("fsync", durable ? "on" : "off")
          .setServerConfig("synchronous_commit", durable ? "on" : "off");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
        var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
        if (!rs.next()) {
          s.execute("CREATE DATABASE " + DATABASE);
        }
      } catch (java.sql.SQLException e) {
        postgres.close();
        throw new IOException("embedded PostgreSQL started but cannot create its database: " + e.getMessage(), e);
      }
      String url = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
      LOG.info("embedded PostgreSQL on 127.0.0.1:{}, data in {}, {}", postgres.getPort(), dataDir.toAbsolutePath(),
          durable ? "durable (fsync on)" : "FAST: fsync off, a power loss can corrupt it");
      return new EmbeddedDatabase(postgres, lock, url);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  public String url() {
    return url;
  }

  /** Blocking: stops the server, then gives the directory up. Close every pool first or pg_ctl waits for them. */
  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      lock.close();
    }
  }
}
