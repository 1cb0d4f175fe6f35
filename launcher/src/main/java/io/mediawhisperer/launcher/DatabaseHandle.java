package io.mediawhisperer.launcher;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.EmbeddedDatabase;
import io.mediawhisperer.db.Migrations;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a command works on: the configured one, or an embedded PostgreSQL under
 * {@code <data-dir>/pg}. Opening it also migrates it. Blocking: used before Vert.x starts.
 */
final class DatabaseHandle implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseHandle.class);

  private final String url;
  private final EmbeddedDatabase embedded;

  private DatabaseHandle(String url, EmbeddedDatabase embedded) {
    this.url = url;
    this.embedded = embedded;
  }

  static DatabaseHandle open(JsonObject config) throws Exception {
    String configured = config.getString(ConfigKeys.DB_URL.name());
    EmbeddedDatabase embedded = null;
    String url = configured;
    if (configured == null) {
      Path dir = Path.of(config.getString(ConfigKeys.DATA_DIR.name())).resolve("pg");
      try {
        embedded = EmbeddedDatabase.start(dir, config.getInteger(ConfigKeys.EMBEDDED_DB_PORT.name(), 0));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the embedded PostgreSQL in " + dir.toAbsolutePath()
            + " (is another MediaWhisperer using this data dir? stop it, or pass --db-url): " + rootMessage(e), e);
      }
      url = embedded.url();
    }
    try {
      var result = Migrations.migrate(url);
      LOG.info("database {} at schema version {} ({} migrations applied now)",
          Database.redact(url), result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
    } catch (Exception e) {
      if (embedded != null) {
        embedded.close();
      }
      throw new IllegalStateException("cannot migrate the database " + Database.redact(url) + ": " + rootMessage(e), e);
    }
    return new DatabaseHandle(url, embedded);
  }

  String url() {
    return url;
  }

  @Override
  public void close() throws Exception {
    if (embedded != null) {
      embedded.close();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
