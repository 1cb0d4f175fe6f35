package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code DELETE /api/v1/auth/me} (issue 19): an account with a PDF (its original and page images in
 * the blob store), a transcript in a collection, a tag, a conversation, a template and an audiobook
 * is deleted, and nothing of it remains: no row in any table names it or anything it owned, the
 * vector index holds none of its chunks, the blob store none of its files. Another user's library
 * is untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountDeletionApiTest {

  private Path dataDir;
  private Node node;
  private ApiClient api;
  private Pool db;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("mw-account-deletion-test");
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url())));
    api = new ApiClient(port);
    db = Database.pool(api.vertx, "test", TestDatabase.url(), 1);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
  }

  @Test
  void anAccountGoesWithEverythingItOwnedAndNothingElse() throws Exception {
    String alice = api.newUser("alice");
    String bob = api.newUser("bob");
    UUID aliceId = UUID.fromString(api.get(alice, "/api/v1/auth/me").bodyAsJsonObject().getJsonObject("user").getString("id"));
    Set<String> owned = new HashSet<>();
    owned.add(aliceId.toString());

    String collection = api.post(alice, "/api/v1/collections", new JsonObject().put("name", "Talks").put("kind", "folder"))
        .bodyAsJsonObject().getString("id");
    owned.add(collection);
    String pdf = api.ingested(alice, Corpus.root().resolve("pdf/tracemonkey-two-column.pdf"), null);
    owned.add(pdf);
    JsonObject talk = api.completed(alice, api.post(alice, "/api/v1/sources", new JsonObject().put("kind", "transcript")
        .put("title", "A talk").put("videoId", "abc123XYZ_0").put("collectionId", collection).put("segments", new JsonArray()
            .add(new JsonObject().put("start", 0).put("duration", 20).put("text", "Trace trees record hot loops in the interpreter."))
            .add(new JsonObject().put("start", 20).put("duration", 20).put("text", "Type-specialized native code runs the loop.")))));
    owned.add(talk.getString("sourceId"));
    owned.add(talk.getString("id"));
    String tag = api.post(alice, "/api/v1/tags", new JsonObject().put("name", "jit")).bodyAsJsonObject().getString("id");
    owned.add(tag);
    assertThat(api.put(alice, "/api/v1/sources/" + pdf + "/tags", new JsonObject().put("tagIds", new JsonArray().add(tag))).statusCode())
        .isEqualTo(200);
    String conversation = api.post(alice, "/api/v1/conversations", new JsonObject()).bodyAsJsonObject().getString("id");
    owned.add(conversation);
    assertThat(api.post(alice, "/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("content", "What do trace trees record?")).statusCode()).isEqualTo(200);
    owned.add(api.post(alice, "/api/v1/templates", new JsonObject().put("type", "linkedin").put("name", "Mine")
        .put("content", "{{ topic }}")).bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> book = api.post(alice, "/api/v1/audiobooks", new JsonObject().put("sourceId", talk.getString("sourceId"))
        .put("voice", "freetts:kevin16"));
    assertThat(book.statusCode()).as(book.bodyAsString()).isEqualTo(202);
    String bookId = book.bodyAsJsonObject().getJsonObject("audiobook").getString("id");
    owned.add(bookId);
    Eventually.holds("the audiobook made", Duration.ofMinutes(3),
        () -> "completed".equals(api.get(alice, "/api/v1/audiobooks/" + bookId).bodyAsJsonObject().getString("status")));
    String bobs = api.ingested(bob, Corpus.root().resolve("pdf/tracemonkey-two-column.pdf"), null);

    List<String> aliceChunks = rows("SELECT id FROM chunks WHERE user_id = $1", aliceId).stream().map(r -> r.getUUID(0).toString()).toList();
    assertThat(aliceChunks).isNotEmpty();
    assertThat(indexedChunks()).containsAll(aliceChunks);
    assertThat(filesNaming(aliceId)).as("the blob store holds Alice's files").isNotEmpty();
    assertThat(rowsNaming(owned)).isNotEmpty();

    HttpResponse<Buffer> wrong = Await.result(api.web.delete("/api/v1/auth/me").bearerTokenAuthentication(alice)
        .sendJsonObject(new JsonObject().put("password", "not my password")));
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> none = Await.result(api.web.delete("/api/v1/auth/me").bearerTokenAuthentication(alice).sendJsonObject(new JsonObject()));
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(api.get(alice, "/api/v1/sources/" + pdf).statusCode()).as("nothing deleted yet").isEqualTo(200);

    HttpResponse<Buffer> deleted = Await.result(api.web.delete("/api/v1/auth/me").bearerTokenAuthentication(alice)
        .sendJsonObject(new JsonObject().put("password", "correct horse battery")));
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);

    assertThat(api.get(alice, "/api/v1/auth/me").statusCode()).as("the session ended").isEqualTo(401);
    assertThat(rowsNaming(owned)).as("rows of any table naming Alice or anything she owned").isEmpty();
    assertThat(indexedChunks()).as("the vector index").doesNotContainAnyElementsOf(aliceChunks);
    assertThat(filesNaming(aliceId)).as("the blob store and the data dir").isEmpty();

    assertThat(api.get(bob, "/api/v1/sources/" + bobs).bodyAsJsonObject().getString("status")).isEqualTo("completed");
    JsonArray found = api.post(bob, "/api/v1/search", new JsonObject().put("query", "trace trees hot loops")).bodyAsJsonObject()
        .getJsonArray("results");
    assertThat(found).isNotEmpty();
    assertThat(found.stream().map(h -> ((JsonObject) h).getString("sourceId")).distinct().toList()).containsExactly(bobs);
  }

  private List<Row> rows(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    Await.result(db.preparedQuery(sql).execute(Tuple.from(params))).forEach(rows::add);
    return rows;
  }

  /** "table.column = id" for every uuid column of every table whose value is one of {@code ids}. */
  private List<String> rowsNaming(Set<String> ids) {
    UUID[] values = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
    List<String> found = new ArrayList<>();
    for (Row column : rows("SELECT table_name, column_name FROM information_schema.columns"
        + " WHERE table_schema = 'public' AND data_type = 'uuid'")) {
      String table = column.getString(0);
      String name = column.getString(1);
      for (Row hit : rows("SELECT " + name + " FROM " + table + " WHERE " + name + " = ANY ($1)", (Object) values)) {
        found.add(table + "." + name + " = " + hit.getUUID(0));
      }
    }
    return found;
  }

  private List<String> indexedChunks() {
    List<String> all = new ArrayList<>();
    String after = null;
    while (true) {
      JsonObject request = new JsonObject().put("limit", 1000);
      if (after != null) {
        request.put("after", after);
      }
      JsonArray page = Await.result(node.vertx().eventBus().<JsonObject>request(RetrievalBus.CHUNK_IDS, request)).body()
          .getJsonArray("chunkIds");
      if (page.isEmpty()) {
        return all;
      }
      page.forEach(id -> all.add((String) id));
      after = page.getString(page.size() - 1);
    }
  }

  /** Files under the data dir (blob store, uploads, index) whose path names the user. */
  private List<Path> filesNaming(UUID userId) throws Exception {
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files.filter(p -> p.toString().contains(userId.toString())).toList();
    }
  }
}
