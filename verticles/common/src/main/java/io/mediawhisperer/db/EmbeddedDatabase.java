package io.mediawhisperer.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 15 started from binaries that ship in a Maven artifact, keeping its data in
 * the given directory (so a restart keeps everything), listening on 127.0.0.1 only, with its
 * unix socket inside the data directory rather than in /tmp.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String DATABASE = "mediawhisperer";

  private final EmbeddedPostgres postgres;
  private final String url;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String url) {
    this.postgres = postgres;
    this.url = url;
  }

  /** Blocking: starts (and on first use initialises) the cluster in {@code dataDir}. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    Path socketDir = Files.createDirectories(dataDir.resolve("run"));
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir.resolve("data"))
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", socketDir.toAbsolutePath().toString())
        .setPGStartupWait(java.time.Duration.ofSeconds(60));
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
    LOG.info("embedded PostgreSQL on 127.0.0.1:{}, data in {}", postgres.getPort(), dataDir.toAbsolutePath());
    return new EmbeddedDatabase(postgres, url);
  }

  public String url() {
    return url;
  }

  /** Blocking: stops the server. Close every pool first or pg_ctl waits for them. */
  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
