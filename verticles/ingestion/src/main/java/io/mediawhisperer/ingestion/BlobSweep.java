package io.mediawhisperer.ingestion;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages through {@code sources/} and removes every source's files whose source row is gone, once
 * all of them are older than {@code cleanup-uploads-max-age-seconds}: ingestion moves an upload to
 * its source's key just before it commits the source row, and a young file may be in that gap. The
 * cleanup verticle calls this on its schedule ({@code IngestionBus.SWEEP_BLOBS}). Chat exports
 * kept for their import job go likewise once the job has ended.
 */
final class BlobSweep {

  private static final Logger LOG = LoggerFactory.getLogger(BlobSweep.class);
  /** Blobs checked per round trip: one listing and one query each. */
  static final int PAGE = 500;

  private final Pool pool;
  private final Blobs blobs;
  private final long maxAgeSeconds;

  BlobSweep(Pool pool, Blobs blobs, long maxAgeSeconds) {
    this.pool = pool;
    this.blobs = blobs;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  Future<JsonObject> run() {
    Instant cutoff = Instant.now().minusSeconds(maxAgeSeconds);
    long[] totals = new long[2];
    return page(null, cutoff, totals).compose(v -> importPage(null, cutoff, totals)).map(v -> {
      if (totals[1] > 0) {
        LOG.info("removed {} files of deleted sources and ended imports ({} files checked)", totals[1], totals[0]);
      }
      return new JsonObject().put("checked", totals[0]).put("deleted", totals[1]);
    });
  }

  /** Chat exports under {@code imports/} whose job has ended or is gone (a node died before deleting its export), once old enough. */
  private Future<long[]> importPage(String after, Instant cutoff, long[] totals) {
    return blobs.list(BlobLayout.IMPORTS, after, PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(totals);
      }
      totals[0] += page.size();
      UUID[] jobs = page.stream().map(info -> BlobLayout.importJobOf(info.key()).orElse(null)).filter(java.util.Objects::nonNull)
          .toArray(UUID[]::new);
      return pool.preparedQuery(ChatLogSql.OPEN_JOBS).execute(Tuple.of((Object) jobs))
          .compose(rows -> {
            Set<UUID> open = new HashSet<>();
            rows.forEach(row -> open.add(row.getUUID("id")));
            List<String> ended = page.stream()
                .filter(info -> info.createdAt().isBefore(cutoff))
                .filter(info -> BlobLayout.importJobOf(info.key()).map(job -> !open.contains(job)).orElse(false))
                .map(BlobInfo::key).toList();
            return blobs.blocking(store -> {
              long deleted = 0;
              for (String key : ended) {
                if (store.delete(key)) {
                  deleted++;
                }
              }
              return deleted;
            });
          })
          .compose(deleted -> {
            totals[1] += deleted;
            return importPage(page.get(page.size() - 1).key(), cutoff, totals);
          });
    });
  }

  private Future<long[]> page(String after, Instant cutoff, long[] totals) {
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
      return pool.preparedQuery(IngestionSql.EXISTING_SOURCES).execute(Tuple.of((Object) ids))
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
            return page(page.get(page.size() - 1).key(), cutoff, totals);
          });
    });
  }
}
