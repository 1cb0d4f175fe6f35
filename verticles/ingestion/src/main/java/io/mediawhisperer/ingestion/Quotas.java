package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's quotas, checked before a new source is stored: the limits are auth's ({@link AuthBus#QUOTA}:
 * the user's own, else the runtime settings' defaults; 0 is no limit), the usage is counted here,
 * from the sources this verticle owns (originals' bytes, sources, sources added in the last hour).
 * A refusal comes before anything is written; the caller deletes the upload it was given.
 */
final class Quotas {

  private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);
  private static final String USAGE = """
      SELECT user_id, count(*) AS sources, coalesce(sum(file_size), 0)::bigint AS bytes,
             count(*) FILTER (WHERE created_at > now() - interval '1 hour') AS last_hour,
             min(created_at) FILTER (WHERE created_at > now() - interval '1 hour') AS oldest_in_hour
      FROM sources WHERE user_id = ANY ($1) GROUP BY user_id""";

  private final Vertx vertx;
  private final Pool pool;

  Quotas(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** {@link IngestionBus#USAGE}. */
  Future<JsonObject> usage(JsonObject body) {
    if (body.containsKey("top")) {
      Object top = body.getValue("top");
      if (!(top instanceof Integer n) || n < 1 || n > 100) {
        throw Failure.invalidInput("top must be a whole number from 1 to 100").asException();
      }
      return pool.preparedQuery("SELECT user_id, coalesce(sum(file_size), 0)::bigint AS bytes, count(*) AS sources FROM sources"
          + " GROUP BY user_id ORDER BY bytes DESC LIMIT $1").execute(Tuple.of(n)).map(rows -> {
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            rows.forEach(row -> list.add(new JsonObject().put("userId", row.getUUID("user_id").toString()).put("bytes", row.getLong("bytes"))
                .put("sources", row.getLong("sources"))));
            return new JsonObject().put("top", list);
          });
    }
    List<UUID> userIds = Payloads.uuids(body, "userIds", 1_000);
    return pool.preparedQuery(USAGE).execute(Tuple.of((Object) userIds.toArray(UUID[]::new))).map(rows -> {
      JsonObject usage = new JsonObject();
      userIds.forEach(id -> usage.put(id.toString(), new JsonObject().put("bytes", 0L).put("sources", 0L).put("uploadsLastHour", 0L)));
      for (Row row : rows) {
        usage.put(row.getUUID("user_id").toString(), new JsonObject().put("bytes", row.getLong("bytes")).put("sources", row.getLong("sources"))
            .put("uploadsLastHour", row.getLong("last_hour")));
      }
      return new JsonObject().put("usage", usage);
    });
  }

  /**
   * Succeeds when the user may add a source of {@code bytes}; else 413 {@value IngestionBus#QUOTA_EXCEEDED} (storage,
   * sources) or 429 with a retry hint (uploads per hour), saying what is used and allowed. When auth cannot be asked the
   * source is let through (logged): a quota is not worth refusing every upload while auth restarts.
   */
  Future<Void> check(UUID userId, long bytes) {
    return vertx.eventBus().<JsonObject>request(AuthBus.QUOTA, new JsonObject().put("userId", userId.toString()))
        .map(reply -> reply.body().getJsonObject("quota"))
        .recover(error -> {
          LOG.warn("quota of {} unknown, not checked: {}", userId, Failure.describe(error));
          return Future.succeededFuture(null);
        })
        .compose(quota -> quota == null || quota.getLong("bytes", 0L) == 0 && quota.getLong("sources", 0L) == 0
            && quota.getLong("uploadsPerHour", 0L) == 0 ? Future.succeededFuture() : against(userId, bytes, quota));
  }

  private Future<Void> against(UUID userId, long adding, JsonObject quota) {
    return pool.preparedQuery(USAGE).execute(Tuple.of((Object) new UUID[] {userId})).compose(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      long sources = row == null ? 0 : row.getLong("sources");
      long bytes = row == null ? 0 : row.getLong("bytes");
      long lastHour = row == null ? 0 : row.getLong("last_hour");
      long maxSources = quota.getLong("sources", 0L);
      long maxBytes = quota.getLong("bytes", 0L);
      long perHour = quota.getLong("uploadsPerHour", 0L);
      if (maxSources > 0 && sources + 1 > maxSources) {
        return Future.failedFuture(new Failure(413, IngestionBus.QUOTA_EXCEEDED, "source quota: you have " + sources + " sources of the "
            + maxSources + " allowed; delete some, or ask an administrator for more").asException());
      }
      if (maxBytes > 0 && bytes + adding > maxBytes) {
        return Future.failedFuture(new Failure(413, IngestionBus.QUOTA_EXCEEDED, "storage quota: you keep " + size(bytes) + " of the "
            + size(maxBytes) + " allowed, and this needs " + size(adding) + " more").asException());
      }
      if (perHour > 0 && lastHour + 1 > perHour) {
        OffsetDateTime oldest = row.getOffsetDateTime("oldest_in_hour");
        long wait = oldest == null ? 60 : Math.max(1, Duration.between(OffsetDateTime.now(), oldest.plusHours(1)).toSeconds() + 1);
        return Future.failedFuture(new Failure(429, Failure.TOO_MANY_REQUESTS, "upload quota: you added " + lastHour + " sources in the"
            + " last hour, the most allowed is " + perHour + "; try again in " + wait + " s").retryAfter(wait).asException());
      }
      return Future.succeededFuture();
    });
  }

  private static String size(long bytes) {
    return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0)
        : String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
