package io.mediawhisperer.cleanup;

import io.mediawhisperer.bus.CleanupBus;
import io.mediawhisperer.bus.Replies;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.sqlclient.Pool;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic sweeps. Each takes a cluster-wide lock first, so in a cluster one node at a time
 * runs it; the others skip that round. Contract: {@link CleanupBus}.
 */
public final class CleanupVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CleanupVerticle.class);
  static final String DELETE_EXPIRED_SESSIONS = "DELETE FROM sessions WHERE expires_at <= now()";

  private Pool pool;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Database.pool(vertx, "cleanup", config.getString(ConfigKeys.DB_URL.name()), 1);
    long every = config.getLong(ConfigKeys.CLEANUP_SESSIONS_INTERVAL_SECONDS.name(), 3600L) * 1000;
    vertx.setPeriodic(every, every, id -> sweepSessions()
        .onFailure(e -> LOG.warn("expired-session sweep failed: {}", e.getMessage())));
    return vertx.eventBus().<JsonObject>consumer(CleanupBus.SWEEP_SESSIONS, Replies.handler(m -> sweepSessions()))
        .completion();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  Future<JsonObject> sweepSessions() {
    return exclusively("mw.cleanup.sessions", () -> pool.query(DELETE_EXPIRED_SESSIONS).execute()
        .map(rows -> {
          if (rows.rowCount() > 0) {
            LOG.info("deleted {} expired sessions", rows.rowCount());
          }
          return new JsonObject().put("deleted", rows.rowCount());
        }));
  }

  /** Runs {@code sweep} under a cluster-wide lock, or answers {@code skipped} when another node holds it. */
  private Future<JsonObject> exclusively(String lockName, Supplier<Future<JsonObject>> sweep) {
    return vertx.sharedData().getLockWithTimeout(lockName, 100)
        .transform(acquired -> {
          if (acquired.failed()) {
            return Future.succeededFuture(new JsonObject().put("skipped", true));
          }
          Lock lock = acquired.result();
          return sweep.get().andThen(done -> lock.release());
        });
  }
}
