package io.mediawhisperer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session sweep auth runs when the cleanup schedule asks ({@link AuthBus#SWEEP_SESSIONS}). */
class SessionSweepTest {

  private static BusHarness bus;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject());
    bus.deploy(new AuthVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  @Test
  void expiredSessionsGoLiveOnesStay() {
    UUID user = bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "sweep-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
    String expired = session(user, -3600);
    String live = session(user, 3600);

    JsonObject result = bus.request(AuthBus.SWEEP_SESSIONS, new JsonObject());

    assertThat(result.getInteger("deleted")).isGreaterThanOrEqualTo(1);
    assertThat(bus.sql("SELECT token_hash FROM sessions WHERE user_id = $1", user))
        .extracting(row -> row.getString(0)).containsExactly(live).doesNotContain(expired);
    assertThat(bus.request(AuthBus.SWEEP_SESSIONS, new JsonObject()).getInteger("deleted")).isZero();
  }

  private static String session(UUID user, int expiresInSeconds) {
    String hash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    bus.sql("INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))",
        user, hash, expiresInSeconds);
    return hash;
  }
}
