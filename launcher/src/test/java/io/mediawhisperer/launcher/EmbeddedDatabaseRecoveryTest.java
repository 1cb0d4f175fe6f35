package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process on the embedded PostgreSQL (no db-url) is killed with SIGKILL while it ingests
 * a PDF. Its postmaster outlives it (nothing stops it), so the next start finds the data dir's
 * PostgreSQL still running: it must recognise it as its own orphan, stop it and come up in that one
 * start, and the job must run again and complete. A start beside a live server then fails at once
 * with a message naming the data dir. Every process, the orphan included, is stopped at the end,
 * also on failure; every wait has a deadline.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class EmbeddedDatabaseRecoveryTest {

  private static final String PASSWORD = "survives a kill -9";
  private static final Duration RECOVERED_START_LIMIT = Duration.ofSeconds(60);

  @TempDir
  Path dirs;
  private final List<NodeProcess> processes = new ArrayList<>();
  private final Set<Long> postmasters = new HashSet<>();
  private Vertx vertx;
  private WebClient client;
  private NodeHttp api;

  @AfterEach
  void stopEverything() throws Exception {
    for (NodeProcess p : processes) {
      p.close();
    }
    // whatever still runs on the data dir (the orphan, if the server did not stop it) goes too
    postmasterPid(dirs.resolve("data")).ifPresent(postmasters::add);
    for (long pid : postmasters) {
      Optional<ProcessHandle> postgres = ProcessHandle.of(pid);
      if (postgres.isPresent() && postgres.get().isAlive()) {
        postgres.get().destroy();
        try {
          postgres.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          postgres.get().destroyForcibly();
        }
      }
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  @Test
  void aServerKilledMidJobRestartsInOneStartAndFinishesTheJob() throws Exception {
    Path dataDir = Files.createDirectories(dirs.resolve("data"));
    int port = Ports.free();
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    api = new NodeHttp(client, PASSWORD);

    NodeProcess first = start("first", dataDir, port);
    waitFor("the first server answers", Duration.ofMinutes(3), first, () -> api.health(port) == 200);
    api.register(port, "ada@example.org");
    String token = api.login(port, "ada@example.org");
    Path pdf = Corpus.root().resolve("pdf/tracemonkey-two-column.pdf");
    HttpResponse<Buffer> created = api.upload(port, token, pdf);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String jobPath = "/api/v1/jobs/" + created.bodyAsJsonObject().getJsonObject("job").getString("id");
    String sourcePath = "/api/v1/sources/" + created.bodyAsJsonObject().getJsonObject("source").getString("id");

    // --- SIGKILL while the job runs: no shutdown hook, so nothing stops the embedded PostgreSQL
    AtomicReference<JsonObject> beforeKill = new AtomicReference<>();
    waitFor("the job started", Duration.ofMinutes(2), first, () -> {
      beforeKill.set(api.get(port, token, jobPath));
      return !"queued".equals(beforeKill.get().getString("status"));
    });
    first.kill();
    assertThat(beforeKill.get().getString("status")).as("killed while the job ran: %s", beforeKill.get().encode()).isEqualTo("running");
    assertThat(first.isAlive()).isFalse();
    long orphan = postmasterPid(dataDir).orElseThrow(() -> new AssertionError("no postmaster.pid after the kill"));
    postmasters.add(orphan);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
        .as("the killed server's PostgreSQL (pid %d) outlives it", orphan).isTrue();

    // --- one start: it must recognise the orphan as its own, stop it and come up
    long startedAt = System.nanoTime();
    NodeProcess second = start("second", dataDir, port);
    waitFor("the restarted server answers", RECOVERED_START_LIMIT, second, () -> api.health(port) == 200);
    long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    System.out.printf("%n[recovery test] orphaned postmaster pid %d; the next start answered /health after %d ms%n%n",
        orphan, recoveredMs);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
        .as("the orphaned postmaster was stopped").isFalse();
    long current = postmasterPid(dataDir).orElseThrow();
    postmasters.add(current);
    assertThat(current).isNotEqualTo(orphan);

    // --- the job runs again on the new node and completes; its source is searchable
    waitFor("the job completed after the restart", Duration.ofMinutes(3), second,
        () -> "completed".equals(api.get(port, token, jobPath).getString("status"))
            && "completed".equals(api.get(port, token, sourcePath).getString("status")));
    JsonObject job = api.get(port, token, jobPath);
    assertThat(job.getInteger("attempts")).as(job.encode()).isEqualTo(2);
    JsonObject source = api.get(port, token, sourcePath);
    assertThat(source.getInteger("chunkCount")).isGreaterThan(14);
    JsonArray results = api.search(port, token, "trace-based just-in-time type specialization for dynamic languages");
    assertThat(results.stream().map(JsonObject.class::cast).map(h -> h.getString("sourceId")).toList())
        .contains(source.getString("id"));

    // --- a start beside the live server fails at once, naming the data dir, and leaves it running
    long intruderStarted = System.nanoTime();
    NodeProcess intruder = start("intruder", dataDir, Ports.free());
    waitFor("the second server on the same data dir gives up", Duration.ofSeconds(45), null, () -> !intruder.isAlive());
    long intruderMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - intruderStarted);
    String refusal = Files.readString(intruder.log, StandardCharsets.UTF_8);
    assertThat(refusal).contains("in use by another MediaWhisperer").contains(dataDir.toAbsolutePath().toString());
    System.out.printf("[recovery test] a start beside the live server gave up after %d ms%n%n", intruderMs);
    assertThat(api.health(port)).isEqualTo(200);
    assertThat(ProcessHandle.of(current).map(ProcessHandle::isAlive).orElse(false)).isTrue();
  }

  // ------------------------------------------------------------------ processes

  private NodeProcess start(String name, Path dataDir, int port) throws IOException {
    NodeProcess process = NodeProcess.start(name, Path.of("target", "recovery-test"), List.of(
        "--data-dir", dataDir.toString(),
        "--http-host", "127.0.0.1",
        "--http-port", String.valueOf(port),
        // the killed node's job is taken over after 4 s rather than 30
        "--job-heartbeat-seconds", "1",
        "--job-stale-seconds", "4",
        "--node-heartbeat-seconds", "1",
        "--cleanup-jobs-interval-seconds", "1"));
    processes.add(process);
    return process;
  }

  /** The postmaster of the embedded PostgreSQL, from the pid file it keeps in its data directory. */
  private static Optional<Long> postmasterPid(Path dataDir) {
    Path pidFile = dataDir.resolve("pg/data/postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Waits for the condition; a node process that dies meanwhile fails the wait at once, with its log. */
  private void waitFor(String what, Duration limit, NodeProcess node, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      boolean met;
      try {
        met = condition.getAsBoolean();
      } catch (RuntimeException | AssertionError e) {
        met = false; // a node still starting answers nothing yet
      }
      if (met) {
        return;
      }
      if (node != null && !node.isAlive()) {
        throw new AssertionError(what + ": " + node.name + " exited (" + node.log + "):\n" + node.tail(30));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what
            + (node == null ? "" : "\n--- " + node.name + " ---\n" + node.tail(30)));
      }
      Thread.sleep(100);
    }
  }

  // ------------------------------------------------------------------ HTTP






}
