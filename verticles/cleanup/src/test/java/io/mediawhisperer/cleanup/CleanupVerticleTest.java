package io.mediawhisperer.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.CleanupBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testing.TestVertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
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
 * The cleanup verticle alone: its schedule's sweeps are asked of the owners of the data (fakes here;
 * each owner's sweep is tested in its own module), under a lock, and counted; the uploads sweep is
 * its own, against the real local blob store. Ages are made by back-dating files, never by waiting.
 */
class CleanupVerticleTest {

  private static final long MAX_AGE_SECONDS = 3600;

  private static Vertx vertx;
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
        .put("cleanup-uploads-max-age-seconds", MAX_AGE_SECONDS);
    Await.result(vertx.deployVerticle(new CleanupVerticle(), new DeploymentOptions().setConfig(config)));
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
  void eachSweepIsRunByTheOwnerOfItsDataAndWhatItRemovedIsCounted() {
    List<String> asked = new CopyOnWriteArrayList<>();
    List<MessageConsumer<JsonObject>> owners = List.of(
        owner(AuthBus.SWEEP_SESSIONS, new JsonObject().put("deleted", 2), asked),
        owner(IngestionBus.SWEEP_JOBS, new JsonObject().put("requeued", 1).put("failed", 3), asked),
        owner(RetrievalBus.SWEEP_ORPHANS, new JsonObject().put("checked", 10).put("deleted", 4).put("sources", 1), asked),
        owner(RetrievalBus.SWEEP_EMBEDDING_CACHE, new JsonObject().put("expired", 7).put("evicted", 8).put("entries", 100), asked),
        owner(IngestionBus.SWEEP_BLOBS, new JsonObject().put("checked", 6).put("deleted", 5), asked));
    try {
      double sessions = counted("sessions", "sessions");
      double failed = counted("jobs", "failed");
      double vectors = counted("vectors", "vectors");
      double evicted = counted("embedding-cache", "evicted_entries");
      double blobs = counted("blobs", "blobs");

      assertThat(sweep(CleanupBus.SWEEP_SESSIONS).getInteger("deleted")).isEqualTo(2);
      assertThat(sweep(CleanupBus.SWEEP_JOBS).getInteger("failed")).isEqualTo(3);
      assertThat(sweep(CleanupBus.SWEEP_VECTORS).getInteger("sources")).isEqualTo(1);
      assertThat(sweep(CleanupBus.SWEEP_EMBEDDING_CACHE).getInteger("expired")).isEqualTo(7);
      assertThat(sweep(CleanupBus.SWEEP_BLOBS).getInteger("deleted")).isEqualTo(5);

      assertThat(asked).containsExactly(AuthBus.SWEEP_SESSIONS, IngestionBus.SWEEP_JOBS, RetrievalBus.SWEEP_ORPHANS,
          RetrievalBus.SWEEP_EMBEDDING_CACHE, IngestionBus.SWEEP_BLOBS);
      assertThat(counted("sessions", "sessions")).isEqualTo(sessions + 2);
      assertThat(counted("jobs", "failed")).isEqualTo(failed + 3);
      assertThat(counted("vectors", "vectors")).isEqualTo(vectors + 4);
      assertThat(counted("embedding-cache", "evicted_entries")).isEqualTo(evicted + 8);
      assertThat(counted("blobs", "blobs")).isEqualTo(blobs + 5);
    } finally {
      owners.forEach(MessageConsumer::unregister);
    }
  }

  @Test
  void anOwnerThatIsNotRunningFailsTheSweepWithA503AndTheLockIsReleased() {
    Failure failure = Await.failure(vertx.eventBus().request(CleanupBus.SWEEP_SESSIONS, new JsonObject()));
    assertThat(failure.status()).isEqualTo(503);
    // released: the lock can be taken at once
    Await.result(vertx.sharedData().getLockWithTimeout("mw.cleanup.sessions", 1_000)).release();
  }

  private static MessageConsumer<JsonObject> owner(String address, JsonObject answer, List<String> asked) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, m -> {
      asked.add(address);
      m.reply(answer);
    });
    Await.result(consumer.completion());
    return consumer;
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
}
