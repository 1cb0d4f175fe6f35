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

/** The chat-log library on the ingestion verticle alone: tags, annotations, versions, merge and the search of messages. */
class LibraryTest {

  private static BusHarness bus;
  private static BusHarness.Fake sourceTags;
  private static BusHarness.Fake tagRemoved;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject());
    bus.fake(RetrievalBus.INDEX_SOURCE, request -> new JsonObject());
    bus.fake(RetrievalBus.INDEX_SYNC, request -> new JsonObject());
    bus.fake(RetrievalBus.SOURCE_SHOWN, request -> new JsonObject().put("updated", 1));
    bus.fake(RetrievalBus.INDEX_CHUNKS, request -> new JsonObject().put("indexed", request.getJsonArray("chunks").size()));
    bus.fake(RetrievalBus.DELETE_SOURCE, request -> new JsonObject().put("deleted", 0));
    sourceTags = bus.fake(RetrievalBus.SOURCE_TAGS, request -> new JsonObject().put("updated", 1));
    tagRemoved = bus.fake(RetrievalBus.TAG_REMOVED, request -> new JsonObject().put("updated", 1));
    bus.fake(ChatBus.SUMMARIZE, request -> new JsonObject().put("summary", "A summary."));
    bus.deploy(new IngestionVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "library-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  private static JsonObject as(UUID user) {
    return new JsonObject().put("userId", user.toString());
  }

  private static JsonObject message(String role, String content, String time) {
    JsonObject m = new JsonObject().put("role", role).put("content", content);
    return time == null ? m : m.put("createdAt", time);
  }

  /** Imports one toy conversation and returns its chat log's id once indexed. */
  private static String chatLog(UUID user, String id, String title, JsonObject... messages) throws Exception {
    JsonObject export = new JsonObject().put("toyExport", new JsonArray().add(new JsonObject().put("id", id).put("title", title)
        .put("messages", new JsonArray(List.of((Object[]) messages)))));
    String key = "uploads/" + UUID.randomUUID();
    Path file = bus.dataDir().resolve("blobs").resolve("objects").resolve(key);
    Files.createDirectories(file.getParent());
    Files.writeString(file, export.encode(), StandardCharsets.UTF_8);
    JsonObject job = bus.request(IngestionBus.CREATE_FROM_UPLOAD, as(user).put("uploadKey", key)).getJsonObject("job");
    awaitJob(user, job.getString("id"));
    return bus.request(IngestionBus.LIST, as(user).put("kind", "chat_log")).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(s -> title.equals(s.getString("title"))).findFirst().orElseThrow().getString("id");
  }

  private static JsonObject awaitJob(UUID user, String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = bus.request(IngestionBus.JOB, as(user).put("jobId", jobId)).getJsonObject("job");
      assertThat(job.getString("status")).as(job.encode()).isNotEqualTo("failed");
      if ("completed".equals(job.getString("status"))) {
        return job;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("job " + jobId + " did not finish");
  }

  private static List<String> contents(UUID user, String sourceId) {
    return bus.request(IngestionBus.MESSAGES, as(user).put("sourceId", sourceId)).getJsonArray("items").stream()
        .map(m -> ((JsonObject) m).getString("content")).toList();
  }

  @Test
  void tagsAreTheUsersOwnFilterSourcesAndFollowRetrieval() throws Exception {
    UUID alice = user();
    UUID bob = user();
    String log = chatLog(alice, "t-1", "Tagged talk", message("user", "Tag me", null), message("assistant", "Done.", null));
    String work = bus.request(IngestionBus.TAG_CREATE, as(alice).put("name", "Work")).getJsonObject("tag").getString("id");
    Failure twice = bus.failure(IngestionBus.TAG_CREATE, as(alice).put("name", "work"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.code()).isEqualTo(IngestionBus.TAG_EXISTS);
    String bobs = bus.request(IngestionBus.TAG_CREATE, as(bob).put("name", "Work")).getJsonObject("tag").getString("id");

    assertThat(bus.request(IngestionBus.SOURCE_TAGS, as(alice).put("sourceId", log).put("tagIds", new JsonArray().add(work)))
        .getJsonArray("tags")).containsExactly("Work");
    assertThat(sourceTags.last().getJsonArray("tags")).containsExactly("Work");
    assertThat(bus.request(IngestionBus.LIST, as(alice).put("tag", "Work")).getJsonArray("items")).hasSize(1);
    assertThat(bus.request(IngestionBus.TAG_LIST, as(alice)).getJsonArray("items").getJsonObject(0).getLong("sourceCount")).isEqualTo(1);
    // another user's tag, or another user's source, is not found
    assertThat(bus.failure(IngestionBus.SOURCE_TAGS, as(alice).put("sourceId", log).put("tagIds", new JsonArray().add(bobs))).status())
        .isEqualTo(404);
    assertThat(bus.failure(IngestionBus.SOURCE_TAGS, as(bob).put("sourceId", log).put("tagIds", new JsonArray().add(bobs))).status())
        .isEqualTo(404);
    assertThat(bus.failure(IngestionBus.TAG_DELETE, as(bob).put("tagId", work)).status()).isEqualTo(404);

    bus.request(IngestionBus.TAG_DELETE, as(alice).put("tagId", work));
    assertThat(tagRemoved.last().getString("tag")).isEqualTo("Work");
    assertThat(bus.request(IngestionBus.GET, as(alice).put("sourceId", log)).getJsonObject("source").getJsonArray("tags")).isEmpty();
  }

  @Test
  void anAnnotationIsCheckedAgainstTheTextAndFollowsItIntoTheNextVersion() throws Exception {
    UUID user = user();
    String log = chatLog(user, "a-1", "Annotated talk", message("user", "What is a monad?", null),
        message("assistant", "A monad is a monoid in the category of endofunctors.", null));
    JsonObject position = new JsonObject().put("messageIndex", 1).put("start", 2).put("end", 7);
    JsonObject note = bus.request(IngestionBus.ANNOTATION_CREATE, as(user).put("sourceId", log).put("content", "the key word")
        .put("position", position)).getJsonObject("annotation");
    assertThat(note.getString("quote")).isEqualTo("monad");
    JsonObject farNote = bus.request(IngestionBus.ANNOTATION_CREATE, as(user).put("sourceId", log).put("content", "jargon")
        .put("position", new JsonObject().put("messageIndex", 1).put("start", 39).put("end", 51))).getJsonObject("annotation");
    assertThat(farNote.getString("quote")).isEqualTo("endofunctors");
    for (JsonObject bad : List.of(new JsonObject().put("messageIndex", 5).put("start", 0).put("end", 1),
        new JsonObject().put("messageIndex", 1).put("start", 7).put("end", 7),
        new JsonObject().put("messageIndex", 1).put("start", 0).put("end", 500))) {
      assertThat(bus.failure(IngestionBus.ANNOTATION_CREATE, as(user).put("sourceId", log).put("content", "x").put("position", bad)).status())
          .as(bad.encode()).isEqualTo(400);
    }

    // an edit: the first note's word moves, the second's is gone
    JsonObject edited = bus.request(IngestionBus.MESSAGES_EDIT, as(user).put("sourceId", log).put("messages", new JsonArray()
        .add(message("user", "What is a monad?", null)).add(message("assistant", "Simply put, a monad chains computations.", null))));
    assertThat(edited.getJsonObject("source").getInteger("version")).isEqualTo(2);
    awaitJob(user, edited.getJsonObject("job").getString("id"));
    List<JsonObject> notes = bus.request(IngestionBus.ANNOTATION_LIST, as(user).put("sourceId", log)).getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
    JsonObject moved = notes.stream().filter(n -> n.getString("id").equals(note.getString("id"))).findFirst().orElseThrow();
    assertThat(moved.getBoolean("detached")).isFalse();
    assertThat(moved.getInteger("version")).isEqualTo(2);
    assertThat(moved.getJsonObject("position").getInteger("start")).isEqualTo("Simply put, a ".length());
    assertThat(notes.stream().filter(n -> n.getString("id").equals(farNote.getString("id"))).findFirst().orElseThrow()
        .getBoolean("detached")).isTrue();

    UUID other = user();
    assertThat(bus.failure(IngestionBus.ANNOTATION_LIST, as(other).put("sourceId", log)).status()).isEqualTo(404);
    assertThat(bus.failure(IngestionBus.ANNOTATION_DELETE, as(other).put("annotationId", note.getString("id"))).status()).isEqualTo(404);
    bus.request(IngestionBus.ANNOTATION_DELETE, as(user).put("annotationId", note.getString("id")));
    assertThat(bus.request(IngestionBus.ANNOTATION_LIST, as(user).put("sourceId", log)).getJsonArray("items")).hasSize(1);
  }

  @Test
  void everyVersionStaysReadableAndAnOlderOneIsRestoredAsTheNewest() throws Exception {
    UUID user = user();
    String log = chatLog(user, "v-1", "Versioned talk", message("user", "First words", null), message("assistant", "First answer", null));
    JsonObject edit = bus.request(IngestionBus.MESSAGES_EDIT, as(user).put("sourceId", log)
        .put("messages", new JsonArray().add(message("user", "Second words", "2026-01-02T10:00:00Z"))));
    awaitJob(user, edit.getJsonObject("job").getString("id"));
    assertThat(contents(user, log)).containsExactly("Second words");

    JsonArray versions = bus.request(IngestionBus.VERSIONS, as(user).put("sourceId", log)).getJsonArray("items");
    assertThat(versions.stream().map(v -> ((JsonObject) v).getString("origin")).toList()).containsExactly("import", "edit");
    assertThat(versions.getJsonObject(1).getBoolean("current")).isTrue();
    JsonObject first = bus.request(IngestionBus.VERSION, as(user).put("sourceId", log).put("version", 1));
    assertThat(first.getJsonArray("messages").getJsonObject(1).getString("content")).isEqualTo("First answer");

    JsonObject restored = bus.request(IngestionBus.VERSION_RESTORE, as(user).put("sourceId", log).put("version", 1));
    assertThat(restored.getJsonObject("source").getInteger("version")).isEqualTo(3);
    awaitJob(user, restored.getJsonObject("job").getString("id"));
    assertThat(contents(user, log)).containsExactly("First words", "First answer");
    assertThat(bus.failure(IngestionBus.VERSION, as(user).put("sourceId", log).put("version", 9)).status()).isEqualTo(404);
    for (JsonArray bad : List.of(new JsonArray(), new JsonArray().add(message("wizard", "hi", null)),
        new JsonArray().add(message("user", "hi", "yesterday")))) {
      assertThat(bus.failure(IngestionBus.MESSAGES_EDIT, as(user).put("sourceId", log).put("messages", bad)).status()).as(bad.encode())
          .isEqualTo(400);
    }
    assertThat(bus.failure(IngestionBus.MESSAGES_EDIT, as(user()).put("sourceId", log)
        .put("messages", new JsonArray().add(message("user", "mine now", null)))).status()).isEqualTo(404);
  }

  @Test
  void chatLogsMergeInTimeOrderWithDuplicatesOnceAndEveryMessageKnowsItsOrigin() throws Exception {
    UUID user = user();
    String monday = chatLog(user, "m-1", "Monday", message("user", "Plan the week", "2026-03-02T09:00:00Z"),
        message("assistant", "Here is a plan", "2026-03-02T09:00:05Z"), message("user", "Thanks", "2026-03-04T08:00:00Z"));
    String tuesday = chatLog(user, "m-2", "Tuesday", message("user", "Plan the week", "2026-03-02T09:00:00Z"),
        message("user", "Review the plan", "2026-03-03T17:00:00Z"), message("assistant", "It holds up", "2026-03-03T17:00:09Z"));

    JsonObject merged = bus.request(IngestionBus.MERGE, as(user).put("title", "The week").put("sourceIds", new JsonArray().add(monday).add(tuesday)));
    String id = merged.getJsonObject("source").getString("id");
    assertThat(merged.getJsonObject("source").getString("platform")).isEqualTo("merged");
    awaitJob(user, merged.getJsonObject("job").getString("id"));

    assertThat(contents(user, id)).containsExactly("Plan the week", "Here is a plan", "Review the plan", "It holds up", "Thanks");
    JsonObject version = bus.request(IngestionBus.VERSION, as(user).put("sourceId", id).put("version", 1));
    JsonObject review = version.getJsonArray("messages").getJsonObject(2);
    assertThat(review.getJsonObject("origin").getMap()).containsEntry("sourceId", tuesday).containsEntry("index", 1);
    assertThat(contents(user, monday)).as("the originals stay").hasSize(3);
    assertThat(bus.failure(IngestionBus.MERGE, as(user()).put("title", "x").put("sourceIds", new JsonArray().add(monday).add(tuesday)))
        .status()).isEqualTo(404);
    assertThat(bus.failure(IngestionBus.MERGE, as(user).put("title", "x").put("sourceIds", new JsonArray().add(monday))).status())
        .isEqualTo(400);
  }

  @Test
  void messagesAreFoundByTheirWordsWithMarkedSnippetsAndFilters() throws Exception {
    UUID user = user();
    String log = chatLog(user, "s-1", "Kubernetes questions", message("user", "How do I drain a <node> in Kubernetes?", "2026-04-01T10:00:00Z"),
        message("assistant", "Use kubectl drain; pods are evicted gracefully.", "2026-04-01T10:00:03Z"));
    chatLog(user, "s-2", "Cooking", message("user", "How long do I boil an egg?", "2026-05-01T10:00:00Z"));

    JsonArray hits = bus.request(IngestionBus.SEARCH_MESSAGES, as(user).put("q", "drain kubernetes")).getJsonArray("items");
    assertThat(hits).isNotEmpty();
    JsonObject best = hits.getJsonObject(0);
    assertThat(best.getString("sourceId")).isEqualTo(log);
    assertThat(best.getString("snippet")).contains("<mark>").contains("&lt;node&gt;").doesNotContain("<node>");
    assertThat(best.getString("url")).endsWith("#m=" + best.getInteger("messageIndex"));
    assertThat(bus.request(IngestionBus.SEARCH_MESSAGES, as(user).put("q", "drain").put("from", "2026-05-01")).getJsonArray("items")).isEmpty();
    assertThat(bus.request(IngestionBus.SEARCH_MESSAGES, as(user).put("q", "drain").put("platform", "chatgpt")).getJsonArray("items")).isEmpty();
    assertThat(bus.request(IngestionBus.SEARCH_MESSAGES, as(user()).put("q", "drain")).getJsonArray("items")).as("another user").isEmpty();
    assertThat(bus.failure(IngestionBus.SEARCH_MESSAGES, as(user).put("q", "  ")).status()).isEqualTo(400);
  }
}
