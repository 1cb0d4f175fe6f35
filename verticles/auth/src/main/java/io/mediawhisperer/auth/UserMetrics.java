package io.mediawhisperer.auth;

import io.mediawhisperer.bus.IngestionBus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts on {@code /metrics}, read from the database every {@value #PERIOD_MS} ms (a scrape
 * never waits on a query): {@code mw_users{state="registered|active|seen_24h"}} and, for the
 * {@value #TOP} users keeping the most, {@code mw_user_storage_bytes{user=email}}. The registry is the
 * JVM's (Vert.x's default), so the gauges and their values are too: several nodes in one JVM (tests)
 * share them, the latest refresh winning.
 */
final class UserMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(UserMetrics.class);
  static final long PERIOD_MS = 60_000;
  static final int TOP = 10;
  static final long FIRST_REFRESH_MS = 3_000;

  private static final Map<String, AtomicLong> USERS = Map.of("registered", new AtomicLong(), "active", new AtomicLong(),
      "seen_24h", new AtomicLong());
  private static MultiGauge storage;
  /** The registry {@link #storage} is in: a Vert.x that closes closes its registry, and the next node makes a new one. */
  private static MeterRegistry storageRegistry;
  /** The values the storage rows read: a gauge holds its value weakly, so they are kept here until the next refresh. */
  private static List<AtomicLong> storageValues = List.of();

  private final Vertx vertx;
  private final Pool pool;
  private long timer = -1;

  UserMetrics(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  void start() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return; // a verticle deployed alone, without Vert.x metrics
    }
    synchronized (USERS) {
      USERS.forEach((state, value) -> Gauge.builder("mw_users", value, AtomicLong::get)
          .description("Accounts: registered, active (not deactivated), seen in the last 24 hours").tag("state", state).strongReference(true)
          .register(registry));
      if (storage == null || storageRegistry != registry) {
        storageRegistry = registry;
        storage = MultiGauge.builder("mw_user_storage_bytes").description("Bytes of originals kept, for the users keeping the most")
            .baseUnit("bytes").register(registry);
      }
    }
    refresh();
    // once more soon after start: the ingestion role, which counts the storage, may start after this one
    timer = vertx.setPeriodic(FIRST_REFRESH_MS, PERIOD_MS, id -> refresh());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void refresh() {
    pool.query("SELECT count(*) AS registered, count(*) FILTER (WHERE is_active) AS active,"
            + " count(*) FILTER (WHERE last_seen_at > now() - interval '1 day') AS seen FROM users").execute()
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          USERS.get("registered").set(row.getLong("registered"));
          USERS.get("active").set(row.getLong("active"));
          USERS.get("seen_24h").set(row.getLong("seen"));
        })
        .compose(v -> vertx.eventBus().<JsonObject>request(IngestionBus.USAGE, new JsonObject().put("top", TOP)))
        .compose(reply -> emails(reply.body().getJsonArray("top")))
        .onFailure(error -> LOG.debug("user metrics not refreshed: {}", error.toString()));
  }

  private Future<Void> emails(JsonArray top) {
    List<UUID> ids = new ArrayList<>();
    top.forEach(entry -> ids.add(UUID.fromString(((JsonObject) entry).getString("userId"))));
    return pool.preparedQuery("SELECT id, email FROM users WHERE id = ANY ($1)").execute(Tuple.of((Object) ids.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, String> email = new HashMap<>();
          rows.forEach(row -> email.put(row.getUUID("id"), row.getString("email")));
          List<MultiGauge.Row<?>> gauges = new ArrayList<>();
          List<AtomicLong> values = new ArrayList<>();
          top.forEach(entry -> {
            JsonObject e = (JsonObject) entry;
            String who = email.get(UUID.fromString(e.getString("userId")));
            if (who != null) {
              AtomicLong bytes = new AtomicLong(e.getLong("bytes"));
              values.add(bytes);
              gauges.add(MultiGauge.Row.of(Tags.of("user", who), bytes, AtomicLong::get));
            }
          });
          synchronized (USERS) {
            storageValues = values;
            storage.register(gauges, true);
          }
          return null;
        });
  }
}
