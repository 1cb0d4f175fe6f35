package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code backup} and {@code restore} (issue 19) on the default deployment: an embedded PostgreSQL,
 * the Lucene index and the local blob store in one data dir. The backup is taken while the node
 * serves, with an upload and a search loop running; the data dir is then left behind and the
 * archive restored into a new one, where a node answers the same searches with the same hits and
 * serves the original files. A cut-short archive is refused before anything is written.
 */
class BackupRestoreTest {

  private static final List<String> QUERIES = List.of("freedom of thought and religion", "trace trees record hot loops",
      "right to education");

  @Test
  void aBackupTakenWhileTheNodeServesRestoresIntoAnEmptyDataDirWithTheSameHits() throws Exception {
    Path before = Files.createTempDirectory("mw-backup-before");
    Path after = Files.createTempDirectory("mw-backup-after");
    Path archive = Files.createTempDirectory("mw-backup-archive").resolve("backup.zip");
    int port = Ports.free();
    Map<String, List<String>> hits = new LinkedHashMap<>();
    String token;
    String udhr;
    String paper;
    try (Node node = Node.start(config(before, port)); ApiClient api = new ApiClient(port)) {
      token = api.newUser("keeper");
      udhr = api.ingested(token, Corpus.root().resolve("pdf/udhr.pdf"), null);
      paper = api.ingested(token, Corpus.root().resolve("pdf/tracemonkey-two-column.pdf"), null);
      for (String q : QUERIES) {
        hits.put(q, search(api, token, q, udhr, paper));
      }
      // the backup runs while a search loop and an upload keep the node busy
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger searches = new AtomicInteger();
      List<Throwable> failures = new ArrayList<>();
      String finalToken = token;
      Thread loop = new Thread(() -> {
        while (running.get()) {
          try {
            assertThat(api.post(finalToken, "/api/v1/search", new JsonObject().put("query", QUERIES.get(searches.get() % 3)))
                .statusCode()).isEqualTo(200);
            searches.incrementAndGet();
          } catch (Throwable t) {
            failures.add(t);
            return;
          }
        }
      });
      loop.start();
      Path notes = Files.writeString(before.resolveSibling(before.getFileName() + "-notes.txt"),
          "Notes uploaded while the backup runs. ".repeat(400));
      api.upload(token, notes, null);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "backup", "--to", archive.toString(),
          "--data-dir", before.toString());
      running.set(false);
      loop.join();
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("backup written to");
      System.out.print("[backup] " + out);
      assertThat(failures).as("searches while the backup ran").isEmpty();
      assertThat(searches.get()).isPositive();
    }

    // cut short: refused, and the empty data dir stays empty
    Path truncated = archive.resolveSibling("truncated.zip");
    byte[] whole = Files.readAllBytes(archive);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
    StringWriter err = new StringWriter();
    int refused = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "restore", "--from",
        truncated.toString(), "--data-dir", after.toString());
    assertThat(refused).isNotZero();
    assertThat(err.toString()).contains("cut short");
    try (Stream<Path> files = Files.list(after)) {
      assertThat(files.toList()).as("nothing written for a refused archive").isEmpty();
    }

    StringWriter out = new StringWriter();
    err = new StringWriter();
    int restored = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "restore", "--from", archive.toString(),
        "--data-dir", after.toString());
    assertThat(restored).as(err.toString()).isZero();
    assertThat(out.toString()).contains("restored");
    System.out.print("[restore] " + out);

    int again = Ports.free();
    try (Node node = Node.start(config(after, again)); ApiClient api = new ApiClient(again)) {
      JsonArray sources = api.get(token, "/api/v1/sources").bodyAsJsonObject().getJsonArray("items");
      List<String> ids = sources.stream().map(s -> ((JsonObject) s).getString("id")).toList();
      assertThat(ids).as("restored with their ids").contains(udhr, paper);
      for (String q : QUERIES) {
        assertThat(search(api, token, q, udhr, paper)).as(q).isEqualTo(hits.get(q));
      }
      assertThat(api.get(token, "/api/v1/sources/" + udhr + "/file").body().getBytes())
          .isEqualTo(Files.readAllBytes(Corpus.root().resolve("pdf/udhr.pdf")));
    }
  }

  /**
   * On an external PostgreSQL with pgvector and the postgres blob store, everything is in the
   * database: the archive carries the plugins' own tables (created by the plugins, not the
   * migrations) with their definitions, and the restore makes them, and the vector extension, in a
   * database that has neither.
   */
  @Test
  void onAnExternalDatabaseThePluginsTablesAndTheExtensionComeBackToo() throws Exception {
    try (FreshDatabase source = FreshDatabase.onTestServer("mw_bak_", true, "the backup test");
        FreshDatabase target = FreshDatabase.onTestServer("mw_res_", false, "the backup test")) {
      Path before = Files.createTempDirectory("mw-backup-pg-before");
      Path after = Files.createTempDirectory("mw-backup-pg-after");
      Path archive = before.resolveSibling(before.getFileName() + ".zip");
      Map<String, String> everythingInTheDatabase = Map.of("vector-backend", "pgvector", "blob-store", "postgres");
      int port = Ports.free();
      String token;
      String udhr;
      List<String> hits;
      try (Node node = Node.start(config(before, port).put("db-url", source.url()).mergeIn(new JsonObject(new java.util.HashMap<>(everythingInTheDatabase))));
          ApiClient api = new ApiClient(port)) {
        token = api.newUser("pg-keeper");
        udhr = api.ingested(token, Corpus.root().resolve("pdf/udhr.pdf"), null);
        hits = search(api, token, QUERIES.get(0), udhr);
        assertThat(hits).isNotEmpty();
        StringWriter err = new StringWriter();
        assertThat(Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "backup", "--to", archive.toString(),
            "--data-dir", before.toString(), "--db-url", source.url(), "--vector-backend", "pgvector", "--blob-store", "postgres"))
            .as(err.toString()).isZero();
      }
      StringWriter err = new StringWriter();
      assertThat(Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "restore", "--from", archive.toString(),
          "--data-dir", after.toString(), "--db-url", target.url(), "--vector-backend", "pgvector", "--blob-store", "postgres"))
          .as(err.toString()).isZero();
      int again = Ports.free();
      try (Node node = Node.start(config(after, again).put("db-url", target.url()).mergeIn(new JsonObject(new java.util.HashMap<>(everythingInTheDatabase))));
          ApiClient api = new ApiClient(again)) {
        assertThat(search(api, token, QUERIES.get(0), udhr)).isEqualTo(hits);
        assertThat(api.get(token, "/api/v1/sources/" + udhr + "/file").body().getBytes())
            .isEqualTo(Files.readAllBytes(Corpus.root().resolve("pdf/udhr.pdf")));
      }
    }
  }

  private static JsonObject config(Path dataDir, int port) {
    return NodeConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString(), "http-port", String.valueOf(port),
        "registration-per-hour-per-address", "0", "embedded-db-durability", "fast"));
  }

  private static List<String> search(ApiClient api, String token, String query, String... sources) {
    JsonArray scope = new JsonArray();
    for (String s : sources) {
      scope.add(s);
    }
    return api.post(token, "/api/v1/search", new JsonObject().put("query", query).put("sourceIds", scope).put("topK", 5))
        .bodyAsJsonObject().getJsonArray("results").stream().map(h -> ((JsonObject) h).getString("chunkId")).toList();
  }
}
