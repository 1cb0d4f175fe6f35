package io.mediawhisperer.settings;

import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verticle's copy of the runtime settings, read where they are used instead of querying the
 * {@code config} table each time. It is loaded at start, follows every change published on
 * {@link ConfigBus#CHANGED} (so a change made through any node applies on every node without a
 * restart), and re-reads the table every {@code runtime-settings-refresh-seconds} in case a
 * publication was missed (a node that was partitioned from the cluster, a change made by hand).
 *
 * <p>One copy per verticle, not one per node: its subscription and its timer then belong to the
 * verticle's context and end with it, it reads through the verticle's own pool, and a verticle
 * deployed alone (tests) behaves as in a node. The cost is a few idle subscriptions and one small
 * query per verticle and minute.
 *
 * <p>Each key's value carries the {@code updated_at} it was written with; an older one (a re-read
 * that started before a change and ends after its publication) never replaces a newer one.
 */
public final class RuntimeSettings {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeSettings.class);

  private record Stamped(int value, Instant updatedAt) {
  }

  private final Pool pool;
  private volatile Map<RuntimeSetting, Stamped> values = new EnumMap<>(RuntimeSetting.class);
  /** The last invalid value logged per key, so a bad row is reported once, not at every re-read. */
  private final Map<RuntimeSetting, Object> reported = new HashMap<>();
  private Future<Void> ready;

  private RuntimeSettings(Pool pool) {
    this.pool = pool;
  }

  /**
   * Starts a copy. Call it from a verticle's {@code start}, on its context, and compose
   * {@link #ready()} into the start: until the first read completes every setting has its
   * {@linkplain RuntimeSetting#fallback() fallback}.
   */
  public static RuntimeSettings start(Vertx vertx, Pool pool, JsonObject config) {
    long every = Math.max(1, config.getLong(ConfigKeys.RUNTIME_SETTINGS_REFRESH_SECONDS.name(), 60L)) * 1000;
    RuntimeSettings settings = new RuntimeSettings(pool);
    MessageConsumer<JsonObject> changes = vertx.eventBus().consumer(ConfigBus.CHANGED, m -> settings.changed(m.body()));
    vertx.setPeriodic(every, every, id -> settings.refresh()
        .onFailure(e -> LOG.warn("cannot re-read the runtime settings: {}", e.getMessage())));
    // the subscription is known cluster-wide before the verticle counts as started, so no change is missed after
    settings.ready = Future.all(changes.completion(), settings.refresh()).mapEmpty();
    return settings;
  }

  /** Completes once the subscription is in place and the table has been read; fails if it cannot be read. */
  public Future<Void> ready() {
    return ready;
  }

  /** The current value of {@code setting}. Any thread. */
  public int get(RuntimeSetting setting) {
    Stamped stamped = values.get(setting);
    return stamped == null ? setting.fallback() : stamped.value();
  }

  /** Reads the whole table now. */
  public Future<Void> refresh() {
    return pool.query(SettingsSql.VALUES).execute().map(rows -> {
      for (Row row : rows) {
        OffsetDateTime updatedAt = row.getOffsetDateTime("updated_at");
        apply(row.getString("key"), row.getValue("value"), updatedAt == null ? Instant.EPOCH : updatedAt.toInstant());
      }
      return null;
    });
  }

  private void changed(JsonObject change) {
    try {
      apply(change.getString("key"), change.getValue("value"), Instant.parse(change.getString("updatedAt")));
    } catch (RuntimeException e) {
      LOG.warn("ignoring a malformed runtime settings change {}: {}", change, e.getMessage());
    }
  }

  /** Keeps {@code raw} for {@code key} if it is a known setting, valid, and not older than what is held. */
  private synchronized void apply(String key, Object raw, Instant updatedAt) {
    RuntimeSetting setting = RuntimeSetting.byKey(key).orElse(null);
    if (setting == null) {
      return; // a setting of a newer server version, or a row this version does not use
    }
    int value;
    try {
      value = setting.parse(raw);
    } catch (RuntimeException invalid) {
      if (!Objects.equals(reported.put(setting, raw), raw)) {
        LOG.warn("the config table holds {} = {}, which is not {}; keeping {}", key, raw, setting.rule(), get(setting));
      }
      return;
    }
    Stamped held = values.get(setting);
    if (held != null && updatedAt.isBefore(held.updatedAt())) {
      return;
    }
    if (held == null || held.value() != value) {
      LOG.debug("runtime setting {} = {}", key, value);
    }
    Map<RuntimeSetting, Stamped> next = new EnumMap<>(RuntimeSetting.class);
    next.putAll(values);
    next.put(setting, new Stamped(value, updatedAt));
    values = next;
  }
}
