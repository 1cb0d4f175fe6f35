package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole node as the README runs it: embedded PostgreSQL in the data dir, all roles, restarts. */
class NodeTest {

  private static Vertx clientVertx;
  private static WebClient client;
  @TempDir
  Path dataDir;

  @BeforeAll
  static void client() {
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx);
  }

  @AfterAll
  static void closeClient() {
    Await.result(clientVertx.close());
  }

  private JsonObject config(int port) {
    return NodeConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString(), "http-port", String.valueOf(port)));
  }

  private static HttpResponse<Buffer> post(int port, String path, JsonObject body) {
    return Await.result(client.post(port, "127.0.0.1", path).sendJsonObject(body));
  }

  @Test
  void aRestartedNodeKeepsItsUsersSessionsAndSigningKey() throws Exception {
    int port = Ports.free();
    JsonObject credentials = new JsonObject().put("email", "restart@example.org").put("password", "survives restarts");
    String accessToken;
    try (Node node = Node.start(config(port))) {
      assertThat(post(port, "/api/v1/auth/register", credentials).statusCode()).isEqualTo(201);
      HttpResponse<Buffer> login = post(port, "/api/v1/auth/login", credentials);
      assertThat(login.statusCode()).isEqualTo(200);
      accessToken = login.bodyAsJsonObject().getString("accessToken");
    }
    assertThat(dataDir.resolve("pg/data/PG_VERSION")).exists();
    assertThat(dataDir.resolve("jwt.key")).exists();

    try (Node node = Node.start(config(port))) {
      HttpResponse<Buffer> me = Await.result(client.get(port, "127.0.0.1", "/api/v1/auth/me").bearerTokenAuthentication(accessToken).send());
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.bodyAsJsonObject().getJsonObject("user").getString("email")).isEqualTo("restart@example.org");
      assertThat(post(port, "/api/v1/auth/login", credentials).statusCode()).isEqualTo(200);
      assertThat(post(port, "/api/v1/auth/register", credentials).statusCode()).isEqualTo(409);
    }
  }

  @Test
  void aNodeWhoseVerticleCannotStartFailsWithAClearMessageAndReleasesEverything() throws Exception {
    int port = Ports.free();
    try (var taken = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> Node.start(config(port)))
          .hasMessageContaining("role http failed to start")
          .hasMessageContaining("in use");
    }
    // the embedded database was stopped: a new node can take the same data dir at once
    try (Node node = Node.start(config(port))) {
      assertThat(Await.result(client.get(port, "127.0.0.1", "/health").send()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUnknownDurabilityIsRejectedBeforeTheDatabaseStarts() {
    JsonObject config = config(0).put("embedded-db-durability", "quick");
    assertThatThrownBy(() -> Node.start(config)).hasMessageContaining("invalid value 'quick' for embedded-db-durability")
        .hasMessageContaining("expected durable or fast");
    assertThat(Files.exists(dataDir.resolve("pg"))).isFalse();
  }

  @Test
  void unknownRolesAreRejectedBeforeAnythingStarts() {
    JsonObject config = config(0).put("roles", "http,gateway");
    assertThatThrownBy(() -> Node.start(config)).hasMessageContaining("unknown role 'gateway'")
        .hasMessageContaining("known roles: [http, auth, ingestion, embedding, retrieval, chat, generation, audiobook, transcripts, cleanup]");
    assertThat(Files.exists(dataDir.resolve("pg"))).isFalse();
  }
}
