package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database goes away under a running node and comes back (issue 11, finding 6): while it is away
 * an authenticated request answers 503 {@code service_unavailable} and {@code /health} says DOWN; once
 * it is back the node serves again without a restart. The node reaches the database through a proxy
 * the test cuts (every connection closed, new ones refused) and restores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageTest.class);

  private CuttableProxy proxy;
  private Node node;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    PgConnectOptions real = Database.connectOptions(TestDatabase.url());
    proxy = new CuttableProxy(real.getHost(), real.getPort());
    String viaProxy = "postgresql://" + real.getUser() + (real.getPassword() == null ? "" : ":" + real.getPassword())
        + "@127.0.0.1:" + proxy.port() + "/" + real.getDatabase();
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-outage-test").toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        // a checked session is trusted this long without the database (default 5 s)
        "auth-session-cache-seconds", String.valueOf(SESSION_CACHE_SECONDS),
        "http-port", String.valueOf(port),
        "db-url", viaProxy)));
    api = new ApiClient(port);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
    proxy.close();
  }

  private static String errorCode(HttpResponse<Buffer> response) {
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    return error == null ? null : error.getString("code");
  }

  private static final int SESSION_CACHE_SECONDS = 1;

  @Test
  void whileTheDatabaseIsAwayRequestsAnswer503AndTheNodeRecoversWhenItIsBack() throws Exception {
    String token = api.newUser("outage");
    assertThat(api.get(token, "/api/v1/auth/me").statusCode()).isEqualTo(200);
    assertThat(api.get(token, "/api/v1/sources").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> healthy = Await.result(api.web.get("/health").send());
    assertThat(healthy.statusCode()).as(healthy.bodyAsString()).isEqualTo(200);
    // the real roles behind it: the Lucene backend (opened by the check itself), MiniLM, the local blob store
    assertThat(healthy.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .collect(java.util.stream.Collectors.toMap(c -> c.getString("name"), c -> c.getString("status"))))
        .containsExactlyInAnyOrderEntriesOf(Map.of("database", "UP", "vector-backend", "UP", "embedding", "UP", "blob-store", "UP"));

    proxy.cut();
    try {
      // a session checked less than auth-session-cache-seconds ago is still trusted without the database; past that, 503
      Thread.sleep(SESSION_CACHE_SECONDS * 1_000L + 200);
      for (String path : new String[] {"/api/v1/auth/me", "/api/v1/sources", "/api/v1/collections"}) {
        HttpResponse<Buffer> refused = api.get(token, path);
        assertThat(refused.statusCode()).as("GET %s: %s", path, refused.bodyAsString()).isEqualTo(503);
        assertThat(errorCode(refused)).isEqualTo("service_unavailable");
      }
      HttpResponse<Buffer> down = Await.result(api.web.get("/health").send());
      assertThat(down.statusCode()).as(down.bodyAsString()).isEqualTo(503);
      assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      JsonObject database = down.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> "database".equals(c.getString("name"))).findFirst().orElseThrow();
      assertThat(database.getString("status")).isEqualTo("DOWN");
      // nobody but a superuser learns where the database is or what went wrong
      assertThat(down.bodyAsString()).doesNotContain(String.valueOf(proxy.port())).doesNotContain("127.0.0.1")
          .doesNotContain("error").doesNotContain("refused");
    } finally {
      proxy.restore();
    }

    long restored = System.nanoTime();
    long deadline = restored + Duration.ofSeconds(30).toNanos();
    HttpResponse<Buffer> me;
    do {
      me = api.get(token, "/api/v1/auth/me");
      if (me.statusCode() == 200) {
        break;
      }
      assertThat(me.statusCode()).as(me.bodyAsString()).isEqualTo(503);
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertThat(me.statusCode()).as("30 s after the database came back: %s", me.bodyAsString()).isEqualTo(200);
    LOG.info("served again {} ms after the database came back", Duration.ofNanos(System.nanoTime() - restored).toMillis());
    assertThat(api.get(token, "/api/v1/sources").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> up = Await.result(api.web.get("/health").send());
    assertThat(up.statusCode()).as(up.bodyAsString()).isEqualTo(200);
    assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }
}
