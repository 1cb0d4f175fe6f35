package io.mediawhisperer.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the Flyway migrations. Each verticle keeps the migrations of the tables it owns in its own
 * module, under {@code db/migration/<owner>/}; a node finds them all on its class path. The
 * versions form one ordered history across owners (Flyway's versions are global), so a new
 * migration takes the next free number whatever module it lives in. Blocking (JDBC): call it from
 * a worker thread or before Vert.x starts, never on an event loop.
 */
public final class Migrations {

  /** Every module's migrations, as a node (all modules on its class path) sees them. */
  public static final String CLASSPATH = "classpath:db/migration";

  private Migrations() {
  }

  public static MigrateResult migrate(String dbUrl) {
    return migrate(dbUrl, CLASSPATH);
  }

  /**
   * Migrates up to {@code version} and no further (a restore makes the schema its archive was taken
   * with, loads the data, then migrates the rest of the way).
   */
  public static MigrateResult migrateTo(String dbUrl, String version, String... locations) {
    var props = Database.jdbcProperties(dbUrl);
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(Database.jdbcUrl(dbUrl), props.getProperty("user"), props.getProperty("password"))
        .locations(locations.length == 0 ? new String[] {CLASSPATH} : locations)
        .target(version)
        .load()
        .migrate();
  }

  /** Migrates from the given Flyway locations (tests of one module point at every module's sources). */
  public static MigrateResult migrate(String dbUrl, String... locations) {
    var props = Database.jdbcProperties(dbUrl);
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(Database.jdbcUrl(dbUrl), props.getProperty("user"), props.getProperty("password"))
        .locations(locations)
        .load()
        .migrate();
  }
}
