package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
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
 * The sweeps ingestion runs when the cleanup schedule asks ({@link IngestionBus#SWEEP_JOBS},
 * {@link IngestionBus#SWEEP_BLOBS}), on the verticle alone with no worker of its own (so no claim
 * takes a stale job over before the sweep sees it), the real database and the local blob store.
 * Ages are made by back-dating, never by waiting.
 */
class IngestionSweepsTest {

  private static final int STALE_SECONDS = 30;
  private static final int MAX_ATTEMPTS = 3;
  private static final long MAX_AGE_SECONDS = 3600;

  private static BusHarness bus;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject()
        .put("ingestion-workers", 0)
        .put("job-stale-seconds", STALE_SECONDS)
        .put("job-max-attempts", MAX_ATTEMPTS)
        .put("cleanup-uploads-max-age-seconds", MAX_AGE_SECONDS));
    bus.deploy(new IngestionVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "sweeps-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  private static UUID source(UUID user, String status) {
    String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    return bus.sql("INSERT INTO sources (user_id, kind, title, status, parser, content_sha256, file_size)"
        + " VALUES ($1, 'pdf', 'a paper', $2, 'pdf', $3, 1000) RETURNING id", user, status, sha).get(0).getUUID(0);
  }

  /** A job as a node that ran it would have left it: running, last confirmed {@code silentSeconds} ago. */
  private static UUID runningJob(UUID user, UUID source, int attempts, int silentSeconds) {
    return bus.sql("INSERT INTO jobs (user_id, type, source_id, status, stage, progress, attempts, node_id,"
        + " heartbeat_at, started_at) VALUES ($1, 'ingest', $2, 'running', 'embed', 60, $3, 'node-x-1234abcd',"
        + " now() - make_interval(secs => $4), now() - interval '1 hour') RETURNING id", user, source, attempts, silentSeconds)
        .get(0).getUUID(0);
  }

  private static Row job(UUID id) {
    return bus.sql("SELECT * FROM jobs WHERE id = $1", id).get(0);
  }

  @Test
  void jobsOfASilentNodeGoBackToTheQueueUntilTheirAttemptsRunOut() {
    UUID user = user();
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = bus.vertx().eventBus().consumer(UserEvents.address(user), m -> events.add(m.body()));
    Await.result(consumer.completion());
    try {
      UUID resumable = runningJob(user, source(user, "processing"), 1, STALE_SECONDS * 3);
      UUID exhaustedSource = source(user, "processing");
      UUID exhausted = runningJob(user, exhaustedSource, MAX_ATTEMPTS, STALE_SECONDS * 3);
      UUID alive = runningJob(user, source(user, "processing"), 1, 1);
      UUID collectionJob = bus.sql("INSERT INTO jobs (user_id, type, status, attempts, node_id, heartbeat_at)"
          + " VALUES ($1, 'collection_summary', 'running', $2, 'node-x-1234abcd', now() - interval '1 hour') RETURNING id",
          user, MAX_ATTEMPTS).get(0).getUUID(0);

      JsonObject result = bus.request(IngestionBus.SWEEP_JOBS, new JsonObject());

      assertThat(result.getInteger("failed")).isEqualTo(2);
      assertThat(result.getInteger("requeued")).isEqualTo(1);
      Row requeued = job(resumable);
      assertThat(requeued.getString("status")).isEqualTo("queued");
      assertThat(requeued.getInteger("attempts")).as("the next claim counts the next attempt").isEqualTo(1);
      assertThat(requeued.getString("node_id")).isNull();
      assertThat(requeued.getInteger("progress")).isZero();
      Row failed = job(exhausted);
      assertThat(failed.getString("status")).isEqualTo("failed");
      assertThat(failed.getString("error")).contains("Tried 3 times").contains("stopped before it finished");
      assertThat(failed.getOffsetDateTime("completed_at")).isNotNull();
      Row source = bus.sql("SELECT status, error FROM sources WHERE id = $1", exhaustedSource).get(0);
      assertThat(source.getString("status")).isEqualTo("failed");
      assertThat(source.getString("error")).isEqualTo(failed.getString("error"));
      assertThat(job(collectionJob).getString("status")).as("a job without a source fails alike").isEqualTo("failed");
      Row untouched = job(alive);
      assertThat(untouched.getString("status")).as("a job whose node still beats").isEqualTo("running");
      assertThat(untouched.getString("node_id")).isEqualTo("node-x-1234abcd");

      waitFor(() -> events.stream().anyMatch(e -> isJob(e, exhausted, "failed")) && events.stream().anyMatch(e -> isJob(e, resumable, "queued")));
      JsonObject failedEvent = events.stream().filter(e -> isJob(e, exhausted, "failed")).findFirst().orElseThrow().getJsonObject("job");
      assertThat(failedEvent.getString("error")).contains("Tried 3 times");
      assertThat(failedEvent.getInteger("attempts")).isEqualTo(MAX_ATTEMPTS);
      JsonObject again = bus.request(IngestionBus.SWEEP_JOBS, new JsonObject());
      assertThat(job(resumable).getString("status")).as("a queued job is left to the claim").isEqualTo("queued");
      assertThat(again.getInteger("failed")).isZero();
    } finally {
      consumer.unregister();
    }
  }

  private static boolean isJob(JsonObject event, UUID id, String status) {
    return "job".equals(event.getString("type")) && id.toString().equals(event.getJsonObject("job").getString("id"))
        && status.equals(event.getJsonObject("job").getString("status"));
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
      Path file = blobFile(key);
      Files.createDirectories(file.getParent());
      Files.write(file, Buffer.buffer("bytes of " + key).getBytes());
    }
    for (String key : concat(keptKeys, goneKeys)) {
      Files.setLastModifiedTime(blobFile(key), FileTime.from(Instant.now().minusSeconds(MAX_AGE_SECONDS + 60)));
    }

    JsonObject result = bus.request(IngestionBus.SWEEP_BLOBS, new JsonObject());

    assertThat(result.getLong("deleted")).as("other tests may leave orphans too").isGreaterThanOrEqualTo(3);
    assertThat(result.getLong("checked")).isGreaterThanOrEqualTo(6);
    for (String key : goneKeys) {
      assertThat(blobFile(key)).as(key).doesNotExist();
    }
    for (String key : concat(keptKeys, List.of(youngKey))) {
      assertThat(blobFile(key)).as(key).exists();
    }
  }

  /** Where the local blob store keeps a key (its layout: objects/<key>). */
  private static Path blobFile(String key) {
    return bus.dataDir().resolve("blobs").resolve("objects").resolve(key);
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
