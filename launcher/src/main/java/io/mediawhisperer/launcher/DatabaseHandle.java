package io.mediawhisperer.launcher;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
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
    EmbeddedDatabase.Durability durability = durability(config);
    EmbeddedDatabase embedded = null;
    String url = configured;
    if (configured == null) {
      Path dir = Path.of(config.getString(ConfigKeys.DATA_DIR.name())).resolve("pg");
      try {
        embedded = EmbeddedDatabase.start(dir, config.getInteger(ConfigKeys.EMBEDDED_DB_PORT.name(), 0), durability);
      } catch (EmbeddedDatabase.DirectoryInUseException e) {
        throw e; // its message names the directory, the process holding it and what to do
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the embedded PostgreSQL in " + dir.toAbsolutePath() + ": " + rootMessage(e), e);
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

  /** Checked whether or not the embedded database is used, so a typo never waits for the day it is. */
  static EmbeddedDatabase.Durability durability(JsonObject config) {
    String value = config.getString(ConfigKeys.EMBEDDED_DB_DURABILITY.name());
    try {
      return EmbeddedDatabase.Durability.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value '" + value + "' for " + ConfigKeys.EMBEDDED_DB_DURABILITY.name()
          + ": expected durable or fast", e);
    }
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
