package io.mediawhisperer.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table's definition read from PostgreSQL's catalog, and the statements that make it again:
 * columns with their types, defaults and NOT NULL, its constraints and its other indexes, each as
 * PostgreSQL itself prints them ({@code format_type}, {@code pg_get_constraintdef},
 * {@code pg_get_indexdef}). Restore makes from it only the tables the migrations do not (those
 * plugins create when they open); a table the migrations make is theirs to define.
 */
final class TableDefinitions {

  private TableDefinitions() {
  }

  static JsonObject of(Connection db, String table) throws SQLException {
    JsonArray columns = new JsonArray();
    try (PreparedStatement q = db.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
        + " pg_get_expr(d.adbin, d.adrelid), a.attgenerated <> '' FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      q.setString(1, Backup.quote(table));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          columns.add(new JsonObject().put("name", rs.getString(1)).put("type", rs.getString(2)).put("notNull", rs.getBoolean(3))
              .put("default", rs.getString(4)).put("generated", rs.getBoolean(5)));
        }
      }
    }
    JsonArray constraints = new JsonArray();
    try (PreparedStatement q = db.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        + " WHERE conrelid = ?::regclass ORDER BY contype DESC, conname")) {
      q.setString(1, Backup.quote(table));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          constraints.add(new JsonObject().put("name", rs.getString(1)).put("definition", rs.getString(2)));
        }
      }
    }
    JsonArray indexes = new JsonArray();
    try (PreparedStatement q = db.prepareStatement("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
        + " WHERE i.indrelid = ?::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)")) {
      q.setString(1, Backup.quote(table));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          indexes.add(rs.getString(1));
        }
      }
    }
    return new JsonObject().put("columns", columns).put("constraints", constraints).put("indexes", indexes);
  }

  /** The columns whose values are stored and copied: a generated column is computed again from them. */
  static String copiedColumns(JsonObject definition) {
    return String.join(", ", definition.getJsonArray("columns").stream().map(JsonObject.class::cast)
        .filter(c -> !c.getBoolean("generated", false)).map(c -> Backup.quote(c.getString("name"))).toList());
  }

  /** Makes the table as it was; its foreign keys are left to {@link #addForeignKeys}, once every table exists. */
  static void create(Connection db, String table, JsonObject definition) throws SQLException {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(Backup.quote(table)).append(" (");
    JsonArray columns = definition.getJsonArray("columns");
    for (int i = 0; i < columns.size(); i++) {
      JsonObject c = columns.getJsonObject(i);
      sql.append(i == 0 ? "" : ", ").append(Backup.quote(c.getString("name"))).append(' ').append(c.getString("type"));
      if (c.getBoolean("generated", false)) {
        sql.append(" GENERATED ALWAYS AS (").append(c.getString("default")).append(") STORED");
      } else if (c.getString("default") != null) {
        sql.append(" DEFAULT ").append(c.getString("default"));
      }
      if (c.getBoolean("notNull")) {
        sql.append(" NOT NULL");
      }
    }
    for (Object o : definition.getJsonArray("constraints")) {
      JsonObject c = (JsonObject) o;
      if (!c.getString("definition").startsWith("FOREIGN KEY")) {
        sql.append(", CONSTRAINT ").append(Backup.quote(c.getString("name"))).append(' ').append(c.getString("definition"));
      }
    }
    sql.append(')');
    try (Statement s = db.createStatement()) {
      s.execute(sql.toString());
      for (Object index : definition.getJsonArray("indexes")) {
        s.execute((String) index);
      }
    }
  }

  static void addForeignKeys(Connection db, String table, JsonObject definition) throws SQLException {
    try (Statement s = db.createStatement()) {
      for (Object o : definition.getJsonArray("constraints")) {
        JsonObject c = (JsonObject) o;
        if (c.getString("definition").startsWith("FOREIGN KEY")) {
          s.execute("ALTER TABLE " + Backup.quote(table) + " ADD CONSTRAINT " + Backup.quote(c.getString("name")) + " "
              + c.getString("definition"));
        }
      }
    }
  }
}
