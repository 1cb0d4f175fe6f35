package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.EmbeddingBus;
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
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
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
 * backend of this node (opened on first use, with the dimension the embedding verticle reports, so
 * roles can start in any order across a cluster; until an embedding node answers, requests fail
 * with 503). A search reads only these. Contract: {@link RetrievalBus}.
 */
public final class RetrievalVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RetrievalVerticle.class);

  private VectorBackendProvider provider;
  private Path directory;
  private String databaseUrl;
  private JsonObject config;
  private Future<VectorBackend> backend;
  /** What the embedding verticle says of its model, asked once (a failure is forgotten, so the next use asks again). */
  private Future<JsonObject> embeddingInfo;
  /** The embedding model the backend was opened for: the one whose chunks a search reads. */
  private volatile String indexModel;
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
    provider = Plugins.load(vertx, VectorBackendProvider.class).get(name);
    directory = Path.of(config.getString(ConfigKeys.DATA_DIR.name())).resolve("vectors").resolve(name);
    databaseUrl = config.getString(ConfigKeys.DB_URL.name());
    pool = Database.pool(vertx, "retrieval", databaseUrl, 4);
    settings = RuntimeSettings.start(vertx, config);
    EmbeddingCache cache = new EmbeddingCache(pool, cacheEntries > 0);
    index = new SearchIndex(vertx, pool, this::backend, new BatchEmbedder(vertx, cache, this::embeddingInfo));
    sweep = new OrphanSweep(vertx, pool, this::backend);
    cacheSweep = new EmbeddingCacheSweep(pool, cacheEntries, (int) cacheHours);
    queryEmbeddings = new QueryEmbeddings(vertx, QUERY_EMBEDDINGS_KEPT);
    return settings.ready().compose(loaded -> Future.all(List.of(
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
        consume(RetrievalBus.HEALTH, this::health))));
  }

  private Future<Void> consume(String address, java.util.function.Function<Message<JsonObject>, Future<JsonObject>> handler) {
    return vertx.eventBus().<JsonObject>consumer(address, Replies.handler(handler::apply)).completion();
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = backend == null ? Future.succeededFuture() : backend.compose(opened -> vertx.executeBlocking(() -> {
      opened.close();
      return null;
    })).<Void>mapEmpty().otherwiseEmpty();
    return closed.compose(v -> pool.close());
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

  private Future<List<Fusion.Ranked>> vectorRanking(SearchRequest request, List<UUID> scope, int n) {
    return queryEmbeddings.of(request.query())
        .compose(embedded -> backend().compose(b -> fromStage(b.search(new VectorQuery(request.userId(), embedded.model(),
            embedded.vector(), n, scope == null ? Set.of() : new HashSet<>(scope), null)))))
        .map(RetrievalVerticle::ranked);
  }

  /**
   * BM25 in the vector backend when it holds the text of every chunk (Lucene); otherwise
   * PostgreSQL's full text (pgvector, an index written before the backend kept text, or a backend
   * that cannot be opened yet because no embedding node has answered: text search needs no model).
   */
  private Future<List<Fusion.Ranked>> textRanking(SearchRequest request, List<UUID> scope, int n) {
    return backend().otherwiseEmpty().compose(b -> b != null && b.ranksText()
        ? fromStage(b.textSearch(new TextQuery(request.userId(), indexModel, request.query(), n,
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

  private Future<JsonObject> embeddingInfo() {
    Future<JsonObject> info = embeddingInfo;
    if (info == null) {
      info = vertx.eventBus().<JsonObject>request(EmbeddingBus.INFO, new JsonObject()).map(Message::body);
      embeddingInfo = info;
      // may run at once (no embedding node on the bus)
      info.onFailure(error -> embeddingInfo = null);
    }
    return info;
  }

  /** The backend, opened once; a failed opening is forgotten so the next request tries again. */
  private Future<VectorBackend> backend() {
    if (backend == null) {
      backend = embeddingInfo()
          .compose(info -> vertx.executeBlocking(() -> {
            String model = info.getString("model");
            VectorBackend opened = provider.open(new VectorBackendContext(
                // one index per model: a model change re-indexes beside the old vectors instead of mixing them
                directory.resolve(model.replaceAll("[^A-Za-z0-9._-]", "_")),
                databaseUrl, info.getInteger("dimension"), Plugins.settings(config, "vector")));
            indexModel = model;
            return opened;
          }))
          .onSuccess(opened -> LOG.info("vector backend {} open in {}", provider.name(), directory))
          .onFailure(error -> {
            LOG.warn("cannot open the vector backend yet: {}", error.getMessage());
            backend = null;
          });
    }
    return backend;
  }

  /** The backend's own check; whatever fails (opening it included) is a 503 that says why, for superusers. */
  private Future<JsonObject> health(Message<JsonObject> message) {
    return backend().compose(b -> fromStage(b.check()))
        .map(v -> new JsonObject().put("backend", provider.name()))
        .recover(error -> Future.failedFuture(new Failure(503, Failure.UNAVAILABLE,
            "the vector backend " + provider.name() + " is down: " + Failure.describe(error)).asException()));
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
    return backend().compose(b -> fromStage(b.upsert(records))).map(v -> new JsonObject().put("upserted", records.size()));
  }

  private Future<JsonObject> chunkIds(Message<JsonObject> message) {
    UUID after = Payloads.optionalUuid(message.body(), "after");
    Object limit = message.body().getValue("limit", RetrievalBus.MAX_CHUNK_IDS);
    if (!(limit instanceof Integer n) || n < 1 || n > RetrievalBus.MAX_CHUNK_IDS) {
      throw Failure.invalidInput("limit must be a whole number from 1 to " + RetrievalBus.MAX_CHUNK_IDS).asException();
    }
    return backend().compose(b -> fromStage(b.chunkIds(after, n)))
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
    return backend().compose(b -> fromStage(b.search(query))).map(hits -> {
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
