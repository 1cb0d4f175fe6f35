package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.Migrations;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on loopback, clustered through a static member list, sharing one fresh
 * PostgreSQL database (pgvector backend, postgres blob store), each with its own data dir as on
 * separate machines:
 * <ul>
 *   <li>A: http, auth, embedding, retrieval, cleanup: every upload goes through it;</li>
 *   <li>B: ingestion only, with 4 workers: it takes most jobs, and is killed with SIGKILL while it
 *       runs them;</li>
 *   <li>C: http, auth, ingestion (2 workers), embedding, retrieval, cleanup: a WebSocket is open
 *       on it, and it finishes what B left.</li>
 * </ul>
 * Real PDFs of the corpus, the real MiniLM model, real PDFBox. Every job must complete on another
 * node with the chunk count a clean ingestion gives, no duplicate chunk or vector, searches through
 * A and C find the sources, files upload through A are served by C, and the WebSocket on C saw the
 * progress. The time from B's death to its jobs resuming is printed. Every process is stopped at
 * the end, also on failure; every wait has a deadline.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterProcessTest {

  private static final int HEARTBEAT_SECONDS = 1;
  private static final int STALE_SECONDS = 4;
  private static final String PASSWORD = "three nodes, one truth";

  @TempDir
  Path dirs;
  private final List<NodeProcess> processes = new ArrayList<>();
  private Vertx vertx;
  private WebClient client;
  private NodeHttp api;
  private WebSocketClient webSockets;
  private FreshDatabase database;
  private String dbUrl;

  @AfterEach
  void stopEverything() throws Exception {
    for (NodeProcess p : processes) {
      p.close();
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aNodeKilledMidJobLosesNothingAndAnotherFinishesItsJobs() throws Exception {
    database = FreshDatabase.onTestServer("mw_cluster_", true, "the cluster test (its node processes share one database)");
    dbUrl = database.url();
    Migrations.migrate(dbUrl); // once, before the nodes start and race to do it
    int[] http = {Ports.free(), 0, Ports.free()};
    int[] cluster = {Ports.free(), Ports.free(), Ports.free()};
    String members = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1] + ",127.0.0.1:" + cluster[2];
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    createSuperuser("root@example.org");

    NodeProcess a = start("node-a", cluster[0], members, secret, "http,auth,embedding,retrieval,cleanup", http[0], 1);
    NodeProcess b = start("node-b", cluster[1], members, secret, "ingestion", 0, 4);
    NodeProcess c = start("node-c", cluster[2], members, secret, "http,auth,ingestion,embedding,retrieval,cleanup", http[2], 2);
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    api = new NodeHttp(client, PASSWORD);

    // --- the cluster forms: every node present, each reaching the others over the bus
    waitFor("A and C serve HTTP", Duration.ofMinutes(3), () -> api.health(http[0]) == 200 && api.health(http[2]) == 200);
    String root = api.login(http[0], "root@example.org");
    waitFor("three nodes up and reachable over the bus", Duration.ofMinutes(3), () -> {
      JsonArray nodes = cluster(http[0], root);
      return nodes != null && nodes.stream().map(JsonObject.class::cast)
          .filter(n -> "up".equals(n.getString("status")) && "UP".equals(n.getJsonObject("health").getString("status")))
          .map(n -> n.getString("name")).collect(Collectors.toSet()).containsAll(Set.of("node-a", "node-b", "node-c"));
    });
    Map<String, JsonObject> before = byName(cluster(http[2], root));
    assertThat(before.get("node-b").getJsonArray("roles")).containsExactly("ingestion");
    assertThat(before.get("node-a").getJsonArray("roles")).contains("http", "auth", "embedding", "retrieval", "cleanup");
    assertThat(before.get("node-c").getBoolean("clustered")).isTrue();
    String nodeB = before.get("node-b").getString("id");

    // --- users, and a WebSocket on C
    api.register(http[0], "ada@example.org");
    api.register(http[0], "grace@example.org");
    String ada = api.login(http[0], "ada@example.org");
    String grace = api.login(http[0], "grace@example.org");
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    // held until the end: Vert.x closes a client (and its sockets) once the client object is garbage
    webSockets = vertx.createWebSocketClient();
    List<String> socketTrouble = new CopyOnWriteArrayList<>();
    // the handlers are set as the connection completes: set later, they could miss the ready frame
    WebSocket socket = Await.result(webSockets.connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(http[2]).setURI("/api/v1/ws").addHeader("authorization", "Bearer " + ada))
        .map(ws -> {
          ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
          ws.closeHandler(v -> socketTrouble.add("closed: " + ws.closeStatusCode() + " " + ws.closeReason()));
          ws.exceptionHandler(e -> socketTrouble.add("error: " + e));
          return ws;
        }));
    waitFor("the WebSocket on C is ready", Duration.ofSeconds(30), () -> frames.stream().anyMatch(f -> "ready".equals(f.getString("type"))));

    // --- six uploads through A: each PDF for each user
    List<String> pdfs = List.of("tracemonkey-two-column.pdf", "udhr.pdf", "scanned-no-text-layer.pdf");
    Map<String, JsonObject> uploads = new LinkedHashMap<>(); // job id -> {token, file, sourceId}
    for (String token : List.of(ada, grace)) {
      for (String pdf : pdfs) {
        HttpResponse<Buffer> created = api.upload(http[0], token, Corpus.root().resolve("pdf").resolve(pdf));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
        JsonObject body = created.bodyAsJsonObject();
        uploads.put(body.getJsonObject("job").getString("id"), new JsonObject().put("token", token).put("file", pdf)
            .put("sourceId", body.getJsonObject("source").getString("id")));
      }
    }
    Set<UUID> jobIds = uploads.keySet().stream().map(UUID::fromString).collect(Collectors.toSet());

    // --- kill B while it is in the middle of embedding one of them
    waitFor("node B mid-way through a job", Duration.ofMinutes(3), () -> count("SELECT count(*) FROM jobs WHERE id = ANY (?)"
        + " AND status = 'running' AND node_id = ? AND progress BETWEEN 40 AND 90", jobIds, nodeB) > 0);
    b.kill();
    long killed = System.nanoTime();
    assertThat(b.isAlive()).isFalse();
    Set<UUID> orphaned = ids("SELECT id FROM jobs WHERE id = ANY (?) AND status = 'running' AND node_id = ?", jobIds, nodeB);
    long busyOnC = count("SELECT count(*) FROM jobs WHERE id = ANY (?) AND status = 'running' AND node_id = ?", jobIds,
        before.get("node-c").getString("id"));
    assertThat(orphaned).as("jobs B was running when it died").isNotEmpty();

    // --- the death-to-resume time: until another node runs (or has finished) each of them
    Map<UUID, Long> resumedAfterMs = new HashMap<>();
    long requeuedAfterMs = -1;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (resumedAfterMs.size() < orphaned.size()) {
      assertThat(System.nanoTime()).as("B's jobs resumed within 2 minutes").isLessThan(deadline);
      try (Connection conn = connect(dbUrl);
          PreparedStatement ps = conn.prepareStatement("SELECT id, status, node_id FROM jobs WHERE id = ANY (?)")) {
        ps.setArray(1, conn.createArrayOf("uuid", orphaned.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            UUID id = rs.getObject(1, UUID.class);
            long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            if ("queued".equals(rs.getString(2)) && requeuedAfterMs < 0) {
              requeuedAfterMs = now;
            }
            boolean elsewhere = rs.getString(3) != null && !nodeB.equals(rs.getString(3));
            if (elsewhere && !resumedAfterMs.containsKey(id)) {
              resumedAfterMs.put(id, now);
            }
          }
        }
      }
      Thread.sleep(50);
    }
    long firstResume = resumedAfterMs.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long lastResume = resumedAfterMs.values().stream().mapToLong(Long::longValue).max().orElseThrow();

    // --- every job completes, on another node
    // the job row is finished a moment before its source (ingestion writes the job first), so wait for both
    Set<UUID> sourceIds = uploads.values().stream().map(u -> UUID.fromString(u.getString("sourceId"))).collect(Collectors.toSet());
    waitFor("all six jobs finished", Duration.ofMinutes(4),
        () -> count("SELECT count(*) FROM jobs WHERE id = ANY (?) AND status IN ('completed', 'failed')", jobIds, null) == jobIds.size()
            && count("SELECT count(*) FROM sources WHERE id = ANY (?) AND status IN ('completed', 'failed')", sourceIds, null)
                == sourceIds.size());
    long allDoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    System.out.printf("%n[cluster test] node B (pid %d) killed with %d job(s) running (C busy with %d of its 2 workers);"
            + " stale after %d s (heartbeat %d s):%n"
            + "  first job requeued by the cleanup sweep after %s ms%n"
            + "  death-to-resume (claimed by another node): first %d ms, last %d ms%n"
            + "  all six jobs completed %d ms after the kill%n%n",
        b.pid(), orphaned.size(), busyOnC, STALE_SECONDS, HEARTBEAT_SECONDS, requeuedAfterMs < 0 ? "(not seen: claimed at once)" : requeuedAfterMs,
        firstResume, lastResume, allDoneMs);

    Map<String, Integer> chunksByFile = new HashMap<>();
    String vectorTable = vectorTable();
    for (var entry : uploads.entrySet()) {
      UUID jobId = UUID.fromString(entry.getKey());
      JsonObject upload = entry.getValue();
      UUID sourceId = UUID.fromString(upload.getString("sourceId"));
      JsonObject job = api.get(http[2], upload.getString("token"), "/api/v1/jobs/" + jobId);
      assertThat(job.getString("status")).as("job %s (%s): %s", jobId, upload.getString("file"), job.encode()).isEqualTo("completed");
      if (orphaned.contains(jobId)) {
        assertThat(job.getInteger("attempts")).as("a job B was running is on its second attempt").isEqualTo(2);
        assertThat(single("SELECT node_id FROM jobs WHERE id = ?", jobId)).isNotEqualTo(nodeB);
      }
      JsonObject source = api.get(http[0], upload.getString("token"), "/api/v1/sources/" + sourceId);
      assertThat(source.getString("status")).isEqualTo("completed");
      int chunkCount = source.getInteger("chunkCount");
      Integer same = chunksByFile.putIfAbsent(upload.getString("file"), chunkCount);
      assertThat(chunkCount).as("%s: the same chunks for both users", upload.getString("file")).isEqualTo(same == null ? chunkCount : same);
      // no duplicates: one chunk per position, one vector per chunk, no vector of an earlier attempt
      assertThat(count("SELECT count(*) FROM chunks WHERE source_id = ?", sourceId)).isEqualTo(chunkCount);
      assertThat(count("SELECT count(DISTINCT seq) FROM chunks WHERE source_id = ?", sourceId)).isEqualTo(chunkCount);
      assertThat(count("SELECT count(*) FROM " + vectorTable + " WHERE source_id = ?", sourceId)).as("vectors of %s", sourceId)
          .isEqualTo(chunkCount);
      assertThat(count("SELECT count(*) FROM " + vectorTable + " v WHERE v.source_id = ? AND NOT EXISTS"
          + " (SELECT 1 FROM chunks c WHERE c.id = v.chunk_id)", sourceId)).isZero();
    }
    assertThat(chunksByFile.get("tracemonkey-two-column.pdf")).isGreaterThan(14);
    assertThat(chunksByFile.get("udhr.pdf")).isGreaterThan(8);

    // --- searches through either surviving node find them
    for (int port : new int[] {http[0], http[2]}) {
      for (var upload : uploads.values()) {
        String query = switch (upload.getString("file")) {
          case "tracemonkey-two-column.pdf" -> "trace-based just-in-time type specialization for dynamic languages";
          case "udhr.pdf" -> "everyone has the right to life, liberty and security of person";
          default -> null;
        };
        if (query == null) {
          continue;
        }
        JsonArray results = api.search(port, upload.getString("token"), query);
        assertThat(results.stream().map(JsonObject.class::cast).map(h -> h.getString("sourceId")).toList())
            .as("search through port %d for %s", port, upload.getString("file")).contains(upload.getString("sourceId"));
      }
    }

    // --- what A received, C serves: the original and an extracted image
    JsonObject paper = uploads.values().stream().filter(u -> u.getString("file").startsWith("tracemonkey") && u.getString("token").equals(ada))
        .findFirst().orElseThrow();
    HttpResponse<Buffer> original = Await.result(client.get(http[2], "127.0.0.1", "/api/v1/sources/" + paper.getString("sourceId") + "/file")
        .bearerTokenAuthentication(ada).send());
    assertThat(original.statusCode()).isEqualTo(200);
    assertThat(original.getHeader("content-type")).isEqualTo("application/pdf");
    assertThat(sha256(original.body().getBytes()))
        .isEqualTo(sha256(Files.readAllBytes(Corpus.root().resolve("pdf/tracemonkey-two-column.pdf"))));
    JsonObject scan = uploads.values().stream().filter(u -> u.getString("file").startsWith("scanned") && u.getString("token").equals(ada))
        .findFirst().orElseThrow();
    HttpResponse<Buffer> image = Await.result(client.get(http[2], "127.0.0.1", "/api/v1/sources/" + scan.getString("sourceId") + "/images/0")
        .bearerTokenAuthentication(ada).send());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.getHeader("content-type")).startsWith("image/");
    assertThat(image.body().length()).isGreaterThan(100);

    // --- the WebSocket on C saw Ada's jobs progress and complete, wherever they ran
    for (var entry : uploads.entrySet()) {
      if (!entry.getValue().getString("token").equals(ada)) {
        continue;
      }
      List<JsonObject> jobFrames = frames.stream().filter(f -> "job".equals(f.getString("type")))
          .map(f -> f.getJsonObject("job")).filter(j -> entry.getKey().equals(j.getString("id"))).toList();
      assertThat(jobFrames).as("frames of job %s (socket: %s; %d frames in all, the last %s)", entry.getKey(), socketTrouble,
              frames.size(), frames.isEmpty() ? null : frames.get(frames.size() - 1).encode())
          .anyMatch(j -> j.getInteger("progress") > 0 && j.getInteger("progress") < 100)
          .anyMatch(j -> "completed".equals(j.getString("status")));
      if (orphaned.contains(UUID.fromString(entry.getKey()))) {
        assertThat(jobFrames).as("the second attempt of job %s, on another node", entry.getKey())
            .anyMatch(j -> j.getInteger("attempts") == 2 && "running".equals(j.getString("status")));
      }
    }
    Await.result(webSockets.close());

    // --- the cluster view: B is gone, A and C are fine; only a superuser may look
    Map<String, JsonObject> after = byName(cluster(http[2], root));
    assertThat(after.get("node-b").getString("status")).isEqualTo("unresponsive");
    assertThat(after.get("node-b").getJsonObject("health").getString("status")).isEqualTo("DOWN");
    for (String name : List.of("node-a", "node-c")) {
      assertThat(after.get(name).getString("status")).isEqualTo("up");
      assertThat(after.get(name).getJsonObject("health").getString("status")).as(after.get(name).encode()).isEqualTo("UP");
    }
    for (String token : new String[] {ada, null, "not-a-token"}) {
      var request = client.get(http[0], "127.0.0.1", "/api/v1/admin/cluster");
      if (token != null) {
        request.bearerTokenAuthentication(token);
      }
      HttpResponse<Buffer> hidden = Await.result(request.send());
      assertThat(hidden.statusCode()).as("admin as %s", token).isEqualTo(404);
      assertThat(hidden.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
    }

    // --- a clean ingestion of the same files, now on C alone, gives the same chunks
    api.register(http[2], "ref@example.org");
    String ref = api.login(http[2], "ref@example.org");
    for (String pdf : pdfs) {
      HttpResponse<Buffer> created = api.upload(http[2], ref, Corpus.root().resolve("pdf").resolve(pdf));
      assertThat(created.statusCode()).isEqualTo(202);
      String sourcePath = "/api/v1/sources/" + created.bodyAsJsonObject().getJsonObject("source").getString("id");
      waitFor("the reference ingestion of " + pdf, Duration.ofMinutes(2),
          () -> "completed".equals(api.get(http[2], ref, sourcePath).getString("status")));
      JsonObject source = api.get(http[2], ref, sourcePath);
      assertThat(source.getInteger("chunkCount")).as("%s: resumed ingestion = clean ingestion", pdf).isEqualTo(chunksByFile.get(pdf));
    }
  }

  // ------------------------------------------------------------------ processes

  private NodeProcess start(String name, int clusterPort, String members, String secret, String roles, int httpPort, int workers)
      throws Exception {
    List<String> flags = new ArrayList<>(List.of(
        "--node-name", name,
        "--roles", roles,
        "--data-dir", Files.createDirectories(dirs.resolve(name)).toString(),
        "--db-url", dbUrl,
        "--jwt-secret", secret,
        "--cluster",
        "--cluster-host", "127.0.0.1",
        "--cluster-port", String.valueOf(clusterPort),
        "--cluster-members", members,
        "--vector-backend", "pgvector",
        "--blob-store", "postgres",
        "--ingestion-workers", String.valueOf(workers),
        "--job-heartbeat-seconds", String.valueOf(HEARTBEAT_SECONDS),
        "--job-stale-seconds", String.valueOf(STALE_SECONDS),
        "--node-heartbeat-seconds", String.valueOf(HEARTBEAT_SECONDS),
        "--cleanup-jobs-interval-seconds", "1"));
    if (httpPort > 0) {
      flags.addAll(List.of("--http-host", "127.0.0.1", "--http-port", String.valueOf(httpPort)));
    }
    NodeProcess process = NodeProcess.start(name, Path.of("target", "cluster-test"), flags);
    processes.add(process);
    return process;
  }

  /** The only way to make a superuser: the CLI's {@code user add --superuser}, against the shared database. */
  private void createSuperuser(String email) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "user", "add", "--email", email, "--password", PASSWORD,
        "--superuser", "--db-url", dbUrl, "--data-dir", dirs.resolve("cli").toString());
    assertThat(code).as(err.toString()).isZero();
  }

  private void waitFor(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    Eventually.holds(what, limit, condition, () -> {
      StringBuilder logs = new StringBuilder();
      for (NodeProcess p : processes) {
        logs.append("\n--- ").append(p.name).append(p.isAlive() ? "" : " (dead)").append(" ---\n").append(p.tail(40));
      }
      return logs.toString();
    });
  }


  // ------------------------------------------------------------------ HTTP




  private JsonArray cluster(int port, String token) {
    HttpResponse<Buffer> r = Await.result(client.get(port, "127.0.0.1", "/api/v1/admin/cluster").bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("nodes");
  }

  private static Map<String, JsonObject> byName(JsonArray nodes) {
    Map<String, JsonObject> out = new HashMap<>();
    // the newest row of a name: a node's previous runs stay listed as stopped
    nodes.stream().map(JsonObject.class::cast).forEach(n -> out.putIfAbsent(n.getString("name"), n));
    return out;
  }




  // ------------------------------------------------------------------ database

  private static Connection connect(String url) throws Exception {
    return DriverManager.getConnection(Database.jdbcUrl(url), Database.jdbcProperties(url));
  }

  private String vectorTable() throws Exception {
    try (Connection c = connect(dbUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE tablename LIKE 'vectors\\_%'")) {
      assertThat(rs.next()).as("the pgvector table exists").isTrue();
      return rs.getString(1);
    }
  }

  private long count(String sql, Object first, Object second) {
    try (Connection c = connect(dbUrl); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, 1, first);
      if (second != null) {
        bind(c, ps, 2, second);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long count(String sql, Object only) {
    return count(sql, only, null);
  }

  private String single(String sql, Object arg) throws Exception {
    try (Connection c = connect(dbUrl); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, 1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private Set<UUID> ids(String sql, Object first, Object second) throws Exception {
    try (Connection c = connect(dbUrl); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, 1, first);
      bind(c, ps, 2, second);
      Set<UUID> out = new java.util.HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1, UUID.class));
        }
      }
      return out;
    }
  }

  private static void bind(Connection c, PreparedStatement ps, int i, Object value) throws Exception {
    if (value instanceof Set<?> set) {
      ps.setArray(i, c.createArrayOf("uuid", set.toArray()));
    } else {
      ps.setObject(i, value);
    }
  }

  private static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
