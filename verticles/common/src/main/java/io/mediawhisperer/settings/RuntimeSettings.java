package io.mediawhisperer.settings;

import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verticle's copy of the runtime settings, read where they are used instead of asking their
 * owner (auth, which keeps them in its {@code config} table) each time. It is loaded at start over
 * {@link ConfigBus#LIST}, follows every change published on {@link ConfigBus#CHANGED} (so a change
 * made through any node applies on every node without a restart), and reads the list again every
 * {@code runtime-settings-refresh-seconds} in case a publication was missed (a node that was
 * partitioned from the cluster, a change made by hand).
 *
 * <p>When no auth role answers yet (a node whose auth starts later, a verticle tested alone), the
 * copy starts with every setting's {@linkplain RuntimeSetting#fallback() fallback} and asks again
 * each second until it is answered.
 *
 * <p>One copy per verticle, not one per node: its subscription and its timers then belong to the
 * verticle's context and end with it, and a verticle deployed alone (tests) behaves as in a node.
 * The cost is a few idle subscriptions and one small request per verticle and minute.
 *
 * <p>Each key's value carries the {@code updated_at} it was written with; an older one (a re-read
 * that started before a change and ends after its publication) never replaces a newer one.
 */
public final class RuntimeSettings {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeSettings.class);

  private record Stamped(int value, Instant updatedAt) {
  }

  private static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private volatile Map<RuntimeSetting, Stamped> values = new EnumMap<>(RuntimeSetting.class);
  /** The last invalid value logged per key, so a bad row is reported once, not at every re-read. */
  private final Map<RuntimeSetting, Object> reported = new HashMap<>();
  private Future<Void> ready;

  private RuntimeSettings(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts a copy. Call it from a verticle's {@code start}, on its context, and compose
   * {@link #ready()} into the start: until the first read completes every setting has its
   * {@linkplain RuntimeSetting#fallback() fallback}.
   */
  public static RuntimeSettings start(Vertx vertx, JsonObject config) {
    long every = Math.max(1, config.getLong(ConfigKeys.RUNTIME_SETTINGS_REFRESH_SECONDS.name(), 60L)) * 1000;
    RuntimeSettings settings = new RuntimeSettings(vertx);
    MessageConsumer<JsonObject> changes = vertx.eventBus().consumer(ConfigBus.CHANGED, m -> settings.changed(m.body()));
    vertx.setPeriodic(every, every, id -> settings.refresh()
        .onFailure(e -> LOG.warn("cannot re-read the runtime settings: {}", e.getMessage())));
    // the subscription is known cluster-wide before the verticle counts as started, so no change is missed after
    settings.ready = Future.all(changes.completion(), settings.firstRead()).mapEmpty();
    return settings;
  }

  /** The first read; when the owner does not answer yet, the fallbacks hold and it is asked again each second. */
  private Future<Void> firstRead() {
    return refresh().recover(error -> {
      LOG.info("the runtime settings cannot be read yet ({}); using their defaults until they can", error.getMessage());
      retryUntilRead();
      return Future.succeededFuture();
    });
  }

  private void retryUntilRead() {
    vertx.setTimer(RETRY_MS, id -> refresh().onFailure(e -> retryUntilRead()));
  }

  /** Completes once the subscription is in place and the first read has been answered or found unanswerable. */
  public Future<Void> ready() {
    return ready;
  }

  /** The current value of {@code setting}. Any thread. */
  public int get(RuntimeSetting setting) {
    Stamped stamped = values.get(setting);
    return stamped == null ? setting.fallback() : stamped.value();
  }

  /** Reads every setting from its owner now. */
  public Future<Void> refresh() {
    return vertx.eventBus().<JsonObject>request(ConfigBus.LIST, new JsonObject()).map(reply -> {
      for (Object item : reply.body().getJsonArray("items")) {
        JsonObject setting = (JsonObject) item;
        String updatedAt = setting.getString("updatedAt");
        apply(setting.getString("key"), setting.getValue("value"), updatedAt == null ? Instant.EPOCH : Instant.parse(updatedAt));
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
