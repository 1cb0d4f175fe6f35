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
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured embedding model on its own worker threads, never on the event loop, one
 * request at a time per runner: {@code embedding-runners} runners (default one per core, at most
 * 4), each run on cores / runners ONNX threads ({@code embedding-threads} overrides). Measured on
 * 2 cores with the quantized model, calls of 32 chunk-sized texts: octave.pdf's chunks 2 runners
 * x 1 thread 205 texts/s, 1 runner x 2 threads 155, 2 x 2 (what concurrent calls did before) 144;
 * scripts/bench-embedding on the FAQ's, quiet rounds: 249, 208, 215; pinned to 1 core every mix
 * 119-121. One run leaves a second core idle through its serial parts, a second runner does not. Requests
 * wait in a {@link ModelQueue}: searches first, ingestion's batches a lane (a source) at a time in
 * turn. Contract: {@link EmbeddingBus}.
 *
 * <p>The configured model ({@code embedding-provider}) opens at start. A request may name another
 * installed provider ({@code "provider"}): the search index asks for the model its live index was
 * built with, and a re-index for the model it builds; such a model opens on first use and then
 * stays open, its runs waiting in the same queue and taking the same runners (a re-index is one
 * more bulk lane, so it neither starves ingestion nor slows searches more than a long upload).
 */
public final class EmbeddingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingVerticle.class);
  /** Bulk requests a node keeps waiting; ingestion keeps 3 in flight per job, so this is many jobs' worth. */
  static final int MAX_BULK_WAITING = 256;
  private static final String DEFAULT_LANE = "";

  private WorkerExecutor workers;
  private NamedPlugins<EmbeddingModelProvider> providers;
  private PluginSettings settings;
  private String configuredProvider;
  /** Open (or opening) models by provider name; event loop only. A failed opening is forgotten, so the next request tries again. */
  private final Map<String, Future<OpenModel>> models = new HashMap<>();
  private int runners;
  private final ModelQueue<Pending> queue = new ModelQueue<>(MAX_BULK_WAITING);
  private int interactiveRunning;
  private int bulkRunning;
  private boolean stopping;

  /** A request waiting for a runner, the model it asked for, and when it started to wait. */
  private record Pending(OpenModel model, List<String> texts, Promise<JsonObject> reply, long queuedAt) {
  }

  /** A model ready to run, with what {@link EmbeddingBus#INFO} says of it. */
  private record OpenModel(String provider, EmbeddingModel model, TokenCounter tokenizer) {
    JsonObject info() {
      return new JsonObject().put("provider", provider).put("model", model.modelName()).put("dimension", model.dimension())
          .put("maxTokens", tokenizer.maxTokens());
    }
  }

  @Override
  public Future<?> start() {
    JsonObject config = config();
    configuredProvider = config.getString(ConfigKeys.EMBEDDING_PROVIDER.name(), "minilm");
    runners = runners(config);
    settings = withThreads(Plugins.settings(config, "embedding"), runners);
    providers = Plugins.load(vertx, EmbeddingModelProvider.class);
    // interactive runs never wait for a bulk one to finish: each kind has its own runners' worth of threads
    workers = vertx.createSharedWorkerExecutor("mw-embedding", 2 * runners, 5, TimeUnit.MINUTES);
    return model(configuredProvider)
        .compose(v -> Future.all(
            vertx.eventBus().<JsonObject>consumer(EmbeddingBus.EMBED, Replies.handler(this::embed)).completion(),
            vertx.eventBus().<JsonObject>consumer(EmbeddingBus.INFO, Replies.handler(this::info)).completion()));
  }

  /** The provider's model, opened on first use (on a worker: it may take seconds). Event loop. */
  private Future<OpenModel> model(String providerName) {
    Future<OpenModel> known = models.get(providerName);
    if (known != null) {
      return known;
    }
    if (!providers.names().contains(providerName)) {
      return Future.failedFuture(Failure.invalidInput("no embedding provider '" + providerName + "' is installed; installed: "
          + String.join(", ", providers.names())).asException());
    }
    EmbeddingModelProvider provider = providers.get(providerName);
    Future<OpenModel> opening = workers.executeBlocking(() -> new OpenModel(providerName, provider.open(settings), provider.tokenizer(settings)))
        .onSuccess(open -> LOG.info("embedding model {} of provider {} ({} dimensions, {} tokens per text), {} runner(s), settings {}",
            open.model().modelName(), providerName, open.model().dimension(), open.tokenizer().maxTokens(), runners, settings))
        .onFailure(error -> models.remove(providerName));
    models.put(providerName, opening);
    return opening;
  }

  /** The request's {@code provider}, or the configured one. */
  private Future<OpenModel> requestedModel(JsonObject body) {
    Object provider = body.getValue("provider", configuredProvider);
    if (!(provider instanceof String name)) {
      throw Failure.invalidInput("provider must be the name of an embedding provider").asException();
    }
    return model(name);
  }

  /**
   * Runners the default gives at most: as many as the batches one ingestion job keeps in flight,
   * so a lone job's batches all run at once; on a larger machine each run gets more threads
   * instead of runners that would wait for work with their cores idle (not measured: this
   * machine has 2 cores).
   */
  static final int MAX_AUTO_RUNNERS = 4;

  /** {@code embedding-runners}, or one per core (at most {@value #MAX_AUTO_RUNNERS}) when it is 0, the default. */
  static int runners(JsonObject config) {
    int configured = config.getInteger(ConfigKeys.EMBEDDING_RUNNERS.name(), 0);
    if (configured < 0) {
      throw new IllegalArgumentException(ConfigKeys.EMBEDDING_RUNNERS.name() + " must be 0 (one per core) or more, not " + configured);
    }
    return configured > 0 ? configured : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), MAX_AUTO_RUNNERS));
  }

  /** The plugin's {@code threads}, unless configured: the cores shared among the runners. */
  static PluginSettings withThreads(PluginSettings settings, int runners) {
    if (settings.values().containsKey("threads")) {
      return settings;
    }
    Map<String, String> values = new HashMap<>(settings.values());
    values.put("threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / runners)));
    return new PluginSettings(values);
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    queue.drain().forEach(p -> p.reply().tryFail(new Failure(503, Failure.UNAVAILABLE, "the embedding model is stopping").asException()));
    List<EmbeddingModel> open = models.values().stream().filter(Future::succeeded).map(f -> f.result().model()).toList();
    return workers.executeBlocking(() -> {
      open.forEach(EmbeddingModel::close);
      return null;
    }).andThen(done -> workers.close());
  }

  private Future<JsonObject> info(Message<JsonObject> message) {
    return requestedModel(message.body()).map(OpenModel::info);
  }

  private Future<JsonObject> embed(Message<JsonObject> message) {
    JsonObject body = message.body();
    Object raw = body.getValue("texts");
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
    Object lane = body.getValue("lane", DEFAULT_LANE);
    Object priority = body.getValue("priority", EmbeddingBus.INTERACTIVE);
    if (!(lane instanceof String laneName) || !(EmbeddingBus.INTERACTIVE.equals(priority) || EmbeddingBus.BULK.equals(priority))) {
      throw Failure.invalidInput("lane must be a string and priority '" + EmbeddingBus.INTERACTIVE + "' or '" + EmbeddingBus.BULK + "'")
          .asException();
    }
    if (stopping) {
      throw new Failure(503, Failure.UNAVAILABLE, "the embedding model is stopping").asException();
    }
    return requestedModel(body).compose(model -> enqueue(new Pending(model, texts, Promise.promise(), System.nanoTime()),
        EmbeddingBus.BULK.equals(priority), laneName));
  }

  private Future<JsonObject> enqueue(Pending pending, boolean bulk, String laneName) {
    if (bulk) {
      if (!queue.addBulk(laneName, pending)) {
        throw new Failure(503, Failure.UNAVAILABLE, "the embedding model has " + MAX_BULK_WAITING + " batches waiting; try again shortly")
            .retryAfter(1).asException();
      }
    } else {
      queue.addInteractive(pending);
    }
    dispatch();
    return pending.reply().future();
  }

  /** Starts what the free runners can take. Event loop. */
  private void dispatch() {
    for (Pending next; interactiveRunning < runners && (next = queue.nextInteractive()) != null; ) {
      interactiveRunning++;
      run(next).onComplete(done -> {
        interactiveRunning--;
        dispatch();
      });
    }
    for (Pending next; bulkRunning < runners && (next = queue.nextBulk()) != null; ) {
      bulkRunning++;
      run(next).onComplete(done -> {
        bulkRunning--;
        dispatch();
      });
    }
  }

  private Future<Void> run(Pending pending) {
    long started = System.nanoTime();
    return workers.executeBlocking(() -> pending.model().model().embed(pending.texts()), false)
        .recover(error -> Future.failedFuture(error instanceof EmbeddingException e
            ? new Failure(e.retryable() ? 503 : 502, e.retryable() ? Failure.UNAVAILABLE : "embedding_failed",
                "the embedding model failed: " + e.getMessage()).asException()
            : error))
        .map(vectors -> {
          JsonArray encoded = new JsonArray();
          vectors.forEach(v -> encoded.add(Vectors.encode(v)));
          return pending.model().info().put("vectors", encoded)
              .put("queuedMs", (started - pending.queuedAt()) / 1_000_000)
              .put("runMs", (System.nanoTime() - started) / 1_000_000);
        })
        .andThen(pending.reply())
        .mapEmpty();
  }
}
