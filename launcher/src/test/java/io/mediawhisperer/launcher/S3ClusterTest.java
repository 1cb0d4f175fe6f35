package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.plugin.blob.s3.S3ProxyServer;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered nodes (Hazelcast on loopback) with separate data dirs, one PostgreSQL with
 * pgvector, and one bucket of a real S3 API server (s3proxy, in this JVM) as their blob store
 * (issue 22): a PDF uploaded through one node is served, searched and deleted through the other,
 * and its objects leave the bucket. Then the deployment's blobs move to the local store of a new
 * data dir and back to the bucket with {@code blobs migrate}.
 */
class S3ClusterTest {

  @TempDir
  Path temp;

  @Test
  void twoNodesShareOneBucketAndTheBlobsMoveOutAndBack() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        FreshDatabase database = FreshDatabase.onTestServer("mw_s3cluster_", true, "the S3 cluster test")) {
      s3.createBucket("media");
      Path settings = temp.resolve("s3.json");
      JsonObject file = new JsonObject();
      s3.settings("media").forEach((key, value) -> file.put("blob-store-" + key, value));
      Files.writeString(settings, file.encode());
      int clusterA = Ports.free();
      int clusterB = Ports.free();
      String members = "127.0.0.1:" + clusterA + ",127.0.0.1:" + clusterB;
      int portA = Ports.free();
      int portB = Ports.free();
      String pdf;
      String token;
      try (Node a = Node.start(config(settings, "a", portA, clusterA, members, database));
          Node b = Node.start(config(settings, "b", portB, clusterB, members, database));
          ApiClient viaA = new ApiClient(portA);
          ApiClient viaB = new ApiClient(portB)) {
        token = viaA.newUser("s3");
        pdf = viaA.ingested(token, Corpus.root().resolve("pdf/udhr.pdf"), null);
        assertThat(viaB.get(token, "/api/v1/sources/" + pdf + "/file").body().getBytes()).as("the original, read by the other node")
            .isEqualTo(Files.readAllBytes(Corpus.root().resolve("pdf/udhr.pdf")));
        JsonArray hits = viaB.post(token, "/api/v1/search", new JsonObject().put("query", "right to education")).bodyAsJsonObject()
            .getJsonArray("results");
        assertThat(hits.getJsonObject(0).getString("sourceId")).isEqualTo(pdf);
        assertThat(objects(s3)).as("the original is an object in the bucket").anyMatch(key -> key.contains(pdf));

        String doomed = viaB.ingested(token, Files.writeString(temp.resolve("note.txt"), "A note to delete through the other node."), null);
        assertThat(objects(s3)).anyMatch(key -> key.contains(doomed));
        assertThat(viaA.delete(token, "/api/v1/sources/" + doomed).statusCode()).isEqualTo(204);
        assertThat(objects(s3)).as("a deleted source's objects leave the bucket").noneMatch(key -> key.contains(doomed));
      }

      // out of the bucket into a local store, and back into another bucket
      Path local = temp.resolve("local-node");
      String out = migrate(settings, local, database, "s3", "local", Map.of());
      assertThat(out).contains("0 already there");
      s3.createBucket("media-again");
      Map<String, String> again = new HashMap<>(s3.settings("media-again"));
      String back = migrate(null, local, database, "local", "s3", again);
      assertThat(back).doesNotContain(" 0 blobs copied");
      assertThat(objects(s3, "media-again")).containsExactlyInAnyOrderElementsOf(objects(s3));
    }
  }

  private static List<String> objects(S3ProxyServer s3) throws Exception {
    return objects(s3, "media");
  }

  private static List<String> objects(S3ProxyServer s3, String bucket) throws Exception {
    try (var store = BlobMigration.open(new JsonObject().put("data-dir", "/nonexistent"), "s3", s3.settings(bucket))) {
      return store.list("", null, 1000).stream().map(BlobInfo::key).toList();
    }
  }

  private static String migrate(Path configFile, Path dataDir, FreshDatabase database, String from, String to, Map<String, String> target) {
    List<String> args = new java.util.ArrayList<>(List.of("blobs", "migrate", "--to", to, "--data-dir", dataDir.toString(), "--db-url",
        database.url(), "--blob-store", from));
    if (configFile != null) {
      args.addAll(List.of("--config", configFile.toString()));
    }
    target.forEach((key, value) -> args.addAll(List.of("--to-setting", key + "=" + value)));
    java.io.StringWriter output = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.execute(new java.io.PrintWriter(output, true), new java.io.PrintWriter(err, true), args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    return output.toString();
  }

  private JsonObject config(Path settings, String name, int httpPort, int clusterPort, String members, FreshDatabase database)
      throws Exception {
    Map<String, String> flags = new HashMap<>(Map.of("data-dir", Files.createDirectories(temp.resolve("node-" + name)).toString(),
        "http-port", String.valueOf(httpPort), "registration-per-hour-per-address", "0", "db-url", database.url(),
        "vector-backend", "pgvector", "blob-store", "s3", "cluster", "true", "cluster-host", "127.0.0.1"));
    flags.putAll(Map.of("cluster-port", String.valueOf(clusterPort), "cluster-members", members, "node-name", name + "-" + UUID.randomUUID()));
    return NodeConfig.load(settings, Map.of(), flags);
  }
}
