package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.Migrations;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A book read by two nodes at once, one of them killed with SIGKILL in the middle of a chapter:
 * the other takes the dead node's chapter over once it is stale, never reads a finished chapter
 * again, and completes the book. Node A runs in this JVM with every role; node B is a server
 * process with only the audiobook role, sharing A's database and its PostgreSQL blob store (not
 * clustered: a chapter needs nothing but the database, the blob store and an engine).
 */
class AudiobookTakeoverTest {

  private static final int HEARTBEAT_SECONDS = 1;
  private static final int STALE_SECONDS = 4;
  private static final String PASSWORD = "two readers, one book";

  @TempDir
  Path dirs;
  private FreshDatabase database;
  private NodeProcess b;
  private Node a;
  private Vertx vertx;

  @AfterEach
  void stop() throws Exception {
    if (b != null) {
      b.close();
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
    if (a != null) {
      a.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aBookWhoseReaderIsKilledResumesAtItsUnfinishedChapter() throws Exception {
    database = FreshDatabase.onTestServer("mw_audiobook_", true, "the audiobook takeover test (two nodes share one database)");
    String dbUrl = database.url();
    Migrations.migrate(dbUrl);
    Map<String, String> shared = Map.of(
        "db-url", dbUrl,
        "blob-store", "postgres",
        "job-heartbeat-seconds", String.valueOf(HEARTBEAT_SECONDS),
        "job-stale-seconds", String.valueOf(STALE_SECONDS),
        "audiobook-workers", "1");
    b = NodeProcess.start("node-b", Path.of("target", "audiobook-test"), List.of(
        "--node-name", "node-b", "--roles", "audiobook", "--data-dir", Files.createDirectories(dirs.resolve("b")).toString(),
        "--db-url", dbUrl, "--blob-store", "postgres", "--job-heartbeat-seconds", String.valueOf(HEARTBEAT_SECONDS),
        "--job-stale-seconds", String.valueOf(STALE_SECONDS), "--audiobook-workers", "1"));
    int port = Ports.free();
    Map<String, String> aConfig = new LinkedHashMap<>(shared);
    aConfig.putAll(Map.of("data-dir", Files.createDirectories(dirs.resolve("a")).toString(), "http-port", String.valueOf(port),
        "node-name", "node-a", "registration-per-hour-per-address", "0"));
    a = Node.start(NodeConfig.load(null, Map.of(), aConfig));
    vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx);
    NodeHttp api = new NodeHttp(client, PASSWORD);
    api.register(port, "reader@example.org");
    String token = api.login(port, "reader@example.org");

    // eight chapters of ~700 words, read by flite (~40x real time here: seconds a chapter, long enough to be caught mid-chapter)
    String text = IntStream.rangeClosed(1, 8).mapToObj(n -> "Chapter " + n + "\n\n" + paragraphs(n)).collect(Collectors.joining("\n\n"));
    HttpResponse<Buffer> source = Await.result(client.post(port, "127.0.0.1", "/api/v1/sources").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("kind", "text").put("title", "Eight chapters").put("text", text)));
    assertThat(source.statusCode()).as(source.bodyAsString()).isIn(201, 202);
    String sourceId = source.bodyAsJsonObject().containsKey("source")
        ? source.bodyAsJsonObject().getJsonObject("source").getString("id") : source.bodyAsJsonObject().getString("id");
    waitFor("the source is ingested", Duration.ofMinutes(2),
        () -> "completed".equals(api.get(port, token, "/api/v1/sources/" + sourceId).getString("status")));
    waitFor("node B has started", Duration.ofMinutes(2), () -> b.tail(400).contains("speech engines"));

    HttpResponse<Buffer> created = Await.result(client.post(port, "127.0.0.1", "/api/v1/audiobooks").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("sourceId", sourceId).put("voice", "flite:slt").put("format", "mp3")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    UUID bookId = UUID.fromString(created.bodyAsJsonObject().getJsonObject("audiobook").getString("id"));

    // --- B reads a chapter while at least one is finished: kill it there
    waitFor("B holds a chapter while another is done", Duration.ofMinutes(4), () -> {
      Map<Integer, Row> rows = chapters(dbUrl, bookId);
      return rows.values().stream().anyMatch(r -> r.status.equals("done"))
          && rows.values().stream().anyMatch(r -> r.status.equals("running") && r.nodeId != null && r.nodeId.startsWith("node-b"));
    });
    Map<Integer, Row> atKill = chapters(dbUrl, bookId);
    b.kill();
    int held = atKill.values().stream().filter(r -> r.status.equals("running") && r.nodeId.startsWith("node-b"))
        .findFirst().orElseThrow().number;

    waitFor("the book completes on A", Duration.ofMinutes(5),
        () -> List.of("completed", "failed").contains(api.get(port, token, "/api/v1/jobs/" + bookId).getString("status")));
    JsonObject book = api.get(port, token, "/api/v1/audiobooks/" + bookId);
    assertThat(book.getString("status")).as(book.encodePrettily()).isEqualTo("completed");
    Map<Integer, Row> after = chapters(dbUrl, bookId);
    System.out.printf("[audiobook takeover] %d chapters; at the kill %s were done, B held chapter %d;"
        + " attempts after: %s%n", after.size(),
        atKill.values().stream().filter(r -> r.status.equals("done")).map(r -> r.number).toList(), held,
        after.values().stream().map(r -> r.number + ":" + r.attempts).toList());
    for (Row before : atKill.values()) {
      Row now = after.get(before.number);
      assertThat(now.status).isEqualTo("done");
      if (before.status.equals("done")) {
        // a finished chapter is never read again
        assertThat(now.doneAt).as("chapter %d", before.number).isEqualTo(before.doneAt);
        assertThat(now.audioKey).isEqualTo(before.audioKey);
        assertThat(now.attempts).isEqualTo(1);
      }
    }
    assertThat(after.get(held).attempts).as("the killed node's chapter was taken over").isEqualTo(2);
    assertThat(after.values().stream().filter(r -> r.number != held).allMatch(r -> r.attempts == 1)).isTrue();
    double sum = book.getJsonArray("chapters").stream().mapToDouble(c -> ((JsonObject) c).getDouble("duration")).sum();
    assertThat(book.getDouble("durationSeconds")).isBetween(sum - 0.1 * after.size() - 0.5, sum + 0.1 * after.size() + 0.5);
  }

  private static String paragraphs(int chapter) {
    String sentence = "In chapter " + chapter + " the travellers walk along the river and talk about the towns they have seen. ";
    return sentence.repeat(40);
  }

  private record Row(int number, String status, String nodeId, int attempts, OffsetDateTime doneAt, String audioKey) {
  }

  private static Map<Integer, Row> chapters(String url, UUID bookId) {
    try (Connection c = DriverManager.getConnection(Database.jdbcUrl(url), Database.jdbcProperties(url));
        PreparedStatement ps = c.prepareStatement("SELECT number, status, node_id, attempts, done_at, audio_key"
            + " FROM audiobook_chapters WHERE audiobook_id = ? ORDER BY number")) {
      ps.setObject(1, bookId);
      Map<Integer, Row> rows = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getInt(1), new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4),
              rs.getObject(5, OffsetDateTime.class), rs.getString(6)));
        }
      }
      return rows;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits, and tells the end of node B's log when it fails. */
  private void waitFor(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    Eventually.holds(what, limit, condition, () -> "\n--- node-b ---\n" + b.tail(40));
  }
}
