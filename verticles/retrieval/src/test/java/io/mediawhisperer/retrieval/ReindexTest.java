package io.mediawhisperer.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.db.Migrations;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.BusHarness;
import io.mediawhisperer.testsupport.FreshDatabase;
import io.mediawhisperer.testsupport.Schema;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Re-indexing over the bus, the retrieval verticle alone in a database of its own, with a fake
 * embedding role of two models: the configured provider "minilm" makes {@value #OLD}, "e5-small"
 * makes {@value #NEW} (word-hash vectors, reversed, so the two are not interchangeable). The test
 * holds the new model's answers back when it needs the rebuild to be half way.
 */
class ReindexTest {

  private static final int DIMENSION = 16;
  private static final String OLD = "words-old";
  private static final String NEW = "words-new";

  private FreshDatabase database;
  private BusHarness bus;
  private String deployment;
  private final UUID admin = UUID.randomUUID();
  private final UUID alice = UUID.randomUUID();
  private volatile boolean holdNew;
  private final List<Message<JsonObject>> held = new CopyOnWriteArrayList<>();
  /** Texts each model embedded for an index (not queries), and the provider each query's request named. */
  private final Map<String, AtomicInteger> embeddedTexts = new ConcurrentHashMap<>();
  private final List<String> queryProviders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    database = FreshDatabase.onTestServer("mw_reindex_", false, "the re-index tests");
    Migrations.migrate(database.url(), Schema.migrationLocations());
    bus = BusHarness.start(new JsonObject().put("vector-backend", "lucene").put("db-url", database.url()).put("embedding-provider", "minilm"));
    bus.vertx().eventBus().<JsonObject>consumer(EmbeddingBus.EMBED, this::embed);
    bus.vertx().eventBus().<JsonObject>consumer(EmbeddingBus.INFO, message -> {
      String model = model(message.body());
      if (model == null) {
        message.fail(400, "invalid_input: no embedding provider '" + message.body().getString("provider") + "' is installed");
      } else {
        message.reply(new JsonObject().put("provider", message.body().getString("provider", "minilm")).put("model", model)
            .put("dimension", DIMENSION).put("maxTokens", 128));
      }
    });
    deployment = deploy(bus.config());
  }

  @AfterEach
  void stop() throws Exception {
    holdNew = false;
    held.forEach(m -> m.fail(503, "service_unavailable: the test is over"));
    bus.close();
    database.close();
  }

  private String deploy(JsonObject config) {
    return Await.result(bus.vertx().deployVerticle(new RetrievalVerticle(), new DeploymentOptions().setConfig(config)));
  }

  private static String model(JsonObject body) {
    return switch (body.getString("provider", "minilm")) {
      case "minilm" -> OLD;
      case "e5-small" -> NEW;
      default -> null;
    };
  }

  private void embed(Message<JsonObject> message) {
    String model = model(message.body());
    if (model == null) {
      message.fail(400, "invalid_input: no such provider");
      return;
    }
    if (!EmbeddingBus.BULK.equals(message.body().getString("priority"))) {
      queryProviders.add(message.body().getString("provider", "(none)"));
    }
    if (model.equals(NEW) && holdNew) {
      held.add(message);
      return;
    }
    answer(message);
  }

  private void answer(Message<JsonObject> message) {
    String model = model(message.body());
    JsonArray vectors = new JsonArray();
    for (Object text : message.body().getJsonArray("texts")) {
      float[] v = RetrievalVerticleTest.embedWords((String) text);
      if (model.equals(NEW)) {
        for (int i = 0; i < v.length / 2; i++) {
          float t = v[i];
          v[i] = v[v.length - 1 - i];
          v[v.length - 1 - i] = t;
        }
      }
      vectors.add(Vectors.encode(v));
    }
    if (EmbeddingBus.BULK.equals(message.body().getString("priority"))) {
      embeddedTexts.computeIfAbsent(model, m -> new AtomicInteger()).addAndGet(vectors.size());
    }
    message.reply(new JsonObject().put("provider", message.body().getString("provider", "minilm")).put("model", model)
        .put("dimension", DIMENSION).put("vectors", vectors).put("queuedMs", 0).put("runMs", 0));
  }

  /** Answers the held requests of the new model, and stops holding. */
  private void release() {
    holdNew = false;
    List<Message<JsonObject>> now = new ArrayList<>(held);
    held.clear();
    now.forEach(m -> bus.vertx().runOnContext(v -> answer(m)));
  }

  private void index(UUID user, UUID source, String... texts) {
    Await.result(indexAsync(user, source, texts));
  }

  private io.vertx.core.Future<JsonObject> indexAsync(UUID user, UUID source, String... texts) {
    return bus.send(RetrievalBus.INDEX_SOURCE, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
            .put("kind", "text").put("title", "t"))
        .compose(v -> {
          JsonArray chunks = new JsonArray();
          for (int i = 0; i < texts.length; i++) {
            chunks.add(new JsonObject().put("seq", i).put("text", texts[i]).put("tokenCount", 12));
          }
          return bus.send(RetrievalBus.INDEX_CHUNKS, new JsonObject().put("userId", user.toString()).put("sourceId", source.toString())
              .put("chunks", chunks));
        });
  }

  /** {@code n} chunks of distinct text in sources of 100. */
  private void indexMany(int n) {
    for (int from = 0; from < n; from += 100) {
      List<String> texts = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + 100); i++) {
        texts.add("Log entry " + i + " of the lighthouse keeper: the lamp was lit at dusk and the fog horn sounded " + (i % 13) + " times.");
      }
      index(alice, UUID.randomUUID(), texts.toArray(String[]::new));
    }
  }

  private JsonArray search(String query) {
    return bus.request(RetrievalBus.SEARCH, new JsonObject().put("userId", alice.toString()).put("query", query).put("mode", "vector")
        .put("topK", 5)).getJsonArray("results");
  }

  private JsonObject startReindex() {
    return bus.request(RetrievalBus.REINDEX_START, new JsonObject().put("userId", admin.toString()).put("embeddingModel", "e5-small"))
        .getJsonObject("job");
  }

  private JsonObject job(String id) {
    return bus.request(RetrievalBus.REINDEX_JOB, new JsonObject().put("userId", admin.toString()).put("jobId", id)).getJsonObject("job");
  }

  private JsonObject status() {
    return bus.request(RetrievalBus.REINDEX_STATUS, new JsonObject());
  }

  private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private long done(String jobId) {
    return bus.sql("SELECT done FROM index_generations WHERE id = $1", UUID.fromString(jobId)).get(0).getLong(0);
  }

  @Test
  void aRebuildRunsBesideTheLiveIndexTakesWhatIsAddedMeanwhileAndSwaps() throws Exception {
    indexMany(300);
    UUID early = UUID.randomUUID();
    index(alice, early, "The cartographer drew the coastline of the northern islands in red ink.");
    holdNew = true;

    JsonObject job = startReindex();
    assertThat(job.getString("type")).isEqualTo("reindex");
    assertThat(job.getString("status")).isEqualTo("running");
    assertThat(job.getLong("chunksTotal")).isEqualTo(301);
    waitFor("the rebuild's first requests", () -> !held.isEmpty());

    // searches read the live index with the old model while the new one is being built
    assertThat(search("cartographer coastline islands").getJsonObject(0).getString("sourceId")).isEqualTo(early.toString());
    assertThat(queryProviders.getLast()).isEqualTo("minilm");
    JsonObject building = status();
    assertThat(building.getJsonObject("building").getString("id")).isEqualTo(job.getString("id"));
    assertThat(building.getJsonObject("live").getString("model")).isEqualTo(OLD);

    // a source added meanwhile is written to both: its batch waits for the new model too
    UUID during = UUID.randomUUID();
    var added = indexAsync(alice, during, "The beekeeper moved forty hives to the clover meadow before the rain.");
    waitFor("the new source's batch at the new model", () -> held.stream()
        .anyMatch(m -> m.body().getJsonArray("texts").contains("The beekeeper moved forty hives to the clover meadow before the rain.")));
    // and a source deleted meanwhile leaves both
    bus.request(RetrievalBus.DELETE_SOURCE, new JsonObject().put("userId", alice.toString()).put("sourceId", early.toString()));
    release();
    Await.result(added);

    waitFor("the swap", () -> job(job.getString("id")).getString("status").equals("completed"));
    JsonObject finished = job(job.getString("id"));
    assertThat(finished.getInteger("progress")).isEqualTo(100);
    JsonObject after = status();
    assertThat(after.getJsonObject("live").getString("model")).isEqualTo(NEW);
    assertThat(after.getJsonObject("live").getString("embeddingModel")).isEqualTo("e5-small");
    assertThat(after.getBoolean("mismatch")).as("the configured provider is still minilm").isTrue();
    assertThat(after.containsKey("building")).isFalse();

    // the new index answers, with queries embedded by the new model; the deleted source is not in it
    JsonArray hits = search("beekeeper hives clover meadow");
    assertThat(hits.getJsonObject(0).getString("sourceId")).isEqualTo(during.toString());
    assertThat(queryProviders.getLast()).isEqualTo("e5-small");
    assertThat(search("cartographer coastline islands").stream().map(h -> ((JsonObject) h).getString("sourceId")))
        .doesNotContain(early.toString());
    assertThat(bus.sql("SELECT DISTINCT embedding_model FROM chunks")).extracting(row -> row.getString(0)).containsExactly(NEW);
    // every chunk went through the new model (the walk, or the write to both), each the once
    assertThat(embeddedTexts.get(NEW).get()).isBetween(301, 303);
    Path oldIndex = bus.dataDir().resolve("vectors/lucene/" + OLD);
    waitFor("the old index dropped", () -> !Files.exists(oldIndex));
  }

  @Test
  void aRebuildResumesFromItsCursorWhenTheVerticleStartsAgain() throws Exception {
    indexMany(700);
    holdNew = true;
    JsonObject job = startReindex();
    String id = job.getString("id");
    // let the first batch of 256 through (4 requests of 64), and hold the rest
    waitFor("the first batch's requests", () -> held.size() >= 4);
    List<Message<JsonObject>> first = new ArrayList<>(held.subList(0, 4));
    held.removeAll(first);
    first.forEach(m -> bus.vertx().runOnContext(v -> answer(m)));
    waitFor("the first batch stored", () -> done(id) == Reindex.BATCH);
    waitFor("the second batch's requests", () -> held.size() >= 4);

    Await.result(bus.vertx().undeploy(deployment));
    assertThat(bus.sql("SELECT heartbeat_at IS NULL FROM index_generations WHERE id = $1", UUID.fromString(id)).get(0).getBoolean(0))
        .as("a stopping node lets go of its rebuild").isTrue();
    held.forEach(m -> m.fail(503, "service_unavailable: the node stopped"));
    held.clear();
    holdNew = false;

    deployment = deploy(bus.config());
    waitFor("the resumed rebuild's swap", () -> job(id).getString("status").equals("completed"));
    assertThat(done(id)).isEqualTo(700);
    // the first batch was not embedded again: 256 before the stop, 444 after it
    assertThat(embeddedTexts.get(NEW).get()).isEqualTo(700);
    assertThat(status().getJsonObject("live").getString("model")).isEqualTo(NEW);
    assertThat(search("lighthouse keeper fog horn")).hasSize(5);
  }

  @Test
  void aCancelledRebuildStopsAndTheLiveIndexStays() throws Exception {
    indexMany(300);
    holdNew = true;
    JsonObject job = startReindex();
    String id = job.getString("id");
    waitFor("the rebuild's first requests", () -> !held.isEmpty());

    bus.request(RetrievalBus.REINDEX_CANCEL, new JsonObject().put("jobId", id));
    release();

    JsonObject cancelled = job(id);
    assertThat(cancelled.getString("status")).isEqualTo("failed");
    assertThat(cancelled.getString("error")).isEqualTo("cancelled");
    JsonObject status = status();
    assertThat(status.containsKey("building")).isFalse();
    assertThat(status.getJsonObject("live").getString("model")).isEqualTo(OLD);
    assertThat(status.getJsonObject("last").getString("id")).isEqualTo(id);
    assertThat(search("lighthouse keeper fog horn")).hasSize(5);
    assertThat(queryProviders.getLast()).isEqualTo("minilm");
    Path newIndex = bus.dataDir().resolve("vectors/lucene/" + NEW);
    waitFor("the cancelled index dropped", () -> !Files.exists(newIndex));
    assertThat(bus.failure(RetrievalBus.REINDEX_CANCEL, new JsonObject().put("jobId", id)).status()).isEqualTo(404);
    // the next one starts from nothing
    assertThat(startReindex().getString("status")).isEqualTo("running");
  }

  @Test
  void whatARebuildCannotDoIsRefusedAndOnlyItsStarterSeesItsJob() throws Exception {
    index(alice, UUID.randomUUID(), "One chunk, so the live index exists.");
    JsonObject request = new JsonObject().put("userId", admin.toString());
    Failure unknown = bus.failure(RetrievalBus.REINDEX_START, request.copy().put("embeddingModel", "word2vec"));
    assertThat(unknown.status()).isEqualTo(400);
    Failure same = bus.failure(RetrievalBus.REINDEX_START, request.copy().put("embeddingModel", "minilm"));
    assertThat(same.status()).isEqualTo(409);
    assertThat(same.code()).isEqualTo(RetrievalBus.ALREADY_LIVE);
    Failure rechunk = bus.failure(RetrievalBus.REINDEX_START, request.copy().put("embeddingModel", "e5-small").put("chunkSize", 300));
    assertThat(rechunk.status()).isEqualTo(400);
    assertThat(rechunk.message()).contains("chunkSize");

    holdNew = true;
    String id = startReindex().getString("id");
    Failure twice = bus.failure(RetrievalBus.REINDEX_START, request.copy().put("embeddingModel", "e5-small"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.code()).isEqualTo(RetrievalBus.REINDEX_RUNNING);
    assertThat(twice.message()).contains(id);
    assertThat(bus.failure(RetrievalBus.REINDEX_JOB, new JsonObject().put("userId", alice.toString()).put("jobId", id)).status())
        .as("another user's view of the job").isEqualTo(404);
    assertThat(bus.failure(RetrievalBus.REINDEX_JOB, new JsonObject().put("userId", admin.toString()).put("jobId", "nonsense")).status())
        .isEqualTo(404);
  }

  @Test
  void aNodeConfiguredWithAnotherProviderRefusesToStartOrServesTheOldIndexWithItsOwnModel() throws Exception {
    index(alice, UUID.randomUUID(), "The glassblower shaped a blue vase over the furnace.");
    Await.result(bus.vertx().undeploy(deployment));

    JsonObject changed = bus.config().put("embedding-provider", "e5-small");
    var refused = bus.vertx().deployVerticle(new RetrievalVerticle(),
        new DeploymentOptions().setConfig(changed.copy().put("embedding-model-change", "refuse")));
    assertThatThrownBy(() -> Await.result(refused)).cause().hasMessageContaining("built with the embedding provider minilm")
        .hasMessageContaining("configured with e5-small").hasMessageContaining("refusing to start");

    deployment = deploy(changed.copy().put("embedding-model-change", "serve-old"));
    assertThat(search("glassblower blue vase furnace")).isNotEmpty();
    assertThat(queryProviders.getLast()).as("queries embedded by the index's model, not the configured one").isEqualTo("minilm");
    JsonObject status = status();
    assertThat(status.getBoolean("mismatch")).isTrue();
    assertThat(status.getString("configuredProvider")).isEqualTo("e5-small");
    // a re-index without a model goes to the configured one
    JsonObject job = bus.request(RetrievalBus.REINDEX_START, new JsonObject().put("userId", admin.toString())).getJsonObject("job");
    assertThat(job.getString("embeddingModel")).isEqualTo("e5-small");
    waitFor("the swap", () -> job(job.getString("id")).getString("status").equals("completed"));
    assertThat(status().getBoolean("mismatch")).isFalse();
    assertThat(search("glassblower blue vase furnace")).isNotEmpty();
    assertThat(queryProviders.getLast()).isEqualTo("e5-small");
  }
}
