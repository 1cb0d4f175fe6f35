package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingestion's pipeline ({@link IngestPipeline}) with the real PDF parser and the model's
 * tokenizer, and a retrieval that the test answers when it chooses: so the test can hold the
 * "model" still and watch what the pipeline does while it waits.
 */
class IngestPipelineTest {

  private static final int PAGES = 300;
  private static BusHarness bus;
  /** Sources whose index requests are held instead of answered. */
  private static final Set<String> held = ConcurrentHashMap.newKeySet();
  private static final Map<String, Failure> failing = new ConcurrentHashMap<>();
  /** Sources whose first index request is refused with "busy, retry after 1 s". */
  private static final Set<String> busyOnce = ConcurrentHashMap.newKeySet();
  private static final List<Message<JsonObject>> waiting = new CopyOnWriteArrayList<>();
  private static final List<JsonObject> indexRequests = new CopyOnWriteArrayList<>();
  private static BusHarness.Fake shown;
  private static BusHarness.Fake dropped;
  private static final List<JsonObject> syncs = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("ingestion-workers", 2));
    bus.fake(RetrievalBus.INDEX_SOURCE, request -> new JsonObject());
    shown = bus.fake(RetrievalBus.SOURCE_SHOWN, request -> new JsonObject().put("updated", 1));
    dropped = bus.fake(RetrievalBus.DELETE_SOURCE, request -> new JsonObject().put("deleted", 0));
    bus.fake(ChatBus.SUMMARIZE, request -> new JsonObject().put("summary", "A manual."));
    bus.vertx().eventBus().<JsonObject>consumer(RetrievalBus.INDEX_SYNC, message -> {
      String source = message.body().getString("sourceId");
      // a sync ends the load: every batch of the source must have been answered before it
      boolean early = !waiting.stream().filter(m -> source.equals(m.body().getString("sourceId"))).toList().isEmpty();
      syncs.add(message.body().copy().put("early", early));
      message.reply(new JsonObject());
    });
    bus.vertx().eventBus().<JsonObject>consumer(RetrievalBus.INDEX_CHUNKS, message -> {
      String source = message.body().getString("sourceId");
      indexRequests.add(message.body());
      if (busyOnce.remove(source)) {
        new Failure(503, Failure.UNAVAILABLE, "the embedding model has 256 batches waiting").retryAfter(1).replyTo(message);
      } else if (failing.containsKey(source) && indexRequests.stream().filter(r -> source.equals(r.getString("sourceId"))).count() >= 2) {
        failing.get(source).replyTo(message);
      } else if (held.contains(source)) {
        waiting.add(message);
      } else {
        answer(message);
      }
    });
    bus.deploy(new IngestionVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  @Test
  void aLongPdfFlowsThroughInBoundedBatchesWhileTheModelSetsThePace() throws Exception {
    UUID user = user();
    Path pdf = manual(PAGES, "Pipeline Test Manual");
    String[] ids = upload(user, pdf, true);
    String sourceId = ids[0];

    // the "model" holds still: the pipeline keeps a fixed number of batches in flight and stops reading
    await(() -> waitingFor(sourceId) == IngestPipeline.BATCHES_IN_FLIGHT, "batches in flight");
    Thread.sleep(2_000);
    assertThat(waitingFor(sourceId)).as("index requests in flight while the model is busy").isEqualTo(IngestPipeline.BATCHES_IN_FLIGHT);
    assertThat(storedPages(sourceId)).as("pages stored while waiting: those of the batches in flight").isLessThan(PAGES / 2);

    release(sourceId);
    JsonObject source = completed(user, ids);

    List<JsonObject> batches = indexRequests.stream().filter(r -> sourceId.equals(r.getString("sourceId"))).toList();
    List<Integer> seqs = new ArrayList<>();
    int lastPage = 0;
    for (JsonObject batch : batches) {
      JsonArray chunks = batch.getJsonArray("chunks");
      assertThat(chunks.size()).isBetween(1, IngestPipeline.EMBED_BATCH);
      assertThat(batch.getString("lane")).as("the model's queue serves each source in turn").isEqualTo(sourceId);
      assertThat(batch.getBoolean("bulk")).as("a bulk load, synced once at the end").isTrue();
      for (Object c : chunks) {
        JsonObject chunk = (JsonObject) c;
        seqs.add(chunk.getInteger("seq"));
        assertThat(chunk.getInteger("pageStart")).isEqualTo(chunk.getInteger("pageEnd")).isBetween(1, PAGES);
        lastPage = Math.max(lastPage, chunk.getInteger("pageStart"));
      }
    }
    // batches in flight may arrive in any order; together they number the chunks once each, without gaps
    assertThat(seqs.stream().sorted().toList()).as("chunk numbers across batches")
        .isEqualTo(java.util.stream.IntStream.range(0, seqs.size()).boxed().toList());
    assertThat(lastPage).isEqualTo(PAGES);
    assertThat(source.getInteger("chunkCount")).isEqualTo(seqs.size());
    assertThat(source.getInteger("pageCount")).isEqualTo(PAGES);
    assertThat(storedPages(sourceId)).isEqualTo(PAGES);
    assertThat(source.getString("title")).isEqualTo("Pipeline Test Manual");
    assertThat(shown.received().stream().filter(r -> sourceId.equals(r.getString("sourceId"))).findFirst().orElseThrow()
        .getString("title")).as("the parsed title reaches retrieval").isEqualTo("Pipeline Test Manual");
    JsonObject timings = source.getJsonObject("metadata").getJsonObject("timings");
    assertThat(timings.getLong("parseWaitMs")).as("the parse thread waited while the model held still").isGreaterThanOrEqualTo(1_000);
    assertThat(timings.getInteger("embedded")).isEqualTo(seqs.size());
    assertThat(timings.getLong("pipelineMs")).isPositive();
    List<JsonObject> synced = syncs.stream().filter(r -> sourceId.equals(r.getString("sourceId"))).toList();
    assertThat(synced).as("one sync, after the last batch").hasSize(1);
    assertThat(synced.get(0).getBoolean("early")).isFalse();
    assertThat(synced.get(0).getString("userId")).isEqualTo(user.toString());
  }

  @Test
  void aSmallUploadCompletesWhileALongOneWaitsForTheModel() throws Exception {
    UUID user = user();
    String[] big = upload(user, manual(PAGES, "The Long One"), true);
    await(() -> waitingFor(big[0]) == IngestPipeline.BATCHES_IN_FLIGHT, "the long upload's batches in flight");

    String[] small = upload(user, manual(3, "The Short One"), false);
    JsonObject smallSource = completed(user, small);
    assertThat(smallSource.getInteger("pageCount")).isEqualTo(3);
    assertThat(job(user, big[1]).getString("status")).as("the long one is still running").isEqualTo("running");

    release(big[0]);
    assertThat(completed(user, big).getInteger("pageCount")).isEqualTo(PAGES);
  }

  @Test
  void aFailureDownstreamStopsTheParseAndFailsTheJobWithTheReason() throws Exception {
    UUID user = user();
    Path pdf = manual(PAGES, "Doomed");
    String key = stage(pdf);
    // the source id is known only once created: fail every source of this test's user from its second batch
    String[] ids = new String[2];
    JsonObject created = bus.request(IngestionBus.CREATE_FROM_UPLOAD, new JsonObject().put("userId", user.toString()).put("uploadKey", key));
    ids[0] = created.getJsonObject("source").getString("id");
    ids[1] = created.getJsonObject("job").getString("id");
    failing.put(ids[0], new Failure(503, Failure.UNAVAILABLE, "the embedding model is not running"));

    JsonObject job = awaitJob(user, ids[1], "failed");
    assertThat(job.getString("error")).contains("not running");
    long requests = indexRequests.stream().filter(r -> ids[0].equals(r.getString("sourceId"))).count();
    Thread.sleep(500);
    assertThat(indexRequests.stream().filter(r -> ids[0].equals(r.getString("sourceId"))).count())
        .as("no batch is sent after the failure").isEqualTo(requests);
    assertThat(requests).isLessThanOrEqualTo(1 + IngestPipeline.BATCHES_IN_FLIGHT);
    assertThat(dropped.received()).as("what was indexed of the failed source is dropped")
        .anySatisfy(r -> assertThat(r.getString("sourceId")).isEqualTo(ids[0]));
  }

  @Test
  void aBatchTheModelHasNoRoomForIsSentAgainAfterTheWaitItIsTold() throws Exception {
    UUID user = user();
    Path pdf = manual(3, "Busy Model");
    String key = stage(pdf);
    JsonObject created = bus.request(IngestionBus.CREATE_FROM_UPLOAD, new JsonObject().put("userId", user.toString()).put("uploadKey", key));
    String sourceId = created.getJsonObject("source").getString("id");
    busyOnce.add(sourceId);
    JsonObject source = completed(user, new String[] {sourceId, created.getJsonObject("job").getString("id")});
    List<JsonObject> sent = indexRequests.stream().filter(r -> sourceId.equals(r.getString("sourceId"))).toList();
    assertThat(sent).as("the refused batch, and the same batch again").hasSizeGreaterThanOrEqualTo(2);
    assertThat(sent.get(1).getJsonArray("chunks")).isEqualTo(sent.get(0).getJsonArray("chunks"));
    assertThat(source.getInteger("chunkCount")).isPositive();
  }

  @Test
  void ingestionWorkersComeFromTheCoresUnlessSetAsANumberOrText() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(IngestionVerticle.ingestionWorkers(new JsonObject())).isEqualTo(Math.max(2, cores));
    assertThat(IngestionVerticle.ingestionWorkers(new JsonObject().putNull("ingestion-workers"))).isEqualTo(Math.max(2, cores));
    assertThat(IngestionVerticle.ingestionWorkers(new JsonObject().put("ingestion-workers", 4))).isEqualTo(4);
    // a flag or an environment variable: the key has no default to take its type from
    assertThat(IngestionVerticle.ingestionWorkers(new JsonObject().put("ingestion-workers", "3"))).isEqualTo(3);
    assertThat(IngestionVerticle.ingestionWorkers(new JsonObject().put("ingestion-workers", 0))).as("a node that claims no jobs").isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestionVerticle.ingestionWorkers(new JsonObject().put("ingestion-workers", "many")))
        .hasMessageContaining("whole number");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestionVerticle.ingestionWorkers(new JsonObject().put("ingestion-workers", -1)))
        .hasMessageContaining("0 or more");
  }

  // --- helpers ---

  private static void answer(Message<JsonObject> message) {
    int n = message.body().getJsonArray("chunks").size();
    message.reply(new JsonObject().put("indexed", n).put("model", "fake").put("dimension", 3).put("embedMs", 1).put("indexMs", 1)
        .put("embedded", n).put("reused", 0));
  }

  private static long waitingFor(String sourceId) {
    return waiting.stream().filter(m -> sourceId.equals(m.body().getString("sourceId"))).count();
  }

  private static void release(String sourceId) {
    held.remove(sourceId);
    // answered on the event loop, as a consumer would
    bus.vertx().runOnContext(v -> waiting.removeIf(m -> {
      if (sourceId.equals(m.body().getString("sourceId"))) {
        answer(m);
        return true;
      }
      return false;
    }));
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "pipeline-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  /** Uploads a file through the blob store's upload area; returns {sourceId, jobId}. */
  private static String[] upload(UUID user, Path file, boolean hold) throws IOException {
    String key = stage(file);
    // held before the job can send its first batch: the request creating it returns before any is sent
    JsonObject created;
    synchronized (held) {
      created = bus.request(IngestionBus.CREATE_FROM_UPLOAD, new JsonObject().put("userId", user.toString()).put("uploadKey", key));
      if (hold) {
        held.add(created.getJsonObject("source").getString("id"));
      }
    }
    return new String[] {created.getJsonObject("source").getString("id"), created.getJsonObject("job").getString("id")};
  }

  private static String stage(Path file) throws IOException {
    String key = "uploads/" + UUID.randomUUID();
    Path staged = bus.dataDir().resolve("blobs").resolve("objects").resolve(key);
    Files.createDirectories(staged.getParent());
    Files.copy(file, staged);
    return key;
  }

  private static JsonObject completed(UUID user, String[] ids) throws InterruptedException {
    awaitJob(user, ids[1], "completed");
    return bus.request(IngestionBus.GET, new JsonObject().put("userId", user.toString()).put("sourceId", ids[0])).getJsonObject("source");
  }

  private static JsonObject job(UUID user, String jobId) {
    return bus.request(IngestionBus.JOB, new JsonObject().put("userId", user.toString()).put("jobId", jobId)).getJsonObject("job");
  }

  private static JsonObject awaitJob(UUID user, String jobId, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = job(user, jobId);
      if (status.equals(job.getString("status"))) {
        return job;
      }
      assertThat(job.getString("status")).as(job.encode()).isIn("queued", "running");
      Thread.sleep(50);
    }
    throw new AssertionError("job " + jobId + " did not end " + status);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static long storedPages(String sourceId) {
    return bus.sql("SELECT count(*) FROM source_pages WHERE source_id = $1", UUID.fromString(sourceId)).get(0).getLong(0);
  }

  /** A PDF of {@code pages} pages, each a paragraph of sentences that no other page repeats. */
  private static Path manual(int pages, String title) throws IOException {
    Path file = Files.createTempFile("pipeline-", ".pdf");
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = new PDDocumentInformation();
      info.setTitle(title);
      document.setDocumentInformation(info);
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 1; p <= pages; p++) {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream text = new PDPageContentStream(document, page)) {
          text.beginText();
          text.setFont(font, 10);
          text.setLeading(12);
          text.newLineAtOffset(50, 740);
          for (int line = 0; line < 12; line++) {
            text.showText("Section " + p + " line " + line + " explains how the interpreter evaluates expression " + (p * 100 + line) + ".");
            text.newLine();
          }
          text.endText();
        }
      }
      document.save(file.toFile());
    }
    return file;
  }
}
