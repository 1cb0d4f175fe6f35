package io.mediawhisperer.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.CleanupBus;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testing.TestVertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweeps against a real PostgreSQL and the real local blob store, each triggered over the bus
 * as an operator would. Ages are made by back-dating files, never by waiting.
 */
class CleanupVerticleTest {

  private static final int STALE_SECONDS = 30;
  private static final int MAX_ATTEMPTS = 3;
  private static final long MAX_AGE_SECONDS = 3600;

  private static Vertx vertx;
  private static Pool db;
  private static Path dataDir;
  private static Blobs blobs;

  @BeforeAll
  static void deploy() throws Exception {
    // the node's Vert.x, with its metrics registry, so the sweeps' counters can be read back
    vertx = TestVertx.withMetrics();
    dataDir = Files.createTempDirectory("mw-cleanup-test");
    JsonObject config = new JsonObject()
        .put("db-url", TestDatabase.url())
        .put("data-dir", dataDir.toString())
        .put("job-stale-seconds", STALE_SECONDS)
        .put("job-max-attempts", MAX_ATTEMPTS)
        .put("cleanup-uploads-max-age-seconds", MAX_AGE_SECONDS);
    Await.result(vertx.deployVerticle(new CleanupVerticle(), new DeploymentOptions().setConfig(config)));
    db = Database.pool(vertx, "test", TestDatabase.url(), 1);
    blobs = Await.result(Blobs.acquire(vertx, config));
  }

  @AfterAll
  static void close() {
    Await.result(blobs.close());
    Await.result(vertx.close());
  }

  private static JsonObject sweep(String address) {
    return Await.result(vertx.eventBus().<JsonObject>request(address, new JsonObject())).body();
  }

  private static UUID user() {
    return Await.result(db.preparedQuery("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id")
        .execute(Tuple.of("sweep-" + UUID.randomUUID() + "@example.org"))).iterator().next().getUUID(0);
  }

  private static UUID source(UUID user, String status) {
    String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    return Await.result(db.preparedQuery("INSERT INTO sources (user_id, kind, title, status, parser, content_sha256, file_size)"
        + " VALUES ($1, 'pdf', 'a paper', $2, 'pdf', $3, 1000) RETURNING id").execute(Tuple.of(user, status, sha))).iterator().next().getUUID(0);
  }

  /** A job as a node that ran it would have left it: running, last confirmed {@code silentSeconds} ago. */
  private static UUID runningJob(UUID user, UUID source, int attempts, int silentSeconds) {
    return Await.result(db.preparedQuery("INSERT INTO jobs (user_id, type, source_id, status, stage, progress, attempts, node_id,"
        + " heartbeat_at, started_at) VALUES ($1, 'ingest', $2, 'running', 'embed', 60, $3, 'node-x-1234abcd',"
        + " now() - make_interval(secs => $4), now() - interval '1 hour') RETURNING id")
        .execute(Tuple.of(user, source, attempts, silentSeconds))).iterator().next().getUUID(0);
  }

  private static Row job(UUID id) {
    return Await.result(db.preparedQuery("SELECT * FROM jobs WHERE id = $1").execute(Tuple.of(id))).iterator().next();
  }

  private static void age(Path file, Duration by) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
  }

  /** Where the local blob store keeps a key (its layout: objects/<key>); only for back-dating. */
  private static Path blobFile(String key) {
    return dataDir.resolve("blobs").resolve("objects").resolve(key);
  }

  private static double counted(String sweep, String what) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    var counter = registry.find("mw.cleanup.removed").tag("sweep", sweep).tag("what", what).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void sweepDeletesExpiredSessionsOnly() {
    UUID user = user();
    String expired = sessionExpiringIn(user, -3600);
    String live = sessionExpiringIn(user, 3600);

    JsonObject result = sweep(CleanupBus.SWEEP_SESSIONS);

    assertThat(result.getInteger("deleted")).isGreaterThanOrEqualTo(1);
    var left = Await.result(db.preparedQuery("SELECT token_hash FROM sessions WHERE user_id = $1").execute(Tuple.of(user)));
    assertThat(left.size()).isEqualTo(1);
    assertThat(left.iterator().next().getString(0)).isEqualTo(live).isNotEqualTo(expired);
  }

  private static String sessionExpiringIn(UUID user, int seconds) {
    String hash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    Await.result(db.preparedQuery("INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))")
        .execute(Tuple.of(user, hash, seconds)));
    return hash;
  }

  @Test
  void aSweepHeldElsewhereIsSkipped() {
    for (String sweep : List.of("sessions", "jobs", "vectors", "blobs", "uploads")) {
      var lock = Await.result(vertx.sharedData().getLock("mw.cleanup." + sweep));
      try {
        JsonObject result = sweep("cleanup." + sweep + ".sweep");
        assertThat(result.getBoolean("skipped")).as(sweep).isTrue();
      } finally {
        lock.release();
      }
    }
  }

  @Test
  void jobsOfASilentNodeGoBackToTheQueueUntilTheirAttemptsRunOut() {
    UUID user = user();
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    var consumer = vertx.eventBus().<JsonObject>consumer(UserEvents.address(user), m -> events.add(m.body()));
    List<Object> wakes = new CopyOnWriteArrayList<>();
    var wake = vertx.eventBus().consumer(IngestionBus.JOBS_WAKE, m -> wakes.add(m.body()));
    Await.result(consumer.completion());
    Await.result(wake.completion());
    double requeuedBefore = counted("jobs", "requeued");
    try {
      UUID resumable = runningJob(user, source(user, "processing"), 1, STALE_SECONDS * 3);
      UUID exhaustedSource = source(user, "processing");
      UUID exhausted = runningJob(user, exhaustedSource, MAX_ATTEMPTS, STALE_SECONDS * 3);
      UUID alive = runningJob(user, source(user, "processing"), 1, 1);
      UUID collectionJob = Await.result(db.preparedQuery("INSERT INTO jobs (user_id, type, status, attempts, node_id, heartbeat_at)"
          + " VALUES ($1, 'collection_summary', 'running', $2, 'node-x-1234abcd', now() - interval '1 hour') RETURNING id")
          .execute(Tuple.of(user, MAX_ATTEMPTS))).iterator().next().getUUID(0);

      JsonObject result = sweep(CleanupBus.SWEEP_JOBS);

      assertThat(result.getInteger("requeued")).isGreaterThanOrEqualTo(1);
      assertThat(result.getInteger("failed")).isGreaterThanOrEqualTo(2);
      Row requeued = job(resumable);
      assertThat(requeued.getString("status")).isEqualTo("queued");
      assertThat(requeued.getInteger("attempts")).as("the next claim counts the next attempt").isEqualTo(1);
      assertThat(requeued.getString("node_id")).isNull();
      assertThat(requeued.getInteger("progress")).isZero();

      Row failed = job(exhausted);
      assertThat(failed.getString("status")).isEqualTo("failed");
      assertThat(failed.getString("error")).contains("Tried 3 times").contains("stopped before it finished");
      assertThat(failed.getOffsetDateTime("completed_at")).isNotNull();
      Row source = Await.result(db.preparedQuery("SELECT status, error FROM sources WHERE id = $1").execute(Tuple.of(exhaustedSource)))
          .iterator().next();
      assertThat(source.getString("status")).isEqualTo("failed");
      assertThat(source.getString("error")).isEqualTo(failed.getString("error"));
      assertThat(job(collectionJob).getString("status")).as("a job without a source fails alike").isEqualTo("failed");

      Row untouched = job(alive);
      assertThat(untouched.getString("status")).as("a job whose node still beats").isEqualTo("running");
      assertThat(untouched.getString("node_id")).isEqualTo("node-x-1234abcd");

      waitFor(() -> events.size() >= 3 && !wakes.isEmpty());
      assertThat(events).allMatch(e -> "job".equals(e.getString("type")));
      assertThat(events).anySatisfy(e -> {
        assertThat(e.getJsonObject("job").getString("id")).isEqualTo(resumable.toString());
        assertThat(e.getJsonObject("job").getString("status")).isEqualTo("queued");
      });
      assertThat(events).anySatisfy(e -> {
        assertThat(e.getJsonObject("job").getString("id")).isEqualTo(exhausted.toString());
        assertThat(e.getJsonObject("job").getString("status")).isEqualTo("failed");
        assertThat(e.getJsonObject("job").getString("error")).contains("Tried 3 times");
        assertThat(e.getJsonObject("job").getInteger("attempts")).isEqualTo(MAX_ATTEMPTS);
      });
      assertThat(counted("jobs", "requeued")).isGreaterThanOrEqualTo(requeuedBefore + 1);

      JsonObject again = sweep(CleanupBus.SWEEP_JOBS);
      assertThat(job(resumable).getString("status")).as("a queued job is left to the claim").isEqualTo("queued");
      assertThat(again.getInteger("failed")).isZero();
    } finally {
      consumer.unregister();
      wake.unregister();
    }
  }

  @Test
  void abandonedUploadsGoFreshOnesStay() throws Exception {
    Path uploads = Files.createDirectories(dataDir.resolve("uploads"));
    Path oldFile = Files.writeString(uploads.resolve("abandoned-part"), "half an upload");
    Path freshFile = Files.writeString(uploads.resolve("arriving-part"), "an upload in flight");
    age(oldFile, Duration.ofSeconds(MAX_AGE_SECONDS + 60));
    String oldBlob = "uploads/" + UUID.randomUUID();
    String freshBlob = "uploads/" + UUID.randomUUID();
    String sourceBlob = "sources/" + UUID.randomUUID() + "/" + UUID.randomUUID() + "/original";
    for (String key : List.of(oldBlob, freshBlob, sourceBlob)) {
      Await.result(blobs.put(key, Buffer.buffer("bytes of " + key)));
    }
    age(blobFile(oldBlob), Duration.ofSeconds(MAX_AGE_SECONDS + 60));
    age(blobFile(sourceBlob), Duration.ofSeconds(MAX_AGE_SECONDS + 60));

    JsonObject result = sweep(CleanupBus.SWEEP_UPLOADS);

    assertThat(result.getLong("files")).isEqualTo(1);
    assertThat(result.getLong("blobs")).isEqualTo(1);
    assertThat(oldFile).doesNotExist();
    assertThat(freshFile).exists();
    assertThat(Await.result(blobs.exists(oldBlob))).isFalse();
    assertThat(Await.result(blobs.exists(freshBlob))).isTrue();
    assertThat(Await.result(blobs.exists(sourceBlob))).as("not an upload: the blob sweep's business").isTrue();
    assertThat(counted("uploads", "upload_files")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void filesOfSourcesThatAreGoneAreRemovedOnceOldEnough() throws Exception {
    UUID user = user();
    UUID kept = source(user, "completed");
    UUID gone = UUID.randomUUID();
    UUID goneButYoung = UUID.randomUUID();
    List<String> keptKeys = List.of("sources/" + user + "/" + kept + "/original", "sources/" + user + "/" + kept + "/image-0.png");
    List<String> goneKeys = List.of("sources/" + user + "/" + gone + "/original", "sources/" + user + "/" + gone + "/image-0.png",
        "sources/" + user + "/" + gone + "/image-1.jpeg");
    String youngKey = "sources/" + user + "/" + goneButYoung + "/original";
    for (String key : concat(keptKeys, goneKeys, List.of(youngKey))) {
      Await.result(blobs.put(key, Buffer.buffer("bytes of " + key)));
    }
    for (String key : concat(keptKeys, goneKeys)) {
      age(blobFile(key), Duration.ofSeconds(MAX_AGE_SECONDS + 60));
    }

    JsonObject result = sweep(CleanupBus.SWEEP_BLOBS);

    assertThat(result.getLong("deleted")).as("other tests may leave orphans too").isGreaterThanOrEqualTo(3);
    assertThat(result.getLong("checked")).isGreaterThanOrEqualTo(6);
    for (String key : goneKeys) {
      assertThat(Await.result(blobs.exists(key))).as(key).isFalse();
    }
    for (String key : concat(keptKeys, List.of(youngKey))) {
      assertThat(Await.result(blobs.exists(key))).as(key).isTrue();
    }
    assertThat(counted("blobs", "blobs")).isGreaterThanOrEqualTo(3);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 10 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
