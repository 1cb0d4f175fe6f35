package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code blobs migrate} (issue 22) both ways between the local store and the postgres one, on a
 * real node's files: a PDF and a text uploaded, copied, served from the new store after the switch;
 * a second run copies nothing, one blob lost or changed in the target is copied again.
 */
class BlobMigrationTest {

  @Test
  void blobsMoveFromLocalToPostgresAndBackAndARunAgainCopiesOnlyWhatIsMissing() throws Exception {
    Path local = Files.createTempDirectory("mw-blobs-local");
    Path back = Files.createTempDirectory("mw-blobs-back");
    try (FreshDatabase database = FreshDatabase.onTestServer("mw_blobmig_", false, "the blob migration test")) {
      String token;
      String pdf;
      int port = Ports.free();
      try (Node node = Node.start(config(local, port, database, "local")); ApiClient api = new ApiClient(port)) {
        token = api.newUser("mover");
        pdf = api.ingested(token, Corpus.root().resolve("pdf/udhr.pdf"), null);
        api.completed(token, api.post(token, "/api/v1/sources", new JsonObject().put("kind", "text").put("title", "Note")
            .put("text", "A note whose original moves to another store.")));
      }
      String first = migrate(local, database, "local", "postgres");
      long copied = number(first, "(\\d+) blobs copied");
      assertThat(copied).isGreaterThanOrEqualTo(2);
      assertThat(number(first, "(\\d+) already there")).isZero();
      // again: nothing to copy (resumable: an interrupted run goes on where it stopped)
      String again = migrate(local, database, "local", "postgres");
      assertThat(number(again, "(\\d+) blobs copied")).isZero();
      assertThat(number(again, "(\\d+) already there")).isEqualTo(copied);
      // one lost, one changed in the target: both copied again, and only those
      try (Connection sql = database.connect(); Statement st = sql.createStatement()) {
        String[] keys = keys(st);
        st.executeUpdate("DELETE FROM blobs WHERE key = '" + keys[0] + "'");
        // the same size, one byte different: only the hash tells
        st.executeUpdate("UPDATE blobs_chunks SET data = overlay(data placing '\\x00'::bytea from 1 for 1)"
            + " WHERE blob_id = (SELECT id FROM blobs WHERE key = '" + keys[1] + "') AND seq = 0");
      }
      String mended = migrate(local, database, "local", "postgres");
      assertThat(number(mended, "(\\d+) blobs copied")).isEqualTo(2);

      int second = Ports.free();
      try (Node node = Node.start(config(local, second, database, "postgres")); ApiClient api = new ApiClient(second)) {
        assertThat(api.get(token, "/api/v1/sources/" + pdf + "/file").body().getBytes())
            .isEqualTo(Files.readAllBytes(Corpus.root().resolve("pdf/udhr.pdf")));
      }
      // and back, into another data dir's local store
      String home = migrate(back, database, "postgres", "local");
      assertThat(number(home, "(\\d+) blobs copied")).isEqualTo(copied);
      try (var files = Files.walk(back.resolve("blobs"))) {
        assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).count()).isGreaterThanOrEqualTo(copied);
      }
    }
  }

  private static String[] keys(Statement st) throws Exception {
    try (var rows = st.executeQuery("SELECT key FROM blobs ORDER BY key LIMIT 2")) {
      rows.next();
      String a = rows.getString(1);
      rows.next();
      return new String[] {a, rows.getString(1)};
    }
  }

  private static String migrate(Path dataDir, FreshDatabase database, String from, String to) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "blobs", "migrate", "--to", to,
        "--data-dir", dataDir.toString(), "--db-url", database.url(), "--blob-store", from);
    assertThat(code).as(err.toString()).isZero();
    System.out.print("[blobs migrate] " + out.toString().lines().reduce((a, b) -> b).orElse("") + "\n");
    return out.toString();
  }

  private static long number(String text, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    assertThat(m.find()).as(pattern + " in " + text).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static JsonObject config(Path dataDir, int port, FreshDatabase database, String blobStore) {
    return NodeConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString(), "http-port", String.valueOf(port),
        "registration-per-hour-per-address", "0", "db-url", database.url(), "blob-store", blobStore));
  }
}
