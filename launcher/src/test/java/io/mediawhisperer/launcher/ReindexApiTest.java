package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testsupport.Corpus;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/admin/reindex} on a real node (issue 19): the index of two corpus PDFs,
 * embedded by all-MiniLM-L6-v2, rebuilt with e5-small-v2 (both in-process, from their Maven jars)
 * while a search loop runs, a source uploaded during the rebuild, then the swap; then the node
 * restarted with the other provider configured, which it detects. In a database of its own: the
 * live generation it changes is the whole server's.
 */
class ReindexApiTest {

  private static final List<String> QUERIES = List.of("right to education", "trace trees record hot loops",
      "freedom of thought and religion", "type-specialized native code for loops");

  @Test
  void aReindexToAnotherModelRunsWhileSearchesAnswerThenSwapsAndARestartDetectsTheModelChange() throws Exception {
    Path dataDir = Files.createTempDirectory("mw-reindex");
    try (FreshDatabase database = FreshDatabase.onTestServer("mw_reindex_", false, "the re-index test")) {
      int port = Ports.free();
      String user;
      String udhr;
      String superuser;
      try (Node node = Node.start(config(dataDir, port, database, Map.of())); ApiClient api = new ApiClient(port)) {
        superuser = AdminApiTest.superuser(node.vertx(), api);
        user = api.newUser("reindexed");
        udhr = api.ingested(user, Corpus.root().resolve("pdf/udhr.pdf"), null);
        String paper = api.ingested(user, Corpus.root().resolve("pdf/tracemonkey-two-column.pdf"), null);
        assertThat(topSource(api, user, "right to education")).isEqualTo(udhr);

        // hidden from everyone else; what it cannot do is refused before anything starts
        assertThat(api.post(user, "/api/v1/admin/reindex", new JsonObject().put("embeddingModel", "e5-small")).statusCode()).isEqualTo(404);
        assertThat(api.get(user, "/api/v1/admin/reindex").statusCode()).isEqualTo(404);
        assertThat(errorCode(api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("embeddingModel", "word2vec")), 400))
            .isEqualTo("invalid_input");
        assertThat(errorCode(api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("embeddingModel", "minilm")), 409))
            .isEqualTo("already_live");
        assertThat(errorCode(api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("embeddingModel", "e5-small")
            .put("chunkSize", 200)), 400)).isEqualTo("invalid_input");

        SearchLoop loop = new SearchLoop(api, user, QUERIES, List.of("vector", "hybrid"));
        long started = System.nanoTime();
        HttpResponse<Buffer> accepted = api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("embeddingModel", "e5-small"));
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        JsonObject job = accepted.bodyAsJsonObject();
        assertThat(job.getString("type")).isEqualTo("reindex");
        assertThat(job.getString("model")).isEqualTo("e5-small-v2-q");
        assertThat(job.getLong("chunksTotal")).isPositive();
        // uploaded while the rebuild runs: it must be in the new index
        Path notes = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-beekeeping.txt"),
            "The beekeeper moved forty hives to the clover meadow before the spring rain, and the colonies doubled by June.\n");
        String during = api.ingested(user, notes, null);
        JsonObject done = api.completed(superuser, accepted);
        long reindexMs = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(300);
        loop.close();
        System.out.printf("[reindex] %d chunks MiniLM -> e5-small in %d ms, %d search rounds meanwhile%n",
            done.getLong("chunksTotal"), reindexMs, loop.rounds());
        assertThat(loop.failures()).as("searches during the re-index").isEmpty();
        assertThat(loop.rounds()).isPositive();
        assertThat(done.getInteger("progress")).isEqualTo(100);

        JsonObject status = api.get(superuser, "/api/v1/admin/reindex").bodyAsJsonObject();
        assertThat(status.getJsonObject("live").getString("embeddingModel")).isEqualTo("e5-small");
        assertThat(status.getJsonObject("live").getString("model")).isEqualTo("e5-small-v2-q");
        assertThat(status.getBoolean("mismatch")).isTrue();
        assertThat(status.getJsonObject("last").getString("id")).isEqualTo(job.getString("id"));
        assertThat(topSource(api, user, "right to education")).isEqualTo(udhr);
        assertThat(topSource(api, user, "trace trees record hot loops")).isEqualTo(paper);
        assertThat(topSource(api, user, "beekeeper hives clover meadow")).isEqualTo(during);
        assertThat(errorCode(api.post(superuser, "/api/v1/admin/reindex", new JsonObject().put("embeddingModel", "e5-small")), 409))
            .isEqualTo("already_live");
        Path oldIndex = dataDir.resolve("vectors/lucene/all-minilm-l6-v2-q");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Files.exists(oldIndex) && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(oldIndex).as("the old index is dropped after the swap").doesNotExist();
        assertThat(api.delete(superuser, "/api/v1/admin/reindex/" + job.getString("id")).statusCode()).as("nothing runs").isEqualTo(404);
      }

      // the index is e5-small's now, the configuration still says minilm: refused, or served with e5-small
      assertThatThrownBy(() -> Node.start(config(dataDir, Ports.free(), database, Map.of("embedding-model-change", "refuse"))))
          .hasStackTraceContaining("built with the embedding provider e5-small").hasStackTraceContaining("refusing to start");
      int again = Ports.free();
      try (Node node = Node.start(config(dataDir, again, database, Map.of())); ApiClient api = new ApiClient(again)) {
        // the session outlives the restart (it is in the database)
        assertThat(topSource(api, user, "right to education")).isEqualTo(udhr);
      }
    }
  }

  private static JsonObject config(Path dataDir, int port, FreshDatabase database, Map<String, String> more) {
    Map<String, String> flags = new java.util.HashMap<>(Map.of("data-dir", dataDir.toString(), "http-port", String.valueOf(port),
        "registration-per-hour-per-address", "0", "db-url", database.url()));
    flags.putAll(more);
    return NodeConfig.load(null, Map.of(), flags);
  }

  private static String topSource(ApiClient api, String token, String query) {
    JsonArray results = api.post(token, "/api/v1/search", new JsonObject().put("query", query).put("mode", "vector").put("topK", 3))
        .bodyAsJsonObject().getJsonArray("results");
    assertThat(results).as(query).isNotEmpty();
    return results.getJsonObject(0).getString("sourceId");
  }

  private static String errorCode(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }
}
