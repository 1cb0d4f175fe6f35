package io.mediawhisperer.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the Flyway migrations in {@code db/migration}. Blocking (JDBC): call it from a worker
 * thread or before Vert.x starts, never on an event loop. One ordered history for all
 * verticles' tables, because Flyway versions are global; each file names the verticle that owns
 * its tables.
 */
public final class Migrations {

  private Migrations() {
  }

  public static MigrateResult migrate(String dbUrl) {
    var props = Database.jdbcProperties(dbUrl);
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(Database.jdbcUrl(dbUrl), props.getProperty("user"), props.getProperty("password"))
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
