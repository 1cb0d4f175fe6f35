package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat export through the ingestion verticle alone: the import job makes one chat log per
 * conversation, keyed by its id, with its messages and branches, hands retrieval chunks that
 * follow the turns, and a re-import adds nothing unchanged and versions what changed. The export
 * format is {@link ToyExportReader}'s; the real services' readers are tested in their plugins.
 */
class ChatImportTest {

  private static BusHarness bus;
  private static BusHarness.Fake indexChunks;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject());
    bus.fake(RetrievalBus.INDEX_SOURCE, request -> new JsonObject());
    bus.fake(RetrievalBus.INDEX_SYNC, request -> new JsonObject());
    indexChunks = bus.fake(RetrievalBus.INDEX_CHUNKS, request -> new JsonObject()
        .put("indexed", request.getJsonArray("chunks").size()).put("model", "fake").put("dimension", 3));
    bus.fake(RetrievalBus.DELETE_SOURCE, request -> new JsonObject().put("deleted", 0));
    bus.fake(ChatBus.SUMMARIZE, request -> new JsonObject().put("summary", "A talk about " + request.getString("title") + "."));
    bus.deploy(new IngestionVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "chat-import-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  private static JsonObject message(String role, String content) {
    return new JsonObject().put("role", role).put("content", content);
  }

  private static JsonObject export(JsonObject... conversations) {
    return new JsonObject().put("toyExport", new JsonArray(List.of((Object[]) conversations)));
  }

  private static JsonObject bread(String answer) {
    return new JsonObject().put("id", "c-bread").put("title", "Sourdough").put("messages", new JsonArray()
        .add(message("user", "How long should sourdough rise?"))
        .add(message("assistant", answer))
        .add(message("user", "And at what temperature?"))
        .add(message("assistant", "Around 24 degrees Celsius works well for most starters.")))
        .put("branches", new JsonArray().add(new JsonObject().put("forkIndex", 1).put("messages", new JsonArray()
            .add(message("assistant", "It depends on your starter; watch the dough, not the clock.")))));
  }

  private static final JsonObject RUST = new JsonObject().put("id", "c-rust").put("messages", new JsonArray()
      .add(message("user", "What does the borrow checker enforce in Rust programs exactly?"))
      .add(message("assistant", "One mutable reference or any number of shared ones, never both at once.")));

  private static final JsonObject EMPTY = new JsonObject().put("id", "c-empty").put("title", "Nothing said").put("messages", new JsonArray());

  /** Uploads {@code export} as a file and waits for its import job; returns the finished job. */
  private static JsonObject imported(UUID user, JsonObject export) throws Exception {
    String key = "uploads/" + UUID.randomUUID();
    Path file = bus.dataDir().resolve("blobs").resolve("objects").resolve(key);
    Files.createDirectories(file.getParent());
    Files.writeString(file, export.encode(), StandardCharsets.UTF_8);
    JsonObject reply = bus.request(IngestionBus.CREATE_FROM_UPLOAD, new JsonObject().put("userId", user.toString())
        .put("uploadKey", key).put("fileName", "conversations.json"));
    assertThat(reply.getJsonArray("sources")).as("conversations are known once the job reads them").isEmpty();
    JsonObject job = reply.getJsonObject("job");
    assertThat(job.getString("type")).isEqualTo("chat_import");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject now = bus.request(IngestionBus.JOB, new JsonObject().put("userId", user.toString()).put("jobId", job.getString("id")))
          .getJsonObject("job");
      if (List.of("completed", "failed").contains(now.getString("status"))) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the import did not finish");
  }

  private static List<JsonObject> chatLogs(UUID user) {
    return bus.request(IngestionBus.LIST, new JsonObject().put("userId", user.toString()).put("kind", "chat_log"))
        .getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject byTitle(UUID user, String title) {
    return chatLogs(user).stream().filter(s -> title.equals(s.getString("title"))).findFirst().orElseThrow();
  }

  private static JsonObject messages(UUID user, String sourceId, Integer branch) {
    JsonObject request = new JsonObject().put("userId", user.toString()).put("sourceId", sourceId);
    if (branch != null) {
      request.put("branch", branch);
    }
    return bus.request(IngestionBus.MESSAGES, request);
  }

  @Test
  void eachConversationBecomesAChatLogWithItsMessagesBranchesAndTurnChunks() throws Exception {
    UUID user = user();
    JsonObject job = imported(user, export(bread("Four to twelve hours, until it has doubled."), RUST, EMPTY));

    assertThat(job.getString("status")).as(job.encode()).isEqualTo("completed");
    assertThat(job.getJsonObject("result").getMap()).containsEntry("platform", "toy").containsEntry("created", 2)
        .containsEntry("skipped", 1).containsEntry("unchanged", 0);
    assertThat(job.getJsonObject("result").getJsonArray("warnings").getString(0)).contains("Nothing said");

    JsonObject sourdough = byTitle(user, "Sourdough");
    assertThat(sourdough.getString("status")).isEqualTo("completed");
    assertThat(sourdough.getString("platform")).isEqualTo("toy");
    assertThat(sourdough.getInteger("messageCount")).isEqualTo(4);
    assertThat(sourdough.getInteger("version")).isEqualTo(1);
    assertThat(sourdough.getString("summary")).isEqualTo("A talk about Sourdough.");
    // a conversation without a title is named by its first prompt
    assertThat(byTitle(user, "What does the borrow checker enforce in Rust programs exactly?").getInteger("messageCount")).isEqualTo(2);

    JsonObject main = messages(user, sourdough.getString("id"), null);
    assertThat(main.getJsonArray("items").stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "user", "assistant");
    assertThat(main.getJsonArray("items").getJsonObject(1).getString("content")).isEqualTo("Four to twelve hours, until it has doubled.");
    assertThat(main.getJsonArray("branches").getJsonObject(0).getMap()).containsEntry("forkIndex", 1).containsEntry("messages", 1);
    assertThat(messages(user, sourdough.getString("id"), 1).getJsonArray("items").getJsonObject(0).getString("content"))
        .startsWith("It depends on your starter");
    assertThat(bus.failure(IngestionBus.MESSAGES, new JsonObject().put("userId", user.toString())
        .put("sourceId", sourdough.getString("id")).put("branch", 2)).status()).isEqualTo(404);

    // retrieval got the main thread in turns, each chunk pointing at its first message
    List<JsonObject> chunks = indexChunks.received().stream().filter(r -> sourdough.getString("id").equals(r.getString("sourceId")))
        .flatMap(r -> r.getJsonArray("chunks").stream().map(JsonObject.class::cast)).toList();
    assertThat(chunks).isNotEmpty();
    assertThat(chunks.get(0).getInteger("messageIndex")).isZero();
    assertThat(chunks.get(0).getString("text")).startsWith("User: How long should sourdough rise?").contains("Assistant: Four to twelve hours");
    assertThat(String.join(" ", chunks.stream().map(c -> c.getString("text")).toList())).doesNotContain("watch the dough");
  }

  @Test
  void reImportingAddsNothingUnchangedAndVersionsWhatChanged() throws Exception {
    UUID user = user();
    imported(user, export(bread("Four to twelve hours, until it has doubled."), RUST));
    String sourdoughId = byTitle(user, "Sourdough").getString("id");

    JsonObject same = imported(user, export(bread("Four to twelve hours, until it has doubled."), RUST));
    assertThat(same.getJsonObject("result").getMap()).containsEntry("created", 0).containsEntry("updated", 0).containsEntry("unchanged", 2);
    assertThat(chatLogs(user)).hasSize(2);

    JsonObject changed = imported(user, export(bread("Overnight in the fridge, then two hours warm."), RUST));
    assertThat(changed.getJsonObject("result").getMap()).containsEntry("created", 0).containsEntry("updated", 1).containsEntry("unchanged", 1);
    JsonObject sourdough = byTitle(user, "Sourdough");
    assertThat(sourdough.getString("id")).isEqualTo(sourdoughId);
    assertThat(sourdough.getInteger("version")).isEqualTo(2);
    assertThat(messages(user, sourdoughId, null).getJsonArray("items").getJsonObject(1).getString("content"))
        .isEqualTo("Overnight in the fridge, then two hours warm.");
    assertThat(bus.sql("SELECT count(*) FROM source_versions WHERE source_id = $1", UUID.fromString(sourdoughId)).get(0).getLong(0))
        .as("the first version is kept").isEqualTo(2);
  }

  @Test
  void anotherUsersChatLogIsNotFoundAndOtherKindsHaveNoMessages() throws Exception {
    UUID alice = user();
    UUID bob = user();
    imported(alice, export(RUST));
    String rust = chatLogs(alice).get(0).getString("id");

    Failure foreign = bus.failure(IngestionBus.MESSAGES, new JsonObject().put("userId", bob.toString()).put("sourceId", rust));
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(chatLogs(bob)).isEmpty();

    String text = bus.request(IngestionBus.CREATE_FROM_JSON, new JsonObject().put("userId", alice.toString()).put("kind", "text")
        .put("title", "Notes").put("text", "Plain notes.")).getJsonObject("source").getString("id");
    assertThat(bus.failure(IngestionBus.MESSAGES, new JsonObject().put("userId", alice.toString()).put("sourceId", text)).status())
        .isEqualTo(400);
  }

  @Test
  void aZipWithoutAnExportFailsTheJobWithAReasonAndKeepsNothing() throws Exception {
    UUID user = user();
    String key = "uploads/" + UUID.randomUUID();
    Path file = bus.dataDir().resolve("blobs").resolve("objects").resolve(key);
    Files.createDirectories(file.getParent());
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("holiday.jpg"));
      zip.write(new byte[] {1, 2, 3});
      zip.closeEntry();
    }
    JsonObject job = bus.request(IngestionBus.CREATE_FROM_UPLOAD, new JsonObject().put("userId", user.toString())
        .put("uploadKey", key).put("fileName", "export.zip")).getJsonObject("job");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonObject now = job;
    while (System.nanoTime() < deadline && !"failed".equals(now.getString("status"))) {
      Thread.sleep(50);
      now = bus.request(IngestionBus.JOB, new JsonObject().put("userId", user.toString()).put("jobId", job.getString("id"))).getJsonObject("job");
      assertThat(now.getString("status")).isNotEqualTo("completed");
    }
    assertThat(now.getString("error")).contains("no chat export this server reads");
    assertThat(chatLogs(user)).isEmpty();
    assertThat(Files.exists(bus.dataDir().resolve("blobs/objects/imports/" + user + "/" + job.getString("id"))))
        .as("the export goes with its job").isFalse();
  }
}
