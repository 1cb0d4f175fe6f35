package io.mediawhisperer.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.CleanupBus;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CleanupVerticleTest {

  private static Vertx vertx;
  private static Pool db;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    Await.result(vertx.deployVerticle(new CleanupVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("db-url", TestDatabase.url()))));
    db = Database.pool(vertx, "test", TestDatabase.url(), 1);
  }

  @AfterAll
  static void close() {
    Await.result(vertx.close());
  }

  private static String sessionExpiringIn(UUID user, int seconds) {
    String hash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    Await.result(db.preparedQuery("INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))")
        .execute(Tuple.of(user, hash, seconds)));
    return hash;
  }

  @Test
  void sweepDeletesExpiredSessionsOnly() {
    UUID user = Await.result(db.preparedQuery("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id")
        .execute(Tuple.of("sweep-" + UUID.randomUUID() + "@example.org"))).iterator().next().getUUID(0);
    String expired = sessionExpiringIn(user, -3600);
    String live = sessionExpiringIn(user, 3600);

    JsonObject result = Await.result(vertx.eventBus().<JsonObject>request(CleanupBus.SWEEP_SESSIONS, new JsonObject())).body();

    assertThat(result.getInteger("deleted")).isGreaterThanOrEqualTo(1);
    var left = Await.result(db.preparedQuery("SELECT token_hash FROM sessions WHERE user_id = $1").execute(Tuple.of(user)));
    assertThat(left.size()).isEqualTo(1);
    assertThat(left.iterator().next().getString(0)).isEqualTo(live).isNotEqualTo(expired);
  }

  @Test
  void aSweepHeldElsewhereIsSkipped() {
    var lock = Await.result(vertx.sharedData().getLock("mw.cleanup.sessions"));
    try {
      JsonObject result = Await.result(vertx.eventBus().<JsonObject>request(CleanupBus.SWEEP_SESSIONS, new JsonObject())).body();
      assertThat(result.getBoolean("skipped")).isTrue();
    } finally {
      lock.release();
    }
  }
}
