package io.mediawhisperer.cleanup;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.CleanupBus;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.TranscriptBus;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.micrometer.backends.BackendRegistries;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule of the periodic sweeps, each on its own timer ({@code cleanup-<sweep>-interval-seconds})
 * and callable over the bus. Each takes a cluster-wide lock first, so in a cluster one node at a
 * time runs it; the others skip that round. The owner of the data does the sweeping (auth its
 * sessions, ingestion its jobs and blobs, retrieval its index), asked over its bus address; only the
 * uploads sweep is this verticle's own, for it touches no table. Each sweep is counted (Micrometer,
 * so {@code /metrics}) with what it removed. Contract: {@link CleanupBus}.
 */
public final class CleanupVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CleanupVerticle.class);
  /** Upload blobs listed per round trip. */
  static final int PAGE = 500;
  private static final long SWEEP_TIMEOUT_MS = 600_000;

  private Blobs blobs;
  private MeterRegistry metrics;
  private Path uploads;
  private long uploadMaxAgeSeconds;
  private final List<Long> timers = new ArrayList<>();

  /**
   * One sweep: its name (metrics tag, lock), its address, its interval key, what it does, and the
   * fields of its answer that count what it removed (metrics).
   */
  private record Sweep(String name, String address, String intervalKey, long defaultSeconds, Supplier<Future<JsonObject>> run,
      Map<String, String> removedCounts) {
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    // without Vert.x metrics (a verticle deployed alone) the counts still add up, in a private registry
    metrics = registry != null ? registry : new SimpleMeterRegistry();
    uploads = Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data")).resolve("uploads");
    uploadMaxAgeSeconds = config.getLong(ConfigKeys.CLEANUP_UPLOADS_MAX_AGE_SECONDS.name(), 3600L);
    List<Sweep> sweeps = List.of(
        new Sweep("sessions", CleanupBus.SWEEP_SESSIONS, ConfigKeys.CLEANUP_SESSIONS_INTERVAL_SECONDS.name(), 3600,
            () -> request(AuthBus.SWEEP_SESSIONS), Map.of("deleted", "sessions")),
        new Sweep("jobs", CleanupBus.SWEEP_JOBS, ConfigKeys.CLEANUP_JOBS_INTERVAL_SECONDS.name(), 30,
            () -> request(IngestionBus.SWEEP_JOBS), Map.of("requeued", "requeued", "failed", "failed")),
        new Sweep("vectors", CleanupBus.SWEEP_VECTORS, ConfigKeys.CLEANUP_VECTORS_INTERVAL_SECONDS.name(), 3600,
            () -> request(RetrievalBus.SWEEP_ORPHANS), Map.of("deleted", "vectors", "sources", "indexed_sources")),
        new Sweep("embedding-cache", CleanupBus.SWEEP_EMBEDDING_CACHE, ConfigKeys.CLEANUP_EMBEDDING_CACHE_INTERVAL_SECONDS.name(), 3600,
            () -> request(RetrievalBus.SWEEP_EMBEDDING_CACHE), Map.of("expired", "expired_entries", "evicted", "evicted_entries")),
        new Sweep("transcript-cache", CleanupBus.SWEEP_TRANSCRIPT_CACHE, ConfigKeys.CLEANUP_TRANSCRIPT_CACHE_INTERVAL_SECONDS.name(),
            3600, () -> request(TranscriptBus.SWEEP_CACHE), Map.of("removed", "transcripts")),
        new Sweep("blobs", CleanupBus.SWEEP_BLOBS, ConfigKeys.CLEANUP_BLOBS_INTERVAL_SECONDS.name(), 3600,
            () -> request(IngestionBus.SWEEP_BLOBS), Map.of("deleted", "blobs")),
        new Sweep("uploads", CleanupBus.SWEEP_UPLOADS, ConfigKeys.CLEANUP_UPLOADS_INTERVAL_SECONDS.name(), 3600,
            this::sweepUploads, Map.of("blobs", "upload_blobs", "files", "upload_files")));
    return Blobs.acquire(vertx, config)
        .compose(acquired -> {
          blobs = acquired;
          List<Future<Void>> consumers = new ArrayList<>();
          for (Sweep sweep : sweeps) {
            long every = Math.max(1, config.getLong(sweep.intervalKey(), sweep.defaultSeconds())) * 1000;
            timers.add(vertx.setPeriodic(every, every, id -> counted(sweep).get()
                .onFailure(e -> LOG.warn("{} sweep failed: {}", sweep.name(), e.getMessage()))));
            consumers.add(vertx.eventBus().<JsonObject>consumer(sweep.address(), Replies.handler(m -> counted(sweep).get())).completion());
          }
          return Future.all(consumers);
        });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    return blobs == null ? Future.succeededFuture() : blobs.close();
  }

  /** The sweep under its lock, timed and counted by outcome. */
  private Supplier<Future<JsonObject>> counted(Sweep sweep) {
    return () -> {
      long started = System.nanoTime();
      return exclusively("mw.cleanup." + sweep.name(), sweep.run())
          .andThen(done -> {
            String outcome = done.failed() ? "failed" : done.result().getBoolean("skipped", false) ? "skipped" : "done";
            Counter.builder("mw.cleanup.runs").description("Cleanup sweeps by outcome")
                .tag("sweep", sweep.name()).tag("outcome", outcome).register(metrics).increment();
            if (!"skipped".equals(outcome)) {
              Timer.builder("mw.cleanup.duration").description("Time a cleanup sweep took")
                  .tag("sweep", sweep.name()).register(metrics).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            if ("done".equals(outcome)) {
              sweep.removedCounts().forEach((field, what) -> removed(sweep.name(), what, done.result().getLong(field, 0L)));
            }
          });
    };
  }

  private void removed(String sweep, String what, long n) {
    if (n > 0) {
      Counter.builder("mw.cleanup.removed").description("What cleanup sweeps removed or recovered")
          .tag("sweep", sweep).tag("what", what).register(metrics).increment(n);
    }
  }

  /** Runs {@code sweep} under a cluster-wide lock, or answers {@code skipped} when another node holds it. */
  private Future<JsonObject> exclusively(String lockName, Supplier<Future<JsonObject>> sweep) {
    return vertx.sharedData().getLockWithTimeout(lockName, 100)
        .transform(acquired -> {
          if (acquired.failed()) {
            return Future.succeededFuture(new JsonObject().put("skipped", true));
          }
          Lock lock = acquired.result();
          Future<JsonObject> ran;
          try {
            ran = sweep.get();
          } catch (RuntimeException e) {
            ran = Future.failedFuture(e);
          }
          return ran.andThen(done -> lock.release());
        });
  }

  // ------------------------------------------------------------------ uploads

  /**
   * Upload blobs nobody took over, and this node's own temporary upload files (a request cut off
   * half-way by a crash leaves its partial file; Vert.x deletes it only when the request ends), both
   * once untouched for {@code cleanup-uploads-max-age-seconds}. A file still being written is
   * touched with every piece that arrives, so it is never that old.
   */
  Future<JsonObject> sweepUploads() {
    Instant cutoff = Instant.now().minusSeconds(uploadMaxAgeSeconds);
    Future<Long> files = vertx.executeBlocking(() -> deleteOldFiles(uploads, cutoff), false);
    Future<Long> uploadBlobs = blobs.blocking(store -> {
      long deleted = 0;
      String after = null;
      for (List<BlobInfo> page = store.list(BlobLayout.UPLOADS, null, PAGE); !page.isEmpty();
          page = store.list(BlobLayout.UPLOADS, after, PAGE)) {
        for (BlobInfo info : page) {
          if (info.createdAt().isBefore(cutoff) && store.delete(info.key())) {
            deleted++;
          }
        }
        after = page.get(page.size() - 1).key();
      }
      return deleted;
    });
    return Future.all(files, uploadBlobs).map(all -> {
      long fileCount = all.<Long>resultAt(0);
      long blobCount = all.<Long>resultAt(1);
      if (fileCount + blobCount > 0) {
        LOG.info("removed abandoned uploads: {} upload blobs, {} temporary files", blobCount, fileCount);
      }
      return new JsonObject().put("blobs", blobCount).put("files", fileCount);
    });
  }

  /** Blocking: regular files directly in {@code dir} last modified before {@code cutoff}. */
  static long deleteOldFiles(Path dir, Instant cutoff) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        try {
          if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
            deleted++;
          }
        } catch (NoSuchFileException e) {
          // finished and deleted by its request meanwhile
        }
      }
    }
    return deleted;
  }

  // ------------------------------------------------------------------ helpers

  /** Asks the owner to sweep; a large index may take minutes, so the wait is long. */
  private Future<JsonObject> request(String address) {
    return vertx.eventBus().<JsonObject>request(address, new JsonObject(), new DeliveryOptions().setSendTimeout(SWEEP_TIMEOUT_MS))
        .map(reply -> reply.body());
  }
}
