package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The check: a superuser changes rag_top_k through node A's HTTP API, and a search that
 * node B's retrieval serves uses the new value, with no restart. Two clustered nodes in this JVM
 * share the test database: A runs http, auth and ingestion; B runs embedding and retrieval, so
 * every search crosses the clustered bus to B. Both re-read the settings table only hourly, so
 * only the publication on the bus can carry the change in time.
 */
class RuntimeSettingsClusterTest {

  private Node nodeA;
  private Node nodeB;

  @AfterEach
  void stop() throws Exception {
    for (Node node : new Node[] {nodeA, nodeB}) {
      if (node != null) {
        node.close();
      }
    }
  }

  private static Node start(String roles, int httpPort, int clusterPort, String members) throws Exception {
    Map<String, String> flags = new HashMap<>(Map.of(
        "roles", roles,
        "data-dir", Files.createTempDirectory("mw-settings-cluster").toString(),
        "db-url", TestDatabase.url(),
        "http-port", String.valueOf(httpPort),
        "cluster", "true",
        "cluster-host", "127.0.0.1",
        "cluster-port", String.valueOf(clusterPort),
        "cluster-members", members,
        "runtime-settings-refresh-seconds", "3600"));
    return Node.start(NodeConfig.load(null, Map.of(), flags));
  }

  @Test
  void ragTopKChangedThroughNodeAIsUsedByRetrievalOnNodeB() throws Exception {
    int portA = Ports.free();
    int clusterA = Ports.free();
    int clusterB = Ports.free();
    String members = "127.0.0.1:" + clusterA + ",127.0.0.1:" + clusterB;
    nodeB = start("embedding,retrieval", Ports.free(), clusterB, members);
    nodeA = start("http,auth,ingestion", portA, clusterA, members);

    try (ApiClient api = new ApiClient(portA)) {
      String superuser = AdminApiTest.superuser(nodeA.vertx(), api);
      String owner = api.newUser("cluster-searcher");
      api.completed(owner, api.post(owner, "/api/v1/sources", AdminApiTest.harbourText(40)));
      JsonObject query = new JsonObject().put("query", "harbour cargo");
      assertThat(AdminApiTest.SearchCounts.await(api, owner, query, 12)).as("the default rag_top_k").isEqualTo(12);

      try {
        assertThat(AdminApiTest.put(api, superuser, "/api/v1/admin/config/rag_top_k", "{\"value\": 4}").statusCode()).isEqualTo(200);
        assertThat(AdminApiTest.SearchCounts.await(api, owner, query, 4)).as("hits of a search served on node B").isEqualTo(4);
      } finally {
        assertThat(AdminApiTest.put(api, superuser, "/api/v1/admin/config/rag_top_k", "{\"value\": 12}").statusCode()).isEqualTo(200);
      }
      assertThat(AdminApiTest.SearchCounts.await(api, owner, query, 12)).isEqualTo(12);
    }
  }
}
