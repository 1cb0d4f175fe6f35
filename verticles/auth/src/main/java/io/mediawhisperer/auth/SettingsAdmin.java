package io.mediawhisperer.auth;

import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing side of the runtime settings: {@link ConfigBus#LIST} and {@link ConfigBus#UPDATE},
 * answered by the verticle that hosts it (auth) through that verticle's pool. Every value is checked
 * by its {@link RuntimeSetting} rule before it reaches the table, and each committed change is
 * published to every node.
 */
final class SettingsAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(SettingsAdmin.class);

  private final Vertx vertx;
  private final Pool pool;

  SettingsAdmin(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  Future<JsonObject> list(Message<JsonObject> message) {
    return pool.preparedQuery(SettingsSql.LIST).execute(Tuple.of(RuntimeSetting.keys().toArray(String[]::new)))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(item(row)));
          return new JsonObject().put("items", items);
        });
  }

  Future<JsonObject> update(Message<JsonObject> message) {
    JsonObject body = message.body();
    RuntimeSetting setting = RuntimeSetting.require(Payloads.requiredString(body, "key"));
    if (!body.containsKey("value")) {
      throw Failure.invalidInput("value is required: " + setting.rule()).asException();
    }
    int value = setting.parse(body.getValue("value"));
    return pool.preparedQuery(SettingsSql.UPDATE).execute(Tuple.of(setting.key(), String.valueOf(value)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw Failure.notFound("the config table has no row '" + setting.key() + "'").asException();
          }
          JsonObject item = item(rows.iterator().next());
          vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", setting.key()).put("value", value)
              .put("updatedAt", item.getString("updatedAt")));
          LOG.info("[{}] runtime setting {} set to {} by user {}", RequestIds.of(message), setting.key(), value,
              body.getString("userId", "(unknown)"));
          return item;
        });
  }

  /** A Setting of {@link ConfigBus}. */
  private static JsonObject item(Row row) {
    RuntimeSetting setting = RuntimeSetting.require(row.getString("key"));
    return new JsonObject()
        .put("key", setting.key())
        .put("value", row.getValue("value"))
        .put("description", row.getString("description"))
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString())
        .put("type", "integer")
        .put("min", setting.min())
        .put("max", setting.max())
        .put("default", setting.fallback());
  }
}
