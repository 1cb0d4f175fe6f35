package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.Replies;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.node.Plugins;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the vector backend of this node. The backend is opened on first use, with the dimension
 * the embedding verticle reports, so roles can start in any order across a cluster; until an
 * embedding node answers, requests fail with 503. Contract: {@link RetrievalBus}.
 */
public final class RetrievalVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RetrievalVerticle.class);

  private VectorBackendProvider provider;
  private Path directory;
  private String databaseUrl;
  private JsonObject config;
  private Future<VectorBackend> backend;

  @Override
  public Future<?> start() {
    config = config();
    String name = config.getString(ConfigKeys.VECTOR_BACKEND.name(), "lucene");
    provider = Plugins.load(VectorBackendProvider.class).get(name);
    directory = Path.of(config.getString(ConfigKeys.DATA_DIR.name())).resolve("vectors").resolve(name);
    databaseUrl = config.getString(ConfigKeys.DB_URL.name());
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(RetrievalBus.UPSERT, Replies.handler(this::upsert)).completion(),
        vertx.eventBus().<JsonObject>consumer(RetrievalBus.DELETE_SOURCE, Replies.handler(this::deleteSource)).completion(),
        vertx.eventBus().<JsonObject>consumer(RetrievalBus.VECTOR_SEARCH, Replies.handler(this::search)).completion());
  }

  @Override
  public Future<?> stop() {
    if (backend == null) {
      return Future.succeededFuture();
    }
    return backend.compose(opened -> vertx.executeBlocking(() -> {
      opened.close();
      return null;
    })).otherwiseEmpty();
  }

  /** The backend, opened once; a failed opening is forgotten so the next request tries again. */
  private Future<VectorBackend> backend() {
    if (backend == null) {
      backend = vertx.eventBus().<JsonObject>request(EmbeddingBus.INFO, new JsonObject())
          .compose(info -> vertx.executeBlocking(() -> provider.open(new VectorBackendContext(
              // one index per model: a model change re-indexes beside the old vectors instead of mixing them
              directory.resolve(info.body().getString("model").replaceAll("[^A-Za-z0-9._-]", "_")),
              databaseUrl, info.body().getInteger("dimension"), Plugins.settings(config, "vector")))))
          .onSuccess(opened -> LOG.info("vector backend {} open in {}", provider.name(), directory))
          .onFailure(error -> {
            LOG.warn("cannot open the vector backend yet: {}", error.getMessage());
            backend = null;
          });
    }
    return backend;
  }

  private Future<JsonObject> upsert(Message<JsonObject> message) {
    Object raw = message.body().getValue("records");
    if (!(raw instanceof JsonArray array)) {
      throw Failure.invalidInput("records must be an array").asException();
    }
    List<VectorRecord> records = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject r = array.getJsonObject(i);
      records.add(new VectorRecord(uuid(r, "chunkId"), uuid(r, "userId"), uuid(r, "sourceId"), optionalUuid(r, "collectionId"),
          Payloads.requiredString(r, "model"), Vectors.decode(Payloads.requiredString(r, "vector"))));
    }
    return backend().compose(b -> fromStage(b.upsert(records))).map(v -> new JsonObject().put("upserted", records.size()));
  }

  private Future<JsonObject> deleteSource(Message<JsonObject> message) {
    UUID userId = uuid(message.body(), "userId");
    UUID sourceId = uuid(message.body(), "sourceId");
    return backend().compose(b -> fromStage(b.deleteBySource(userId, sourceId))).map(n -> new JsonObject().put("deleted", n));
  }

  private Future<JsonObject> search(Message<JsonObject> message) {
    JsonObject body = message.body();
    Set<UUID> sourceIds = new HashSet<>();
    JsonArray ids = body.getJsonArray("sourceIds");
    if (ids != null) {
      ids.forEach(id -> sourceIds.add(UUID.fromString((String) id)));
    }
    VectorQuery query = new VectorQuery(uuid(body, "userId"), Payloads.requiredString(body, "model"),
        Vectors.decode(Payloads.requiredString(body, "vector")), body.getInteger("k", 10), sourceIds, optionalUuid(body, "collectionId"));
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
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(error -> Future.failedFuture(unwrap(error) instanceof IllegalArgumentException e
            ? Failure.invalidInput(e.getMessage()).asException()
            : unwrap(error)));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private static UUID uuid(JsonObject body, String field) {
    UUID id = optionalUuid(body, field);
    if (id == null) {
      throw Failure.invalidInput(field + " is required").asException();
    }
    return id;
  }

  private static UUID optionalUuid(JsonObject body, String field) {
    String value = Payloads.optionalString(body, field);
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Failure.invalidInput(field + " is not a UUID").asException();
    }
  }
}
