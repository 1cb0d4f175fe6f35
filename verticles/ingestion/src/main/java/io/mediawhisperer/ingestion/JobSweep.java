package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.UserEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stale running jobs back to the queue (and ingestion woken everywhere), or failed once out of
 * attempts; either way the user hears of it. The rule is {@link IngestionSql#staleJob}, the one a
 * worker's claim applies when it takes a stale job over directly: whichever comes first wins, by
 * row lock. The cleanup verticle calls this on its schedule ({@link IngestionBus#SWEEP_JOBS}).
 */
final class JobSweep {

  private static final Logger LOG = LoggerFactory.getLogger(JobSweep.class);

  private final Vertx vertx;
  private final Pool pool;
  private final int staleSeconds;
  private final int maxAttempts;

  JobSweep(Vertx vertx, Pool pool, int staleSeconds, int maxAttempts) {
    this.vertx = vertx;
    this.pool = pool;
    this.staleSeconds = staleSeconds;
    this.maxAttempts = maxAttempts;
  }

  Future<JsonObject> run() {
    Tuple limits = Tuple.of(staleSeconds, maxAttempts);
    return pool.preparedQuery(IngestionSql.REQUEUE_STALE_JOBS).execute(limits)
        .compose(requeued -> pool.preparedQuery(IngestionSql.FAIL_EXHAUSTED_JOBS).execute(limits)
            .compose(failed -> failSources(failed).map(v -> {
              for (Row row : requeued) {
                LOG.info("job {} requeued (attempt {} of {} ended with node {})", row.getUUID("id"),
                    row.getInteger("attempts"), maxAttempts, row.getString("lost_node"));
                publish(row);
              }
              for (Row row : failed) {
                LOG.warn("job {} failed after {} attempts (last on node {})", row.getUUID("id"),
                    row.getInteger("attempts"), row.getString("lost_node"));
                publish(row);
              }
              if (requeued.rowCount() > 0) {
                vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject());
              }
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
        : pool.preparedQuery(IngestionSql.FAIL_SOURCE).executeBatch(sources).mapEmpty();
  }

  /** A {@code job} frame (the HTTP contract's Job) to the user's sockets on every node. */
  private void publish(Row job) {
    vertx.eventBus().publish(UserEvents.address(job.getUUID("user_id")), new JsonObject().put("type", "job").put("job", Shapes.job(job)));
  }
}
