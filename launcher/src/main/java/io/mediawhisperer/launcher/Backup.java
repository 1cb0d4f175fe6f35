package io.mediawhisperer.launcher;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.postgresql.PGConnection;

/**
 * {@code backup --to FILE}: one archive of a node's data, taken while the node serves. In order,
 * so that what a later part names exists in an earlier one or is repaired on its own:
 * <ol>
 *   <li>the database, every table of the {@code public} schema (Flyway's history included), each
 *       copied in PostgreSQL's binary COPY format inside one REPEATABLE READ transaction, so all
 *       tables are of one instant; with each table its definition (columns, constraints, indexes),
 *       which restore needs for the tables plugins create themselves (pgvector's, the postgres blob
 *       store's), and the extensions in use. This needs no {@code pg_dump}, which the embedded
 *       PostgreSQL's binaries do not have, and works the same on an external server;</li>
 *   <li>the Lucene index's latest commit (its files are write-once: a commit made meanwhile adds
 *       files, and one it deletes stays readable while it is open), newer than the database
 *       snapshot: vectors of chunks the snapshot lacks are removed by the orphan sweep;</li>
 *   <li>the local blob store's files, newer still: a file no row names is removed by the blob
 *       sweep; a job the snapshot shows running is taken over after the restore and starts its
 *       source again.</li>
 * </ol>
 * {@code manifest.json} comes last, with the SHA-256 and size of every other entry, so restore can
 * check the whole archive before it writes anything.
 */
final class Backup {

  static final String FORMAT = "mediawhisperer-backup";
  static final int FORMAT_VERSION = 1;

  private final JsonObject config;
  private final Path dataDir;

  Backup(JsonObject config) {
    this.config = config;
    this.dataDir = Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data"));
  }

  /** Writes the archive; returns the manifest. Blocking. */
  JsonObject to(Path archive, String dbUrl) throws Exception {
    Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
    JsonObject manifest = new JsonObject().put("format", FORMAT).put("version", FORMAT_VERSION)
        .put("server", Main.Version.current()).put("createdAt", Instant.now().toString())
        .put("vectorBackend", config.getString(ConfigKeys.VECTOR_BACKEND.name(), "lucene"))
        .put("blobStore", config.getString(ConfigKeys.BLOB_STORE.name(), "local"))
        .put("embedding", new JsonObject().put("provider", config.getString(ConfigKeys.EMBEDDING_PROVIDER.name(), "minilm"))
            .put("variant", config.getValue(ConfigKeys.EMBEDDING_VARIANT.name())).put("model", config.getValue(ConfigKeys.EMBEDDING_MODEL.name())));
    JsonObject entries = new JsonObject();
    try (OutputStream file = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.setLevel(1);
      database(zip, dbUrl, manifest, entries);
      lucene(zip, manifest, entries);
      blobs(zip, manifest, entries);
      manifest.put("entries", entries);
      zip.putNextEntry(new ZipEntry("manifest.json"));
      zip.write(manifest.encodePrettily().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (Exception e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return manifest;
  }

  private void database(ZipOutputStream zip, String dbUrl, JsonObject manifest, JsonObject entries) throws Exception {
    try (Connection db = DriverManager.getConnection(Database.jdbcUrl(dbUrl), Database.jdbcProperties(dbUrl))) {
      db.setAutoCommit(false);
      db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      db.setReadOnly(true);
      JsonArray extensions = new JsonArray();
      JsonArray tables = new JsonArray();
      try (Statement s = db.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname")) {
          while (rs.next()) {
            extensions.add(rs.getString(1));
          }
        }
        try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history"
            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
          manifest.put("schemaVersion", rs.next() ? rs.getString(1) : null);
        } catch (java.sql.SQLException none) {
          throw new IllegalStateException("the database has no schema history: it is not a MediaWhisperer database", none);
        }
        db.commit(); // the failed probe above must not poison the snapshot: start it afresh
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
          while (rs.next()) {
            names.add(rs.getString(1));
          }
        }
        for (String table : names) {
          JsonObject definition = TableDefinitions.of(db, table);
          long rows;
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rs.next();
            rows = rs.getLong(1);
          }
          String entry = "db/" + table + ".copy";
          String columns = TableDefinitions.copiedColumns(definition);
          put(zip, entry, entries, out -> db.unwrap(PGConnection.class).getCopyAPI()
              .copyOut("COPY (SELECT " + columns + " FROM " + quote(table) + ") TO STDOUT (FORMAT binary)", out));
          tables.add(definition.put("name", table).put("rows", rows).put("entry", entry));
        }
      }
      db.commit();
      manifest.put("extensions", extensions).put("tables", tables);
    }
  }

  /** Every Lucene index under {@code <data-dir>/vectors} (one per backend and model), each at its latest commit. */
  private void lucene(ZipOutputStream zip, JsonObject manifest, JsonObject entries) throws Exception {
    Path vectors = dataDir.resolve("vectors");
    if (!Files.isDirectory(vectors)) {
      return;
    }
    List<Path> indexes;
    try (Stream<Path> walk = Files.walk(vectors)) {
      indexes = walk.filter(Files::isDirectory).filter(Backup::holdsCommit).sorted().toList();
    }
    JsonArray commits = new JsonArray();
    for (Path index : indexes) {
      String prefix = "index/" + vectors.relativize(index).toString().replace('\\', '/') + "/";
      // one index per backend and embedding model: the directory is named after the model its vectors came from
      commits.add(new JsonObject().put("index", prefix).put("model", index.getFileName().toString())
          .put("commit", copyLatestCommit(zip, index, prefix, entries)));
    }
    manifest.put("indexes", commits);
  }

  private static boolean holdsCommit(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("segments_"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String copyLatestCommit(ZipOutputStream zip, Path index, String prefix, JsonObject entries) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try (FSDirectory directory = FSDirectory.open(index)) {
        SegmentInfos commit = SegmentInfos.readLatestCommit(directory);
        List<String> files = new ArrayList<>(commit.files(true));
        // every file opened before any is copied: a commit made meanwhile may delete them, and an open file stays readable
        List<InputStream> open = new ArrayList<>();
        try {
          for (String name : files) {
            open.add(Files.newInputStream(index.resolve(name)));
          }
          for (int i = 0; i < files.size(); i++) {
            put(zip, prefix + files.get(i), entries, open.get(i)::transferTo);
          }
        } finally {
          for (InputStream in : open) {
            in.close();
          }
        }
        return commit.getSegmentsFileName();
      } catch (NoSuchFileException moved) {
        if (attempt == 5) {
          throw new IOException("the Lucene index in " + index + " kept changing under the backup (5 attempts): " + moved.getMessage(), moved);
        }
      }
    }
  }

  private void blobs(ZipOutputStream zip, JsonObject manifest, JsonObject entries) throws Exception {
    Path objects = dataDir.resolve("blobs").resolve("objects");
    int count = 0;
    if (Files.isDirectory(objects)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(objects)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        InputStream in;
        try {
          in = Files.newInputStream(file);
        } catch (NoSuchFileException deleted) {
          continue; // deleted since the walk: a source deleted meanwhile
        }
        try (in) {
          put(zip, "blobs/" + objects.relativize(file).toString().replace('\\', '/'), entries, in::transferTo);
        }
        count++;
      }
    }
    manifest.put("blobFiles", count);
  }

  interface Content {
    void writeTo(OutputStream out) throws Exception;
  }

  private static void put(ZipOutputStream zip, String name, JsonObject entries, Content content) throws Exception {
    zip.putNextEntry(new ZipEntry(name));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    CountingStream counted = new CountingStream(zip);
    content.writeTo(new DigestOutputStream(counted, sha));
    zip.closeEntry();
    entries.put(name, new JsonObject().put("sha256", HexFormat.of().formatHex(sha.digest())).put("bytes", counted.count));
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Counts what passes and never closes the zip underneath. */
  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() {
    }
  }
}
