package io.mediawhisperer.embedding;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Vectors;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.spi.embedding.EmbeddingException;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured embedding model on its own worker threads (one per core: the model is
 * CPU-bound), never on the event loop. Contract: {@link EmbeddingBus}.
 */
public final class EmbeddingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingVerticle.class);

  private WorkerExecutor workers;
  private EmbeddingModel model;
  private TokenCounter tokenizer;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    String name = config.getString(ConfigKeys.EMBEDDING_PROVIDER.name(), "minilm");
    var settings = Plugins.settings(config, "embedding");
    workers = vertx.createSharedWorkerExecutor("mw-embedding", Math.max(1, Runtime.getRuntime().availableProcessors()),
        5, TimeUnit.MINUTES);
    return workers.executeBlocking(() -> {
          EmbeddingModelProvider provider = Plugins.load(vertx, EmbeddingModelProvider.class).get(name);
          tokenizer = provider.tokenizer(settings);
          return provider.open(settings);
        })
        .onSuccess(opened -> {
          model = opened;
          LOG.info("embedding model {} ({} dimensions, {} tokens per text)", model.modelName(), model.dimension(), tokenizer.maxTokens());
        })
        .compose(v -> Future.all(
            vertx.eventBus().<JsonObject>consumer(EmbeddingBus.EMBED, Replies.handler(this::embed)).completion(),
            vertx.eventBus().<JsonObject>consumer(EmbeddingBus.INFO, Replies.handler(m -> Future.succeededFuture(info()))).completion()));
  }

  @Override
  public Future<?> stop() {
    EmbeddingModel opened = model;
    return workers.executeBlocking(() -> {
      if (opened != null) {
        opened.close();
      }
      return null;
    }).andThen(done -> workers.close());
  }

  private JsonObject info() {
    return new JsonObject().put("model", model.modelName()).put("dimension", model.dimension()).put("maxTokens", tokenizer.maxTokens());
  }

  private Future<JsonObject> embed(Message<JsonObject> message) {
    Object raw = message.body().getValue("texts");
    if (!(raw instanceof JsonArray array) || array.size() > EmbeddingBus.MAX_TEXTS) {
      throw Failure.invalidInput("texts must be an array of at most " + EmbeddingBus.MAX_TEXTS + " strings").asException();
    }
    List<String> texts = new ArrayList<>(array.size());
    for (Object text : array) {
      if (!(text instanceof String s)) {
        throw Failure.invalidInput("texts must hold only strings").asException();
      }
      texts.add(s);
    }
    return workers.executeBlocking(() -> model.embed(texts), false)
        .recover(error -> Future.failedFuture(error instanceof EmbeddingException e
            ? new Failure(e.retryable() ? 503 : 502, e.retryable() ? Failure.UNAVAILABLE : "embedding_failed",
                "the embedding model failed: " + e.getMessage()).asException()
            : error))
        .map(vectors -> {
          JsonArray encoded = new JsonArray();
          vectors.forEach(v -> encoded.add(Vectors.encode(v)));
          return info().put("vectors", encoded);
        });
  }
}
