package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.retrieval.Generations.Generation;
import io.mediawhisperer.retrieval.Indexes.Index;
import io.mediawhisperer.spi.vector.VectorRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-indexing without downtime ({@code POST /api/v1/admin/reindex}): a new generation of the index,
 * for another embedding model, built beside the live one while searches keep reading the live one.
 * The rebuild walks the chunks in id order, {@value #BATCH} at a time, embedding them with the new
 * model (bulk work in a lane of its own, so ingestion and searches keep their turns) and storing
 * the vectors durably before the cursor moves past them; sources added meanwhile land in both
 * indexes ({@link SearchIndex}). At the end a catch-up compares the new index with the chunks (a
 * chunk stored just before the rebuild began, one deleted while its batch was being embedded) and
 * mends the difference; then one transaction makes the new generation live, every node switches
 * to it, and the old index is dropped after a grace period.
 *
 * <p>A rebuild is claimed by one node at a time (the row's runner, with a heartbeat at every
 * batch). A node that stops releases it, and a node that died is taken over once its heartbeat is
 * {@value #TAKEOVER_SECONDS} s old: whoever claims it goes on from the cursor. A cancelled rebuild
 * stops at its next batch and its vectors are dropped.
 */
final class Reindex {

  private static final Logger LOG = LoggerFactory.getLogger(Reindex.class);
  static final int BATCH = 256;
  /** Texts per model request: a batch is four requests, so both runners of a 2-core node take part. */
  static final int EMBED_REQUEST = 64;
  static final int TAKEOVER_SECONDS = 60;
  private static final int DIFF_PAGE = 1000;
  private static final String LANE = "reindex";
  private static final long EMBED_TIMEOUT_MS = 300_000;

  /** The rebuild is no longer this runner's (cancelled, taken over, or the verticle stops): not a failure. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("the rebuild stopped", null, false, false);
    }
  }

  private final Vertx vertx;
  private final Generations generations;
  private final Indexes indexes;
  private final String configuredProvider;
  private final String runner = "retrieval-" + UUID.randomUUID();
  private UUID running;
  private boolean stopping;

  Reindex(Vertx vertx, Generations generations, Indexes indexes, String configuredProvider) {
    this.vertx = vertx;
    this.generations = generations;
    this.indexes = indexes;
    this.configuredProvider = configuredProvider;
  }

  /** {@link RetrievalBus#REINDEX_START}. */
  Future<JsonObject> start(JsonObject body) {
    UUID userId = Payloads.userId(body);
    if (body.containsKey("chunkSize")) {
      // the chunks are ingestion's to remake (IngestionBus.RECHUNK_START); one change at a time keeps each one resumable
      throw Failure.invalidInput("chunkSize: a re-index to another embedding model keeps the chunks; change the chunk size"
          + " in a re-index of its own, before or after this one").asException();
    }
    String target = Optional.ofNullable(Payloads.optionalString(body, "embeddingModel")).orElse(configuredProvider);
    return indexes.live().compose(live -> indexes.info(target).compose(info -> {
      String model = info.getString("model");
      if (model.equals(live.model())) {
        return Future.failedFuture(new Failure(409, RetrievalBus.ALREADY_LIVE, "the search index is built with " + model
            + " (provider " + live.provider() + ") already").asException());
      }
      return generations.startBuilding(target, model, info.getInteger("dimension"), userId, runner)
          .compose(started -> started.isEmpty()
              ? generations.inState(Generations.BUILDING).compose(other -> Future.failedFuture(new Failure(409,
                  RetrievalBus.REINDEX_RUNNING, "a re-index is running already" + other.map(g -> " (job " + g.id() + ", to "
                      + g.provider() + ")").orElse("")).asException()))
              : announce().map(v -> {
                LOG.info("re-index {} to {} ({}) started: {} chunks", started.get().id(), target, model, started.get().total());
                run(started.get());
                return new JsonObject().put("job", started.get().job());
              }));
    }));
  }

  /** {@link RetrievalBus#REINDEX_CANCEL}. */
  Future<JsonObject> cancel(JsonObject body) {
    UUID id = Payloads.requiredUuid(body, "jobId");
    return generations.end(id, Generations.CANCELLED, "cancelled")
        .compose(ended -> ended ? announce().map(new JsonObject())
            : Future.failedFuture(Failure.notFound("no re-index with that id is running").asException()));
  }

  /** {@link RetrievalBus#REINDEX_STATUS}. */
  Future<JsonObject> status(JsonObject body) {
    // opening the live index records its generation on a server that has none yet (the configured model's)
    return indexes.live().otherwiseEmpty().compose(opened -> Future.all(generations.inState(Generations.LIVE), generations.inState(Generations.BUILDING), generations.lastRebuild())
        .map(all -> {
          JsonObject status = new JsonObject().put("configuredProvider", configuredProvider);
          all.<Optional<Generation>>resultAt(0).ifPresent(live -> status
              .put("live", new JsonObject().put("embeddingModel", live.provider()).put("model", live.model()).put("dimension", live.dimension()))
              .put("mismatch", live.provider() != null && !live.provider().equals(configuredProvider)));
          all.<Optional<Generation>>resultAt(1).ifPresent(building -> status.put("building", building.job()));
          all.<Optional<Generation>>resultAt(2).ifPresent(last -> status.put("last", last.job()));
          return status;
        }));
  }

  /** {@link RetrievalBus#REINDEX_JOB}: a rebuild as a Job, for the superuser who started it. */
  Future<JsonObject> job(JsonObject body) {
    UUID userId = Payloads.userId(body);
    UUID id;
    try {
      id = UUID.fromString(Payloads.requiredString(body, "jobId"));
    } catch (IllegalArgumentException e) {
      throw Failure.notFound("no such job").asException();
    }
    return generations.byId(id).map(found -> found.filter(g -> userId.equals(g.startedBy())).map(g -> new JsonObject().put("job", g.job()))
        .orElseThrow(() -> Failure.notFound("no such job").asException()));
  }

  /** Takes over a rebuild nobody runs (at start, and on the verticle's timer). */
  Future<Void> resumeStale() {
    if (running != null || stopping) {
      return Future.succeededFuture();
    }
    return generations.claimStale(runner, TAKEOVER_SECONDS).map(claimed -> {
      claimed.ifPresent(g -> {
        LOG.info("re-index {} to {} resumed after chunk {} ({} of {} done)", g.id(), g.provider(), g.cursor(), g.done(), g.total());
        run(g);
      });
      return null;
    });
  }

  /** The verticle stops: the rebuild ends at its next batch, and its claim is released for the next node that starts. */
  Future<Void> stop() {
    stopping = true;
    UUID id = running;
    return id == null ? Future.succeededFuture()
        : generations.release(id, runner).otherwiseEmpty().mapEmpty();
  }

  private void run(Generation generation) {
    running = generation.id();
    indexes.refresh()
        .compose(v -> indexes.building())
        .compose(open -> open.filter(i -> i.generation().id().equals(generation.id())).map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new IllegalStateException("the index of " + generation.model() + " could not be opened"))))
        // a rebuild from the start: whatever an earlier, abandoned rebuild of this model left goes first
        .compose(index -> generation.cursor() == null ? indexes.clear(index.backend()).map(index) : Future.succeededFuture(index))
        .compose(index -> walk(generation, index, generation.cursor()).map(index))
        .compose(index -> catchUp(generation, index, null))
        .compose(v -> generations.swap(generation.id(), runner))
        .compose(swapped -> {
          if (!swapped) {
            throw new Stopped();
          }
          LOG.info("re-index {} complete: the search index is now {}", generation.id(), generation.model());
          return announce();
        })
        .compose(v -> publishProgress(generation.id()))
        .onFailure(error -> {
          if (error instanceof Stopped) {
            LOG.info("re-index {} stopped here", generation.id());
          } else if (Failure.from(error).status() == 503) {
            // the model or the index is away for now: the rebuild is released and resumed from its cursor
            LOG.warn("re-index {} paused ({}); it resumes from its cursor", generation.id(), Failure.describe(error));
            generations.release(generation.id(), runner);
          } else {
            LOG.error("re-index {} failed", generation.id(), error);
            generations.end(generation.id(), Generations.FAILED, Failure.describe(error))
                .compose(ended -> announce()).compose(v -> publishProgress(generation.id()));
          }
        })
        .onComplete(done -> running = null);
  }

  /** Embeds and stores the chunks after {@code cursor}, batch by batch, moving the cursor past each stored batch. */
  private Future<Void> walk(Generation generation, Index index, UUID cursor) {
    if (stopping) {
      return Future.failedFuture(new Stopped());
    }
    return generations.chunksAfter(cursor, BATCH).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      List<Row> batch = list(rows);
      UUID last = batch.get(batch.size() - 1).getUUID("id");
      return store(generation, index, batch)
          .compose(v -> generations.advance(generation.id(), runner, last, batch.size()))
          .compose(still -> {
            if (!still) {
              throw new Stopped();
            }
            return publishProgress(generation.id());
          })
          .compose(v -> walk(generation, index, last));
    });
  }

  /**
   * Compares the new index with the chunks, a page of ids at a time in their common order (text
   * form), embedding the chunks it lacks and removing vectors whose chunk is gone.
   */
  private Future<Void> catchUp(Generation generation, Index index, String after) {
    if (stopping) {
      return Future.failedFuture(new Stopped());
    }
    UUID from = after == null ? null : UUID.fromString(after);
    return Future.all(generations.chunkIdsAfter(from, DIFF_PAGE), Stages.of(vertx, index.backend().chunkIds(from, DIFF_PAGE)))
        .compose(both -> {
          List<String> stored = new ArrayList<>();
          both.<RowSet<Row>>resultAt(0).forEach(row -> stored.add(row.getUUID("id").toString()));
          List<String> indexed = both.<List<UUID>>resultAt(1).stream().map(UUID::toString).toList();
          boolean storedEnds = stored.size() < DIFF_PAGE;
          boolean indexedEnds = indexed.size() < DIFF_PAGE;
          // compare up to where both pages reach; past the end of one side, everything
          String upTo = storedEnds && indexedEnds ? null
              : storedEnds ? indexed.getLast()
              : indexedEnds ? stored.getLast()
              : min(stored.getLast(), indexed.getLast());
          Set<String> inIndex = new HashSet<>(within(indexed, upTo));
          Set<String> inTable = new HashSet<>(within(stored, upTo));
          List<UUID> missing = inTable.stream().filter(id -> !inIndex.contains(id)).map(UUID::fromString).toList();
          List<UUID> extra = inIndex.stream().filter(id -> !inTable.contains(id)).map(UUID::fromString).toList();
          Future<Void> mended = (missing.isEmpty() ? Future.<Void>succeededFuture()
              : generations.chunks(missing.toArray(UUID[]::new)).compose(rows -> rows.size() == 0 ? Future.succeededFuture()
                  : store(generation, index, list(rows))))
              .compose(v -> extra.isEmpty() ? Future.succeededFuture()
                  : Stages.of(vertx, index.backend().deleteChunks(extra)).mapEmpty());
          if (!missing.isEmpty() || !extra.isEmpty()) {
            LOG.info("re-index {} catch-up: {} chunks added, {} vectors removed", generation.id(), missing.size(), extra.size());
          }
          return upTo == null ? mended : mended.compose(v -> catchUp(generation, index, upTo));
        });
  }

  private static String min(String a, String b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static List<String> within(List<String> ids, String upTo) {
    return upTo == null ? ids : ids.stream().filter(id -> id.compareTo(upTo) <= 0).toList();
  }

  /** The chunks' vectors by the new model, stored durably. */
  private Future<Void> store(Generation generation, Index index, List<Row> chunks) {
    List<Future<List<byte[]>>> parts = new ArrayList<>();
    for (int from = 0; from < chunks.size(); from += EMBED_REQUEST) {
      parts.add(embed(generation, chunks.subList(from, Math.min(chunks.size(), from + EMBED_REQUEST))));
    }
    return Future.all(parts).compose(done -> {
      List<VectorRecord> records = new ArrayList<>(chunks.size());
      int i = 0;
      for (Future<List<byte[]>> part : parts) {
        for (byte[] vector : part.result()) {
          Row row = chunks.get(i++);
          records.add(new VectorRecord(row.getUUID("id"), row.getUUID("user_id"), row.getUUID("source_id"), row.getUUID("collection_id"),
              generation.model(), Vectors.decode(vector), row.getString("text")));
        }
      }
      return Stages.of(vertx, index.backend().upsert(records)).mapEmpty();
    });
  }

  private Future<List<byte[]>> embed(Generation generation, List<Row> chunks) {
    JsonArray texts = new JsonArray(chunks.stream().map(row -> (Object) row.getString("text")).toList());
    return vertx.eventBus().<JsonObject>request(EmbeddingBus.EMBED, new JsonObject().put("texts", texts).put("priority", EmbeddingBus.BULK)
            .put("lane", LANE).put("provider", generation.provider()), new DeliveryOptions().setSendTimeout(EMBED_TIMEOUT_MS))
        .map(reply -> {
          JsonObject body = reply.body();
          if (!generation.model().equals(body.getString("model"))) {
            throw new IllegalStateException("the provider " + generation.provider() + " now makes " + body.getString("model")
                + ", not " + generation.model() + " which this re-index builds");
          }
          JsonArray vectors = body.getJsonArray("vectors");
          List<byte[]> out = new ArrayList<>(vectors.size());
          for (int i = 0; i < vectors.size(); i++) {
            out.add(java.util.Base64.getDecoder().decode(vectors.getString(i)));
          }
          return out;
        });
  }

  /** Every retrieval verticle of the cluster (this one included) reads the generations again. */
  private Future<Void> announce() {
    vertx.eventBus().publish(RetrievalBus.GENERATIONS_CHANGED, new JsonObject());
    return indexes.refresh();
  }

  /** The rebuild's Job, to the sockets of the superuser who started it. */
  private Future<Void> publishProgress(UUID id) {
    return generations.byId(id).map(found -> {
      found.filter(g -> g.startedBy() != null).ifPresent(g -> vertx.eventBus().publish(UserEvents.address(g.startedBy()),
          new JsonObject().put("type", "job").put("job", g.job())));
      return null;
    });
  }

  private static List<Row> list(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return list;
  }
}
