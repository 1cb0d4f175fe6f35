package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingestion verticle alone, driven through {@link IngestionBus}, with the real parsers, the
 * model's tokenizer and the local blob store; retrieval and chat are fakes that record what
 * ingestion asked of them. Its sweeps: {@link IngestionSweepsTest}.
 */
class IngestionVerticleTest {

  private static final String TEXT = "Trace trees record the hot loops of a program. "
      + "A tracing compiler then emits machine code for each recorded path, with guards for the cases it did not see.";

  private static BusHarness bus;
  private static BusHarness.Fake indexSource;
  private static BusHarness.Fake indexChunks;
  private static BusHarness.Fake embed;
  private static BusHarness.Fake summarize;
  private static final AtomicReference<Failure> retrievalDown = new AtomicReference<>();

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject());
    indexSource = bus.fake(RetrievalBus.INDEX_SOURCE, request -> new JsonObject());
    bus.fake(RetrievalBus.INDEX_SYNC, request -> new JsonObject());
    bus.fake(RetrievalBus.SOURCE_SHOWN, request -> new JsonObject().put("updated", 1));
    indexChunks = bus.fake(RetrievalBus.INDEX_CHUNKS, request -> new JsonObject()
        .put("indexed", request.getJsonArray("chunks").size()).put("model", "fake").put("dimension", 3).put("embedMs", 7).put("indexMs", 2));
    bus.fake(RetrievalBus.DELETE_SOURCE, request -> retrievalDown.get() != null ? retrievalDown.get() : new JsonObject().put("deleted", 1));
    bus.fake(RetrievalBus.COLLECTION_REMOVED, request -> new JsonObject().put("updated", 0));
    summarize = bus.fake(ChatBus.SUMMARIZE, request -> new JsonObject().put("summary", "About trace trees."));
    // ingestion never embeds: retrieval has its chunks embedded, so the vectors do not pass through here
    embed = bus.fake(EmbeddingBus.EMBED, request -> new Failure(500, "unexpected", "ingestion must not embed"));
    bus.deploy(new IngestionVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "ingestion-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  private static JsonObject ingestedText(UUID user, String title) {
    JsonObject created = bus.request(IngestionBus.CREATE_FROM_JSON, new JsonObject().put("userId", user.toString())
        .put("kind", "text").put("title", title).put("text", TEXT + " " + UUID.randomUUID()));
    String jobId = created.getJsonObject("job").getString("id");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = bus.request(IngestionBus.JOB, new JsonObject().put("userId", user.toString()).put("jobId", jobId)).getJsonObject("job");
      assertThat(job.getString("status")).as(job.encode()).isNotEqualTo("failed");
      if ("completed".equals(job.getString("status"))) {
        return bus.request(IngestionBus.GET, new JsonObject().put("userId", user.toString())
            .put("sourceId", created.getJsonObject("source").getString("id"))).getJsonObject("source");
      }
      sleep(50);
    }
    throw new AssertionError("job " + jobId + " did not complete");
  }

  @Test
  void aSourceIsIndexedByRetrievalWhichIsToldWhatAHitShowsAndGetsTheChunksTexts() {
    UUID user = user();
    JsonObject source = ingestedText(user, "Tracing JITs");
    String sourceId = source.getString("id");

    assertThat(source.getString("status")).isEqualTo("completed");
    assertThat(source.getString("summary")).isEqualTo("About trace trees.");
    JsonObject started = indexSource.received().stream().filter(r -> sourceId.equals(r.getString("sourceId"))).findFirst().orElseThrow();
    assertThat(started.getString("userId")).isEqualTo(user.toString());
    assertThat(started.getString("kind")).isEqualTo("text");
    assertThat(started.getString("title")).isEqualTo("Tracing JITs");
    List<JsonObject> batches = indexChunks.received().stream().filter(r -> sourceId.equals(r.getString("sourceId"))).toList();
    assertThat(batches).isNotEmpty();
    JsonObject first = batches.get(0).getJsonArray("chunks").getJsonObject(0);
    assertThat(first.getInteger("seq")).isZero();
    assertThat(first.getString("text")).startsWith("Trace trees record the hot loops");
    assertThat(first.getInteger("tokenCount")).isPositive();
    assertThat(source.getInteger("chunkCount")).isEqualTo(batches.stream().mapToInt(b -> b.getJsonArray("chunks").size()).sum());
    assertThat(embed.received()).as("ingestion asked for no embedding").isEmpty();
    // the stage times retrieval measured are the source's
    assertThat(source.getJsonObject("metadata").getJsonObject("timings").getLong("embedMs")).isGreaterThanOrEqualTo(7);
  }

  @Test
  void aScopeIsCheckedAgainstTheUsersOwnSourcesAndCollections() {
    UUID alice = user();
    UUID bob = user();
    String aliceSource = ingestedText(alice, "Alice's").getString("id");
    String bobSource = ingestedText(bob, "Bob's").getString("id");
    String bobCollection = bus.request(IngestionBus.COLLECTION_CREATE, new JsonObject().put("userId", bob.toString())
        .put("name", "Bob's talks").put("kind", "folder")).getJsonObject("collection").getString("id");

    assertThat(bus.request(IngestionBus.CHECK_SCOPE, scope(alice).put("sourceIds", new JsonArray().add(aliceSource)))).isEmpty();
    Failure other = bus.failure(IngestionBus.CHECK_SCOPE, scope(alice).put("sourceIds", new JsonArray().add(aliceSource).add(bobSource)));
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.message()).isEqualTo("source not found");
    Failure collection = bus.failure(IngestionBus.CHECK_SCOPE, scope(alice).put("collectionId", bobCollection));
    assertThat(collection.status()).isEqualTo(404);
    assertThat(collection.message()).isEqualTo("collection not found");
    assertThat(bus.failure(IngestionBus.CHECK_SCOPE, scope(alice).put("sourceIds", new JsonArray().add("not-an-id"))).status()).isEqualTo(404);

    String gone = UUID.randomUUID().toString();
    assertThat(bus.request(IngestionBus.EXISTING_SOURCES, new JsonObject().put("sourceIds", new JsonArray().add(aliceSource).add(gone).add(bobSource)))
        .getJsonArray("existing")).containsExactlyInAnyOrder(aliceSource, bobSource);
    assertThat(bus.failure(IngestionBus.EXISTING_SOURCES, new JsonObject().put("sourceIds", "x")).status()).isEqualTo(400);
  }

  private static JsonObject scope(UUID user) {
    return new JsonObject().put("userId", user.toString());
  }

  @Test
  void aSourceIsDeletedOnlyOnceRetrievalHasDroppedItsIndex() {
    UUID user = user();
    String sourceId = ingestedText(user, "Doomed").getString("id");
    JsonObject delete = new JsonObject().put("userId", user.toString()).put("sourceId", sourceId);

    retrievalDown.set(new Failure(503, Failure.UNAVAILABLE, "the vector backend is down"));
    try {
      assertThat(bus.failure(IngestionBus.DELETE, delete).status()).isEqualTo(503);
    } finally {
      retrievalDown.set(null);
    }
    assertThat(bus.request(IngestionBus.GET, delete).getJsonObject("source").getString("id")).as("still there").isEqualTo(sourceId);

    bus.request(IngestionBus.DELETE, delete);
    assertThat(bus.failure(IngestionBus.GET, delete).status()).isEqualTo(404);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The summary is written from the whole text, made fit to write from: a document's paragraphs with their pages. */
  @Test
  void aDocumentsSummaryIsAskedForFromItsCleanedParagraphs() {
    UUID user = user();
    JsonObject source = ingestedText(user, "Paragraphs");
    JsonObject asked = summarize.last(); // this test's job completed last
    assertThat(asked.getString("kind")).isEqualTo("document");
    JsonArray passages = asked.getJsonArray("passages");
    assertThat(passages.getJsonObject(0).getString("text")).startsWith("Trace trees record the hot loops");
    assertThat(passages.getJsonObject(0).getString("locator")).isEqualTo("p. 1");
    assertThat(asked.getInteger("maxWords")).isBetween(SummaryInput.MIN_WORDS, SummaryInput.MAX_WORDS);
    assertThat(source.getString("summary")).isEqualTo("About trace trees.");
  }

  /** A transcript's topic chapters are kept with it, and its overview is asked for along them. */
  @Test
  void aTranscriptKeepsItsChaptersAndItsOverviewFollowsThem() throws Exception {
    UUID user = user();
    var parsed = new io.mediawhisperer.plugin.parser.transcript.WebVttParser().parse(
        io.mediawhisperer.testsupport.Corpus.file("transcripts/podcast-no-blank-lines.vtt"),
        io.mediawhisperer.spi.parser.ParseLimits.defaults());
    JsonArray segments = new JsonArray();
    parsed.segments().forEach(s -> segments.add(new JsonObject().put("start", s.start()).put("duration", s.end() - s.start())
        .put("text", s.text())));
    JsonObject created = bus.request(IngestionBus.CREATE_FROM_JSON, new JsonObject().put("userId", user.toString())
        .put("kind", "transcript").put("videoId", "dQw4w9WgXcQ").put("title", "The end of programming").put("segments", segments));
    String jobId = created.getJsonObject("job").getString("id");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!"completed".equals(bus.request(IngestionBus.JOB, new JsonObject().put("userId", user.toString()).put("jobId", jobId))
        .getJsonObject("job").getString("status"))) {
      assertThat(System.nanoTime()).as("the transcript is ingested within a minute").isLessThan(deadline);
      sleep(50);
    }
    JsonObject source = bus.request(IngestionBus.GET, new JsonObject().put("userId", user.toString())
        .put("sourceId", created.getJsonObject("source").getString("id"))).getJsonObject("source");
    JsonArray chapters = source.getJsonObject("metadata").getJsonArray("chapters");
    assertThat(chapters.size()).isGreaterThanOrEqualTo(2);
    double previous = -1;
    for (int i = 0; i < chapters.size(); i++) {
      JsonObject chapter = chapters.getJsonObject(i);
      assertThat(chapter.getDouble("start")).isGreaterThan(previous).isLessThan(chapter.getDouble("end"));
      assertThat(chapter.getString("title")).isNotBlank();
      previous = chapter.getDouble("start");
    }
    JsonObject asked = summarize.received().stream().filter(r -> "The end of programming".equals(r.getString("title")))
        .findFirst().orElseThrow();
    assertThat(asked.getString("kind")).isEqualTo("transcript");
    assertThat(asked.getJsonArray("sections").size()).isEqualTo(chapters.size());
    assertThat(asked.getJsonArray("passages").getJsonObject(0).getString("locator")).isEqualTo("0:00");
  }
}
