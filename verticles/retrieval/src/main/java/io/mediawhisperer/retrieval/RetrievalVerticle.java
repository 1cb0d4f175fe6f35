package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.mediawhisperer.spi.vector.TextQuery;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import io.mediawhisperer.spi.vector.VectorHit;
import io.mediawhisperer.spi.vector.VectorQuery;
import io.mediawhisperer.spi.vector.VectorRecord;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the search index: the chunks, a copy of what a hit shows of each source, and the vector
 * indexes of this node ({@link Indexes}: the live one, opened on first use with the model the
 * embedding verticle reports, so roles can start in any order across a cluster, and until an
 * embedding node answers, requests fail with 503; and the one a re-index builds, {@link Reindex}).
 * A search reads only these. Contract: {@link RetrievalBus}.
 *
 * <p>At start it compares the embedding provider that built the live index with the configured
 * one: when they differ it refuses to start ({@code embedding-model-change = refuse}) or serves
 * the old index with the old model until a re-index is run ({@code serve-old}, the default), so
 * vectors of two models are never compared.
 */
public final class RetrievalVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RetrievalVerticle.class);

  /** How long an index that was live stays open after a swap, for the searches that read it already. */
  static final long RETIRE_DELAY_MS = 10_000;
  /** How often every node reads the generations again (a change it missed) and looks for a re-index nobody runs. */
  static final long GENERATIONS_CHECK_MS = 15_000;

  private JsonObject config;
  private Indexes indexes;
  private Reindex reindex;
  private long generationsTimer = -1;
  private Pool pool;
  private RuntimeSettings settings;
  private SearchIndex index;
  private OrphanSweep sweep;
  private EmbeddingCacheSweep cacheSweep;
  private QueryEmbeddings queryEmbeddings;
  /** How many recent queries keep their embedding (a vector of 384 floats is 1.5 KB: 1,000 of them 1.5 MB). */
  static final int QUERY_EMBEDDINGS_KEPT = 1_000;

  @Override
  public Future<?> start() {
    config = config();
    long cacheEntries = config.getLong(ConfigKeys.EMBEDDING_CACHE_MAX_ENTRIES.name(), 250_000L);
    long cacheHours = config.getLong(ConfigKeys.EMBEDDING_CACHE_MAX_AGE_HOURS.name(), 720L);
    if (cacheEntries < 0 || cacheHours < 0 || cacheHours > Integer.MAX_VALUE) {
      return Future.failedFuture(new IllegalArgumentException(ConfigKeys.EMBEDDING_CACHE_MAX_ENTRIES.name() + " and "
          + ConfigKeys.EMBEDDING_CACHE_MAX_AGE_HOURS.name() + " must be 0 or more"));
    }
    String name = config.getString(ConfigKeys.VECTOR_BACKEND.name(), "lucene");
    String configuredProvider = config.getString(ConfigKeys.EMBEDDING_PROVIDER.name(), "minilm");
    String onModelChange = config.getString(ConfigKeys.EMBEDDING_MODEL_CHANGE.name(), "serve-old");
    if (!onModelChange.equals("serve-old") && !onModelChange.equals("refuse")) {
      return Future.failedFuture(new IllegalArgumentException(ConfigKeys.EMBEDDING_MODEL_CHANGE.name()
          + " must be serve-old or refuse, not '" + onModelChange + "'"));
    }
    VectorBackendProvider provider = Plugins.load(vertx, VectorBackendProvider.class).get(name);
    Path directory = Path.of(config.getString(ConfigKeys.DATA_DIR.name())).resolve("vectors").resolve(name);
    String databaseUrl = config.getString(ConfigKeys.DB_URL.name());
    pool = Database.pool(vertx, "retrieval", databaseUrl, 4);
    settings = RuntimeSettings.start(vertx, config);
    EmbeddingCache cache = new EmbeddingCache(pool, cacheEntries > 0);
    Generations generations = new Generations(pool);
    indexes = new Indexes(vertx, generations, provider, directory, databaseUrl, Plugins.settings(config, "vector"), configuredProvider,
        RETIRE_DELAY_MS);
    reindex = new Reindex(vertx, generations, indexes, configuredProvider);
    index = new SearchIndex(vertx, pool, indexes, cache);
    sweep = new OrphanSweep(vertx, pool, () -> indexes.live().map(Indexes.Index::backend));
    cacheSweep = new EmbeddingCacheSweep(pool, cacheEntries, (int) cacheHours);
    queryEmbeddings = new QueryEmbeddings(vertx, QUERY_EMBEDDINGS_KEPT);
    return settings.ready()
        .compose(loaded -> checkModel(generations, configuredProvider, onModelChange))
        .compose(checked -> Future.all(List.of(
        consume(RetrievalBus.SEARCH, this::searchHits),
        consume(RetrievalBus.INDEX_SOURCE, m -> index.startSource(m.body())),
        consume(RetrievalBus.INDEX_CHUNKS, m -> index.addChunks(m.body())),
        consume(RetrievalBus.INDEX_SYNC, m -> index.syncSource(m.body())),
        consume(RetrievalBus.PURGE_USER, m -> index.purgeUser(m.body())),
        consume(RetrievalBus.SOURCE_SHOWN, m -> index.sourceShown(m.body())),
        consume(RetrievalBus.DELETE_SOURCE, m -> index.deleteSource(m.body())),
        consume(RetrievalBus.OPENINGS, m -> index.openings(m.body())),
        consume(RetrievalBus.COLLECTION_REMOVED, m -> index.collectionRemoved(m.body())),
        consume(RetrievalBus.SOURCE_TAGS, m -> index.sourceTags(m.body())),
        consume(RetrievalBus.TAG_REMOVED, m -> index.tagRemoved(m.body())),
        consume(RetrievalBus.SWEEP_ORPHANS, m -> sweep.run()),
        consume(RetrievalBus.SWEEP_EMBEDDING_CACHE, m -> cacheSweep.run()),
        consume(RetrievalBus.UPSERT, this::upsert),
        consume(RetrievalBus.VECTOR_SEARCH, this::search),
        consume(RetrievalBus.CHUNK_IDS, this::chunkIds),
        consume(RetrievalBus.HEALTH, this::health),
        consume(RetrievalBus.REINDEX_START, m -> reindex.start(m.body())),
        consume(RetrievalBus.REINDEX_CANCEL, m -> reindex.cancel(m.body())),
        consume(RetrievalBus.REINDEX_STATUS, m -> reindex.status(m.body())),
        consume(RetrievalBus.REINDEX_JOB, m -> reindex.job(m.body())),
        vertx.eventBus().<JsonObject>consumer(RetrievalBus.GENERATIONS_CHANGED, m -> indexes.refresh()
            .onFailure(error -> LOG.warn("could not follow the index generations: {}", error.getMessage()))).completion())))
        .onSuccess(started -> {
          generationsTimer = vertx.setPeriodic(GENERATIONS_CHECK_MS, t -> indexes.refresh().compose(v -> reindex.resumeStale())
              .onFailure(error -> LOG.warn("could not check the index generations: {}", error.getMessage())));
          reindex.resumeStale().onFailure(error -> LOG.warn("could not look for a re-index to resume: {}", error.getMessage()));
        });
  }

  /**
   * The provider that built the live index against the configured one, at start: a node never
   * compares a query embedded by one model with vectors of another. With {@code refuse} a difference
   * stops the node; with {@code serve-old} the old index is served with its own model (the
   * embedding verticle opens it) until a re-index to the configured one swaps.
   */
  private Future<Void> checkModel(Generations generations, String configuredProvider, String onModelChange) {
    return generations.inState(Generations.LIVE).compose(found -> {
      if (found.isEmpty() || found.get().provider() == null || found.get().provider().equals(configuredProvider)) {
        return Future.succeededFuture();
      }
      String built = found.get().provider();
      String message = "the search index was built with the embedding provider " + built + " (model " + found.get().model()
          + ") but this node is configured with " + configuredProvider;
      if (onModelChange.equals("refuse")) {
        return Future.failedFuture(new IllegalStateException(message + ": refusing to start (embedding-model-change = refuse)."
            + " Start with embedding-provider = " + built + " and run POST /api/v1/admin/reindex {\"embeddingModel\": \""
            + configuredProvider + "\"}, or set embedding-model-change = serve-old"));
      }
      LOG.warn("{}: serving the index with {} until POST /api/v1/admin/reindex swaps in {} (embedding-model-change = serve-old)",
          message, built, configuredProvider);
      return Future.succeededFuture();
    });
  }

  private Future<Void> consume(String address, java.util.function.Function<Message<JsonObject>, Future<JsonObject>> handler) {
    return vertx.eventBus().<JsonObject>consumer(address, Replies.handler(handler::apply)).completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(generationsTimer);
    return reindex.stop().compose(v -> indexes.closeAll()).compose(v -> pool.close());
  }

  // --- search ---

  private Future<JsonObject> searchHits(Message<JsonObject> message) {
    long started = System.nanoTime();
    SearchRequest request = SearchRequest.from(message.body());
    return topK(request)
        .compose(k -> scope(request).compose(scope -> scope != null && scope.isEmpty()
            ? Future.succeededFuture(List.<Fusion.Ranked>of())
            : ranking(request, scope, k)
                .map(ranked -> ranked.subList(0, Math.min(k, ranked.size())))))
        .compose(ranked -> hydrate(request.userId(), ranked))
        .map(results -> new JsonObject()
            .put("results", results)
            .put("mode", request.mode())
            .put("tookMs", (System.nanoTime() - started) / 1_000_000));
  }

  private Future<Integer> topK(SearchRequest request) {
    if (request.topK() != null) {
      return Future.succeededFuture(request.topK());
    }
    return Future.succeededFuture(settings.get(RuntimeSetting.RAG_TOP_K));
  }

  /** The source ids the filters allow, or null when the request has no filter. */
  private Future<List<UUID>> scope(SearchRequest request) {
    if (!request.filtered()) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(RetrievalSql.SCOPED_SOURCES)
        .execute(Tuple.of(request.userId(),
            request.sourceIds() == null ? null : request.sourceIds().toArray(UUID[]::new),
            request.collectionId(),
            request.kinds() == null ? null : request.kinds().toArray(String[]::new),
            request.tags() == null ? null : request.tags().toArray(String[]::new)))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getUUID("id")));
          return ids;
        });
  }

  /**
   * Vector, text, or both fused. For fusion each list contributes more candidates than asked
   * for (at least 50), so a passage ranked moderately by both can still rise to the top.
   */
  private Future<List<Fusion.Ranked>> ranking(SearchRequest request, List<UUID> scope, int k) {
    int candidates = request.mode().equals("hybrid") ? Math.max(50, 2 * k) : k;
    return switch (request.mode()) {
      case "vector" -> vectorRanking(request, scope, candidates);
      case "text" -> textRanking(request, scope, candidates);
      default -> Future.all(vectorRanking(request, scope, candidates), textRanking(request, scope, candidates))
          .map(both -> Fusion.agreementWeighted(
              both.<List<Fusion.Ranked>>resultAt(0).stream().map(Fusion.Ranked::id).toList(),
              both.<List<Fusion.Ranked>>resultAt(1).stream().map(Fusion.Ranked::id).toList()));
    };
  }

  /** The query embedded by the model of the index it then reads: one index, taken once, even across a swap. */
  private Future<List<Fusion.Ranked>> vectorRanking(SearchRequest request, List<UUID> scope, int n) {
    return indexes.live().compose(live -> queryEmbeddings.of(live.provider(), request.query())
            .compose(embedded -> fromStage(live.backend().search(new VectorQuery(request.userId(), embedded.model(),
                embedded.vector(), n, scope == null ? Set.of() : new HashSet<>(scope), null)))))
        .map(RetrievalVerticle::ranked);
  }

  /**
   * BM25 in the vector backend when it holds the text of every chunk (Lucene); otherwise
   * PostgreSQL's full text (pgvector, an index written before the backend kept text, or a backend
   * that cannot be opened yet because no embedding node has answered: text search needs no model).
   */
  private Future<List<Fusion.Ranked>> textRanking(SearchRequest request, List<UUID> scope, int n) {
    return indexes.live().otherwiseEmpty().compose(live -> live != null && live.backend().ranksText()
        ? fromStage(live.backend().textSearch(new TextQuery(request.userId(), live.model(), request.query(), n,
            scope == null ? Set.of() : new HashSet<>(scope), null))).map(RetrievalVerticle::ranked)
        : databaseTextRanking(request, scope, n));
  }

  private static List<Fusion.Ranked> ranked(List<VectorHit> hits) {
    return hits.stream().map(h -> new Fusion.Ranked(h.chunkId(), h.score())).toList();
  }

  private Future<List<Fusion.Ranked>> databaseTextRanking(SearchRequest request, List<UUID> scope, int n) {
    return pool.preparedQuery(RetrievalSql.TEXT_SEARCH)
        .execute(Tuple.of(request.userId(), request.query(), scope == null ? null : scope.toArray(UUID[]::new), n))
        .map(rows -> {
          List<Fusion.Ranked> ranked = new ArrayList<>();
          rows.forEach(row -> ranked.add(new Fusion.Ranked(row.getUUID("id"), row.getFloat("rank"))));
          return ranked;
        });
  }

  /** The hits' text and provenance, in ranking order; chunks deleted meanwhile drop out. */
  private Future<JsonArray> hydrate(UUID userId, List<Fusion.Ranked> ranked) {
    if (ranked.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    return pool.preparedQuery(RetrievalSql.HITS)
        .execute(Tuple.of(ranked.stream().map(Fusion.Ranked::id).toArray(UUID[]::new), userId))
        .map(rows -> {
          Map<UUID, Row> byId = new HashMap<>();
          rows.forEach(row -> byId.put(row.getUUID("id"), row));
          JsonArray hits = new JsonArray();
          for (Fusion.Ranked r : ranked) {
            Row row = byId.get(r.id());
            if (row != null) {
              hits.add(Hits.of(row, r.score()));
            }
          }
          return hits;
        });
  }

  /** The backend's own check; whatever fails (opening it included) is a 503 that says why, for superusers. */
  private Future<JsonObject> health(Message<JsonObject> message) {
    return indexes.live().compose(live -> fromStage(live.backend().check()))
        .map(v -> new JsonObject().put("backend", indexes.backendName()))
        .recover(error -> Future.failedFuture(new Failure(503, Failure.UNAVAILABLE,
            "the vector backend " + indexes.backendName() + " is down: " + Failure.describe(error)).asException()));
  }

  private Future<JsonObject> upsert(Message<JsonObject> message) {
    Object raw = message.body().getValue("records");
    if (!(raw instanceof JsonArray array)) {
      throw Failure.invalidInput("records must be an array").asException();
    }
    List<VectorRecord> records = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject r = array.getJsonObject(i);
      records.add(new VectorRecord(Payloads.requiredUuid(r, "chunkId"), Payloads.requiredUuid(r, "userId"),
          Payloads.requiredUuid(r, "sourceId"), Payloads.optionalUuid(r, "collectionId"),
          Payloads.requiredString(r, "model"), Vectors.decode(Payloads.requiredString(r, "vector")), Payloads.optionalString(r, "text")));
    }
    return indexes.live().compose(live -> fromStage(live.backend().upsert(records))).map(v -> new JsonObject().put("upserted", records.size()));
  }

  private Future<JsonObject> chunkIds(Message<JsonObject> message) {
    UUID after = Payloads.optionalUuid(message.body(), "after");
    Object limit = message.body().getValue("limit", RetrievalBus.MAX_CHUNK_IDS);
    if (!(limit instanceof Integer n) || n < 1 || n > RetrievalBus.MAX_CHUNK_IDS) {
      throw Failure.invalidInput("limit must be a whole number from 1 to " + RetrievalBus.MAX_CHUNK_IDS).asException();
    }
    return indexes.live().compose(live -> fromStage(live.backend().chunkIds(after, n)))
        .map(ids -> new JsonObject().put("chunkIds", new JsonArray(ids.stream().map(UUID::toString).toList())));
  }

  private Future<JsonObject> search(Message<JsonObject> message) {
    JsonObject body = message.body();
    Set<UUID> sourceIds = new HashSet<>();
    JsonArray ids = body.getJsonArray("sourceIds");
    if (ids != null) {
      ids.forEach(id -> sourceIds.add(UUID.fromString((String) id)));
    }
    VectorQuery query = new VectorQuery(Payloads.requiredUuid(body, "userId"), Payloads.requiredString(body, "model"),
        Vectors.decode(Payloads.requiredString(body, "vector")), body.getInteger("k", 10), sourceIds, Payloads.optionalUuid(body, "collectionId"));
    return indexes.live().compose(live -> fromStage(live.backend().search(query))).map(hits -> {
      JsonArray out = new JsonArray();
      for (VectorHit hit : hits) {
        out.add(new JsonObject().put("chunkId", hit.chunkId().toString()).put("sourceId", hit.sourceId().toString())
            .put("score", hit.score()));
      }
      return new JsonObject().put("hits", out);
    });
  }

  private <T> Future<T> fromStage(CompletionStage<T> stage) {
    return Stages.of(vertx, stage);
  }
}
