package io.mediawhisperer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.ConfigBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The copy a verticle keeps of the runtime settings, read over {@link ConfigBus#LIST} from auth's
 * {@link SettingsAdmin}, and the writes through it, against the real {@code config} table. Every
 * test puts the table back as it found it.
 */
class RuntimeSettingsTest {

  private Vertx vertx;
  private Pool pool;
  private SettingsAdmin admin;
  private final Map<String, Object> before = new HashMap<>();

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, "settings-test", TestDatabase.url(), 2);
    Await.result(pool.query("SELECT key, value FROM config").execute())
        .forEach(row -> before.put(row.getString("key"), row.getValue("value")));
    admin = new SettingsAdmin(vertx, pool);
    Await.result(vertx.eventBus().<JsonObject>consumer(ConfigBus.LIST, Replies.handler(admin::list)).completion());
  }

  @AfterEach
  void restore() {
    before.forEach((key, value) -> Await.result(pool.preparedQuery("UPDATE config SET value = CAST($2 AS text)::jsonb WHERE key = $1")
        .execute(Tuple.of(key, String.valueOf(value)))));
    Await.result(vertx.close());
  }

  private void setByHand(String key, String json) {
    Await.result(pool.preparedQuery("UPDATE config SET value = CAST($2 AS text)::jsonb, updated_at = clock_timestamp() WHERE key = $1")
        .execute(Tuple.of(key, json)));
  }

  private RuntimeSettings started() {
    RuntimeSettings settings = RuntimeSettings.start(vertx, new JsonObject());
    Await.result(settings.ready());
    return settings;
  }

  /** Waits for {@code settings} to see {@code expected}: publications arrive asynchronously. */
  private static void awaitValue(RuntimeSettings settings, RuntimeSetting setting, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (settings.get(setting) != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(settings.get(setting)).as(setting.key()).isEqualTo(expected);
  }

  @Test
  void everyRowOfTheConfigTableHasARuleAndEveryRuleARow() {
    Map<String, Object> rows = new HashMap<>();
    Await.result(pool.query("SELECT key, value FROM config").execute()).forEach(r -> rows.put(r.getString("key"), r.getValue("value")));
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(RuntimeSetting.keys());
    for (RuntimeSetting setting : RuntimeSetting.values()) {
      assertThat(setting.parse(rows.get(setting.key()))).as("a fresh table's %s is the setting's fallback", setting.key())
          .isEqualTo(setting.fallback());
    }
  }

  @Test
  void aCopyStartsWithTheTableAndFollowsPublishedChanges() throws Exception {
    setByHand("rag_top_k", "7");
    RuntimeSettings settings = started();
    assertThat(settings.get(RuntimeSetting.RAG_TOP_K)).isEqualTo(7);
    assertThat(settings.get(RuntimeSetting.SESSION_EXPIRES_DAYS)).isEqualTo(((Number) before.get("session_expires_days")).intValue());

    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "rag_top_k").put("value", 9)
        .put("updatedAt", Instant.now().plusSeconds(60).toString()));
    awaitValue(settings, RuntimeSetting.RAG_TOP_K, 9);
  }

  @Test
  void anOlderValueNeverReplacesANewerOne() throws Exception {
    setByHand("rag_top_k", "7");
    RuntimeSettings settings = started();
    Instant later = Instant.now().plusSeconds(3600);
    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "rag_top_k").put("value", 9).put("updatedAt", later.toString()));
    awaitValue(settings, RuntimeSetting.RAG_TOP_K, 9);

    // a re-read of the table that is older than the publication (it started before the change committed)
    Await.result(settings.refresh());
    assertThat(settings.get(RuntimeSetting.RAG_TOP_K)).isEqualTo(9);
    // and a stale publication, e.g. delivered late
    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "rag_top_k").put("value", 3)
        .put("updatedAt", later.minusSeconds(1).toString()));
    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "rag_top_k").put("value", 4)
        .put("updatedAt", later.plusSeconds(1).toString()));
    awaitValue(settings, RuntimeSetting.RAG_TOP_K, 4);
  }

  @Test
  void theSafetyNetReReadFindsAChangeThatWasNeverPublished() {
    RuntimeSettings settings = started();
    setByHand("max_context_messages", "3");
    assertThat(settings.get(RuntimeSetting.MAX_CONTEXT_MESSAGES)).as("nothing was published")
        .isEqualTo(((Number) before.get("max_context_messages")).intValue());
    Await.result(settings.refresh());
    assertThat(settings.get(RuntimeSetting.MAX_CONTEXT_MESSAGES)).isEqualTo(3);
  }

  @Test
  void anInvalidValueInTheTableOrOnTheBusKeepsTheValueHeld() throws Exception {
    setByHand("chunk_size", "200");
    RuntimeSettings settings = started();
    setByHand("chunk_size", "\"lots\"");
    Await.result(settings.refresh());
    assertThat(settings.get(RuntimeSetting.CHUNK_SIZE)).isEqualTo(200);
    setByHand("chunk_size", "100000");
    Await.result(settings.refresh());
    assertThat(settings.get(RuntimeSetting.CHUNK_SIZE)).isEqualTo(200);

    String far = Instant.now().plusSeconds(3600).toString();
    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "chunk_size").put("value", 1).put("updatedAt", far));
    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "chunk_size").put("value", 64));
    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "no_such_setting").put("value", 1).put("updatedAt", far));
    vertx.eventBus().publish(ConfigBus.CHANGED, new JsonObject().put("key", "chunk_size").put("value", 300).put("updatedAt", far));
    awaitValue(settings, RuntimeSetting.CHUNK_SIZE, 300);
  }

  @Test
  void theAdminChecksStoresAndPublishesAChange() throws Exception {
    Await.result(vertx.eventBus().<JsonObject>consumer(ConfigBus.UPDATE, Replies.handler(admin::update)).completion());
    RuntimeSettings settings = started();
    Instant asked = Instant.now().minusSeconds(1);

    JsonObject item = request(ConfigBus.UPDATE, new JsonObject().put("key", "rag_top_k").put("value", 5).put("userId", "tester"));
    assertThat(item.getString("key")).isEqualTo("rag_top_k");
    assertThat(item.getInteger("value")).isEqualTo(5);
    assertThat(item.getString("description")).isNotBlank();
    assertThat(Instant.parse(item.getString("updatedAt"))).isAfter(asked);
    assertThat(item.getMap()).containsEntry("type", "integer").containsEntry("min", 1).containsEntry("max", 100)
        .containsEntry("default", 12);
    awaitValue(settings, RuntimeSetting.RAG_TOP_K, 5);
    Row stored = Await.result(pool.query("SELECT value FROM config WHERE key = 'rag_top_k'").execute()).iterator().next();
    assertThat(((Number) stored.getValue("value")).intValue()).isEqualTo(5);

    JsonObject again = request(ConfigBus.UPDATE, new JsonObject().put("key", "rag_top_k").put("value", 5));
    assertThat(Instant.parse(again.getString("updatedAt"))).as("every change moves updatedAt on")
        .isAfter(Instant.parse(item.getString("updatedAt")));

    JsonObject list = request(ConfigBus.LIST, new JsonObject());
    assertThat(list.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("key")).toList())
        .containsExactly("chunk_overlap_percent", "chunk_size", "max_context_messages", "quota_sources", "quota_storage_mb",
            "quota_uploads_per_hour", "rag_top_k", "session_expires_days");
  }

  @Test
  void theAdminRefusesWhatBreaksARuleAndChangesNothing() {
    Await.result(vertx.eventBus().<JsonObject>consumer(ConfigBus.UPDATE, Replies.handler(admin::update)).completion());

    Failure outOfRange = Await.failure(requestFuture(new JsonObject().put("key", "chunk_overlap_percent").put("value", 75)));
    assertThat(outOfRange.status()).isEqualTo(400);
    assertThat(outOfRange.code()).isEqualTo("invalid_input");
    assertThat(outOfRange.message()).contains("from 0 to 50");
    Failure missing = Await.failure(requestFuture(new JsonObject().put("key", "chunk_overlap_percent")));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).contains("value is required");
    Failure unknown = Await.failure(requestFuture(new JsonObject().put("key", "temperature").put("value", 1)));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("not_found");

    Row stored = Await.result(pool.query("SELECT value FROM config WHERE key = 'chunk_overlap_percent'").execute()).iterator().next();
    assertThat(stored.getValue("value")).isEqualTo(before.get("chunk_overlap_percent"));
  }

  private JsonObject request(String address, JsonObject body) {
    return Await.result(vertx.eventBus().<JsonObject>request(address, body).map(m -> m.body()));
  }

  private Future<JsonObject> requestFuture(JsonObject body) {
    return vertx.eventBus().<JsonObject>request(ConfigBus.UPDATE, body).map(m -> m.body());
  }
}
