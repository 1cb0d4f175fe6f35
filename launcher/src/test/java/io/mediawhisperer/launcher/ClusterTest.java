package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.embedding.EmbeddingVerticle;
import io.mediawhisperer.retrieval.RetrievalVerticle;
import io.mediawhisperer.http.HttpVerticle;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered Vert.x nodes on loopback in one JVM: http on node A, auth (and later embedding
 * and retrieval) on node B. Every request A answers has crossed the clustered event bus to B and back.
 */
class ClusterTest {

  @TempDir
  Path dataDir;
  private Vertx nodeA;
  private Vertx nodeB;

  private static JsonObject nodeConfig(int clusterPort) {
    return new JsonObject()
        .put("cluster", true)
        .put("cluster-host", "127.0.0.1")
        .put("cluster-port", clusterPort)
        .put("cluster-members", "127.0.0.1:5881,127.0.0.1:5882");
  }

  @AfterEach
  void stop() {
    for (Vertx node : new Vertx[] {nodeA, nodeB}) {
      if (node != null) {
        Await.result(node.close());
      }
    }
  }

  @Test
  void httpOnOneNodeReachesAuthOnTheOther() throws Exception {
    nodeA = Await.result(NodeVertx.create(nodeConfig(5881)));
    nodeB = Await.result(NodeVertx.create(nodeConfig(5882)));
    assertThat(nodeA.isClustered()).isTrue();

    int port = Ports.free();
    JsonObject config = new JsonObject().put("db-url", TestDatabase.url()).put("data-dir", dataDir.toString())
        .put("http-host", "127.0.0.1").put("http-port", port);
    String authDeployment = Await.result(nodeB.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    Await.result(nodeA.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(config)));
    WebClient client = WebClient.create(nodeA);

    String email = "cluster-" + UUID.randomUUID() + "@example.org";
    JsonObject credentials = new JsonObject().put("email", email).put("password", "across the bus");
    HttpResponse<Buffer> registered = Await.result(client.post(port, "127.0.0.1", "/api/v1/auth/register").sendJsonObject(credentials));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> login = Await.result(client.post(port, "127.0.0.1", "/api/v1/auth/login").sendJsonObject(credentials));
    assertThat(login.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> me = Await.result(client.get(port, "127.0.0.1", "/api/v1/auth/me")
        .bearerTokenAuthentication(login.bodyAsJsonObject().getString("accessToken")).send());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getJsonObject("user").getString("email")).isEqualTo(email);

    // search too crosses the bus: retrieval and embedding (and their index) live only on node B
    HttpResponse<Buffer> noIndexHere = Await.result(client.post(port, "127.0.0.1", "/api/v1/search")
        .bearerTokenAuthentication(login.bodyAsJsonObject().getString("token")).sendJsonObject(new JsonObject().put("query", "anything")));
    assertThat(noIndexHere.statusCode()).as("no retrieval node yet").isEqualTo(503);
    Await.result(nodeB.deployVerticle(new EmbeddingVerticle(), new DeploymentOptions().setConfig(config)));
    Await.result(nodeB.deployVerticle(new RetrievalVerticle(), new DeploymentOptions().setConfig(config)));
    HttpResponse<Buffer> searched = Await.result(client.post(port, "127.0.0.1", "/api/v1/search")
        .bearerTokenAuthentication(login.bodyAsJsonObject().getString("token")).sendJsonObject(new JsonObject().put("query", "anything")));
    assertThat(searched.statusCode()).as(searched.bodyAsString()).isEqualTo(200);
    assertThat(searched.bodyAsJsonObject().getJsonArray("results")).isEmpty();

    // with no auth anywhere in the cluster, node A says so instead of hanging or erring
    Await.result(nodeB.undeploy(authDeployment));
    HttpResponse<Buffer> orphan = Await.result(client.post(port, "127.0.0.1", "/api/v1/auth/login").sendJsonObject(credentials));
    assertThat(orphan.statusCode()).isEqualTo(503);
    assertThat(orphan.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("service_unavailable");
  }
}
