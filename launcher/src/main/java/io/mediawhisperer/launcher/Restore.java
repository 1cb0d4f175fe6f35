package io.mediawhisperer.launcher;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.Migrations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.postgresql.PGConnection;

/**
 * {@code restore --from FILE}: a {@link Backup} archive into an empty data dir and database. The
 * archive is checked whole before anything is written (every entry read and its SHA-256 and size
 * compared with the manifest; a truncated or altered archive is refused). Then the schema is made
 * as the archive's migrations left it, the extensions and the plugins' own tables as they were,
 * every table's rows are loaded (foreign keys checked once all are in), the schema migrates to this
 * version's, and the index and the blob files are put back.
 */
final class Restore {

  private final Path dataDir;

  Restore(JsonObject config) {
    this.dataDir = Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data"));
  }

  /** Checks the whole archive; returns its manifest, or throws saying what is wrong. Writes nothing. */
  static JsonObject verify(Path archive) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      ZipEntry manifestEntry = zip.getEntry("manifest.json");
      if (manifestEntry == null) {
        throw new IllegalArgumentException(archive + " has no manifest.json: it is not a MediaWhisperer backup, or it was cut short");
      }
      JsonObject manifest;
      try (InputStream in = zip.getInputStream(manifestEntry)) {
        manifest = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      if (!Backup.FORMAT.equals(manifest.getString("format")) || manifest.getInteger("version", 0) > Backup.FORMAT_VERSION) {
        throw new IllegalArgumentException(archive + " is not a backup this version reads (format " + manifest.getString("format")
            + " " + manifest.getInteger("version") + ")");
      }
      JsonObject entries = manifest.getJsonObject("entries", new JsonObject());
      Set<String> seen = new HashSet<>();
      for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
        ZipEntry entry = all.nextElement();
        if (entry.getName().equals("manifest.json")) {
          continue;
        }
        JsonObject expected = entries.getJsonObject(entry.getName());
        if (expected == null) {
          throw new IllegalArgumentException(archive + " holds " + entry.getName() + ", which its manifest does not list");
        }
        MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = zip.getInputStream(entry)) {
          byte[] buffer = new byte[1 << 16];
          for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
            bytes += n;
          }
        }
        if (bytes != expected.getLong("bytes") || !HexFormat.of().formatHex(sha.digest()).equals(expected.getString("sha256"))) {
          throw new IllegalArgumentException(archive + ": " + entry.getName() + " does not match its checksum; the archive is damaged");
        }
        seen.add(entry.getName());
      }
      if (seen.size() != entries.size()) {
        throw new IllegalArgumentException(archive + " lacks " + (entries.size() - seen.size()) + " of the entries its manifest lists");
      }
      return manifest;
    } catch (ZipException e) {
      throw new IllegalArgumentException(archive + " cannot be read as a zip (" + e.getMessage() + "): it is damaged or was cut short", e);
    }
  }

  /**
   * Restores into {@code dbUrl} (an empty database) and the data dir. Blocking. {@code manifest} is
   * what {@link #verify} returned for the archive: it is checked once, before a database is started.
   */
  void from(Path archive, JsonObject manifest, String dbUrl) throws Exception {
    requireEmpty(dbUrl);
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      database(zip, manifest, dbUrl);
      files(zip, "index/", dataDir.resolve("vectors"));
      files(zip, "blobs/", dataDir.resolve("blobs").resolve("objects"));
    }
    Migrations.migrate(dbUrl);
  }

  private void requireEmpty(String dbUrl) throws Exception {
    for (Path dir : List.of(dataDir.resolve("vectors"), dataDir.resolve("blobs").resolve("objects"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          if (files.anyMatch(Files::isRegularFile)) {
            throw new IllegalStateException("restore needs an empty data dir, and " + dir + " holds files");
          }
        }
      }
    }
    try (Connection db = DriverManager.getConnection(Database.jdbcUrl(dbUrl), Database.jdbcProperties(dbUrl));
        Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        throw new IllegalStateException("restore needs an empty database, and " + Database.redact(dbUrl) + " has " + rs.getLong(1)
            + " tables");
      }
    }
  }

  private static void database(ZipFile zip, JsonObject manifest, String dbUrl) throws Exception {
    try (Connection db = DriverManager.getConnection(Database.jdbcUrl(dbUrl), Database.jdbcProperties(dbUrl))) {
      try (Statement s = db.createStatement()) {
        for (Object extension : manifest.getJsonArray("extensions", new JsonArray())) {
          s.execute("CREATE EXTENSION IF NOT EXISTS " + Backup.quote((String) extension));
        }
      }
    }
    Migrations.migrateTo(dbUrl, manifest.getString("schemaVersion"));
    try (Connection db = DriverManager.getConnection(Database.jdbcUrl(dbUrl), Database.jdbcProperties(dbUrl))) {
      db.setAutoCommit(false);
      Set<String> existing = new HashSet<>();
      try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rs.next()) {
          existing.add(rs.getString(1));
        }
      }
      List<JsonObject> tables = new ArrayList<>();
      manifest.getJsonArray("tables").forEach(t -> tables.add((JsonObject) t));
      List<JsonObject> made = new ArrayList<>();
      for (JsonObject table : tables) {
        if (!existing.contains(table.getString("name"))) {
          TableDefinitions.create(db, table.getString("name"), table);
          made.add(table);
        }
      }
      List<String> loaded = tables.stream().map(t -> t.getString("name")).filter(n -> !n.equals("flyway_schema_history")).toList();
      try (Statement s = db.createStatement()) {
        // foreign keys are checked by triggers, which a replica session skips: tables load in any order
        s.execute("SET session_replication_role = replica");
        // a migration may seed rows (the default templates): the archive's rows replace them
        s.execute("TRUNCATE " + String.join(", ", loaded.stream().map(Backup::quote).toList()));
      }
      PGConnection pg = db.unwrap(PGConnection.class);
      for (JsonObject table : tables) {
        if (table.getString("name").equals("flyway_schema_history")) {
          continue;
        }
        String columns = TableDefinitions.copiedColumns(table);
        try (InputStream in = zip.getInputStream(zip.getEntry(table.getString("entry")))) {
          long rows = pg.getCopyAPI().copyIn("COPY " + Backup.quote(table.getString("name")) + " (" + columns + ") FROM STDIN (FORMAT binary)", in);
          if (rows != table.getLong("rows")) {
            throw new IllegalStateException(table.getString("name") + ": " + rows + " rows loaded, the archive counted " + table.getLong("rows"));
          }
        }
      }
      try (Statement s = db.createStatement()) {
        s.execute("SET session_replication_role = origin");
      }
      for (JsonObject table : made) {
        TableDefinitions.addForeignKeys(db, table.getString("name"), table);
      }
      db.commit();
    }
  }

  private static void files(ZipFile zip, String prefix, Path target) throws IOException {
    for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
      ZipEntry entry = all.nextElement();
      if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
        continue;
      }
      Path file = target.resolve(entry.getName().substring(prefix.length())).normalize();
      if (!file.startsWith(target)) {
        throw new IllegalArgumentException("the archive names a file outside " + target + ": " + entry.getName());
      }
      Files.createDirectories(file.getParent());
      try (InputStream in = zip.getInputStream(entry)) {
        Files.copy(in, file);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
