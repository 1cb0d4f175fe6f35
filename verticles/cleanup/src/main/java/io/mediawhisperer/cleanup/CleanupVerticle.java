package io.mediawhisperer.cleanup;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.CleanupBus;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic sweeps, each on its own timer ({@code cleanup-<sweep>-interval-seconds}) and callable
 * over the bus. Each takes a cluster-wide lock first, so in a cluster one node at a time runs it;
 * the others skip that round. Each logs and counts (Micrometer, so {@code /metrics}) what it did.
 * Contract: {@link CleanupBus}.
 */
public final class CleanupVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CleanupVerticle.class);
  /** Ids checked per round trip (vectors, blobs): one bus request and one query each. */
  static final int PAGE = 500;
  private static final long BUS_TIMEOUT_MS = 60_000;

  private Pool pool;
  private Blobs blobs;
  private MeterRegistry metrics;
  private Path uploads;
  private int staleSeconds;
  private int maxAttempts;
  private long uploadMaxAgeSeconds;
  private final List<Long> timers = new ArrayList<>();

  /** One sweep: its name (metrics tag, lock, log), its address, its interval key and what it does. */
  private record Sweep(String name, String address, String intervalKey, long defaultSeconds, Supplier<Future<JsonObject>> run) {
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Database.pool(vertx, "cleanup", config.getString(ConfigKeys.DB_URL.name()), 2);
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    // without Vert.x metrics (a verticle deployed alone) the counts still add up, in a private registry
    metrics = registry != null ? registry : new SimpleMeterRegistry();
    uploads = Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data")).resolve("uploads");
    staleSeconds = config.getInteger(ConfigKeys.JOB_STALE_SECONDS.name(), 30);
    maxAttempts = config.getInteger(ConfigKeys.JOB_MAX_ATTEMPTS.name(), 3);
    uploadMaxAgeSeconds = config.getLong(ConfigKeys.CLEANUP_UPLOADS_MAX_AGE_SECONDS.name(), 3600L);
    List<Sweep> sweeps = List.of(
        new Sweep("sessions", CleanupBus.SWEEP_SESSIONS, ConfigKeys.CLEANUP_SESSIONS_INTERVAL_SECONDS.name(), 3600, this::sweepSessions),
        new Sweep("jobs", CleanupBus.SWEEP_JOBS, ConfigKeys.CLEANUP_JOBS_INTERVAL_SECONDS.name(), 30, this::sweepJobs),
        new Sweep("vectors", CleanupBus.SWEEP_VECTORS, ConfigKeys.CLEANUP_VECTORS_INTERVAL_SECONDS.name(), 3600, this::sweepVectors),
        new Sweep("blobs", CleanupBus.SWEEP_BLOBS, ConfigKeys.CLEANUP_BLOBS_INTERVAL_SECONDS.name(), 3600, this::sweepBlobs),
        new Sweep("uploads", CleanupBus.SWEEP_UPLOADS, ConfigKeys.CLEANUP_UPLOADS_INTERVAL_SECONDS.name(), 3600, this::sweepUploads));
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
    return Future.all(pool == null ? Future.succeededFuture() : pool.close(),
        blobs == null ? Future.succeededFuture() : blobs.close());
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

  // ------------------------------------------------------------------ sessions

  Future<JsonObject> sweepSessions() {
    return pool.query(CleanupSql.DELETE_EXPIRED_SESSIONS).execute()
        .map(rows -> {
          if (rows.rowCount() > 0) {
            LOG.info("deleted {} expired sessions", rows.rowCount());
          }
          removed("sessions", "sessions", rows.rowCount());
          return new JsonObject().put("deleted", rows.rowCount());
        });
  }

  // ------------------------------------------------------------------ jobs

  /**
   * Stale running jobs back to the queue (and ingestion woken everywhere), or failed once out of
   * attempts; either way the user hears of it. The same rule as ingestion's claim, which takes a
   * stale job over directly when a worker is free: whichever comes first wins, by row lock.
   */
  Future<JsonObject> sweepJobs() {
    Tuple limits = Tuple.of(staleSeconds, maxAttempts);
    return pool.preparedQuery(CleanupSql.REQUEUE_STALE_JOBS).execute(limits)
        .compose(requeued -> pool.preparedQuery(CleanupSql.FAIL_EXHAUSTED_JOBS).execute(limits)
            .compose(failed -> failSources(failed).map(v -> {
              for (Row row : requeued) {
                LOG.info("job {} requeued (attempt {} of {} ended with node {})", row.getUUID("id"),
                    row.getInteger("attempts"), maxAttempts, row.getString("lost_node"));
                publishJob(row);
              }
              for (Row row : failed) {
                LOG.warn("job {} failed after {} attempts (last on node {})", row.getUUID("id"),
                    row.getInteger("attempts"), row.getString("lost_node"));
                publishJob(row);
              }
              if (requeued.rowCount() > 0) {
                vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
              }
              removed("jobs", "requeued", requeued.rowCount());
              removed("jobs", "failed", failed.rowCount());
              return new JsonObject().put("requeued", requeued.rowCount()).put("failed", failed.rowCount());
            })));
  }

  private Future<Void> failSources(RowSet<Row> failedJobs) {
    List<Tuple> sources = new ArrayList<>();
    for (Row row : failedJobs) {
      if (row.getUUID("source_id") != null) {
        sources.add(Tuple.of(row.getUUID("source_id"), row.getString("error")));
      }
    }
    return sources.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery(CleanupSql.FAIL_SOURCE).executeBatch(sources).mapEmpty();
  }

  /** A {@code job} frame (the HTTP contract's Job) to the user's sockets on every node. */
  private void publishJob(Row row) {
    JsonObject job = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("type", row.getString("type"))
        .put("status", row.getString("status"))
        .put("progress", row.getInteger("progress"))
        .put("attempts", row.getInteger("attempts"))
        .put("createdAt", time(row.getOffsetDateTime("created_at")));
    putIfPresent(job, "error", row.getString("error"));
    putIfPresent(job, "sourceId", row.getUUID("source_id"));
    putIfPresent(job, "collectionId", row.getUUID("collection_id"));
    putIfPresent(job, "startedAt", time(row.getOffsetDateTime("started_at")));
    putIfPresent(job, "completedAt", time(row.getOffsetDateTime("completed_at")));
    vertx.eventBus().publish(UserEvents.address(row.getUUID("user_id")), new JsonObject().put("type", "job").put("job", job));
  }

  // ------------------------------------------------------------------ vectors

  /**
   * Pages through the backend's chunk ids and removes those whose chunk row is gone. A vector is
   * written only after its chunk row commits, so a chunk id missing from the table is never one
   * being written: it belonged to a deleted source or to an earlier attempt of a resumed job.
   */
  Future<JsonObject> sweepVectors() {
    return vectorPage(null, new long[2]).map(totals -> {
      if (totals[1] > 0) {
        LOG.info("removed {} orphaned vectors of {} checked", totals[1], totals[0]);
      }
      removed("vectors", "vectors", totals[1]);
      return new JsonObject().put("checked", totals[0]).put("deleted", totals[1]);
    });
  }

  private Future<long[]> vectorPage(String after, long[] totals) {
    JsonObject request = new JsonObject().put("limit", PAGE);
    if (after != null) {
      request.put("after", after);
    }
    return request(RetrievalBus.CHUNK_IDS, request).compose(reply -> {
      JsonArray ids = reply.getJsonArray("chunkIds");
      if (ids.isEmpty()) {
        return Future.succeededFuture(totals);
      }
      UUID[] page = ids.stream().map(id -> UUID.fromString((String) id)).toArray(UUID[]::new);
      totals[0] += page.length;
      return pool.preparedQuery(CleanupSql.EXISTING_CHUNKS).execute(Tuple.of((Object) page))
          .compose(rows -> {
            Set<UUID> existing = new HashSet<>();
            rows.forEach(row -> existing.add(row.getUUID("id")));
            JsonArray orphans = new JsonArray();
            for (UUID id : page) {
              if (!existing.contains(id)) {
                orphans.add(id.toString());
              }
            }
            return orphans.isEmpty() ? Future.succeededFuture(0L)
                : request(RetrievalBus.DELETE_CHUNKS, new JsonObject().put("chunkIds", orphans)).map(r -> r.getLong("deleted"));
          })
          .compose(deleted -> {
            totals[1] += deleted;
            return vectorPage(ids.getString(ids.size() - 1), totals);
          });
    });
  }

  // ------------------------------------------------------------------ blobs

  /**
   * Pages through {@code sources/} and removes every source's files whose source row is gone, once
   * all of them are older than {@code cleanup-uploads-max-age-seconds}: ingestion moves an upload to
   * its source's key just before it commits the source row, and a young file may be in that gap.
   */
  Future<JsonObject> sweepBlobs() {
    Instant cutoff = Instant.now().minusSeconds(uploadMaxAgeSeconds);
    return blobPage(null, cutoff, new long[2]).map(totals -> {
      if (totals[1] > 0) {
        LOG.info("removed {} files of deleted sources ({} files checked)", totals[1], totals[0]);
      }
      removed("blobs", "blobs", totals[1]);
      return new JsonObject().put("checked", totals[0]).put("deleted", totals[1]);
    });
  }

  private Future<long[]> blobPage(String after, Instant cutoff, long[] totals) {
    return blobs.list(BlobLayout.SOURCES, after, PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(totals);
      }
      totals[0] += page.size();
      // per source: its prefix, and whether every one of its files on this page is old enough
      Map<BlobLayout.SourceRef, boolean[]> sources = new LinkedHashMap<>();
      for (BlobInfo info : page) {
        BlobLayout.sourceOf(info.key()).ifPresent(ref -> sources.computeIfAbsent(ref, r -> new boolean[] {true})[0]
            &= info.createdAt().isBefore(cutoff));
      }
      UUID[] ids = sources.keySet().stream().map(BlobLayout.SourceRef::sourceId).toArray(UUID[]::new);
      return pool.preparedQuery(CleanupSql.EXISTING_SOURCES).execute(Tuple.of((Object) ids))
          .compose(rows -> {
            Set<UUID> existing = new HashSet<>();
            rows.forEach(row -> existing.add(row.getUUID("id")));
            List<String> orphanPrefixes = new ArrayList<>();
            sources.forEach((ref, oldEnough) -> {
              if (!existing.contains(ref.sourceId()) && oldEnough[0]) {
                orphanPrefixes.add(ref.prefix());
              }
            });
            return blobs.blocking(store -> {
              long deleted = 0;
              for (String prefix : orphanPrefixes) {
                deleted += store.deletePrefix(prefix);
              }
              return deleted;
            });
          })
          .compose(deleted -> {
            totals[1] += deleted;
            return blobPage(page.get(page.size() - 1).key(), cutoff, totals);
          });
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
      removed("uploads", "upload_blobs", blobCount);
      removed("uploads", "upload_files", fileCount);
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

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
        .map(reply -> reply.body());
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static void putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value.toString());
    }
  }
}
