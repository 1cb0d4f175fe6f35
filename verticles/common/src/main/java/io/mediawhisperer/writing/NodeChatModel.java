package io.mediawhisperer.writing;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The chat model a verticle writes with (the plugin named by {@code chat-provider}, opened with
 * the {@code chat-*} settings), and the workers its blocking calls run on. Answers and content
 * generation both use it; each verticle opens its own, since a model holds no shared state.
 */
public final class NodeChatModel {

  private final Vertx vertx;
  private final ChatModel model;
  private final WorkerExecutor workers;

  private NodeChatModel(Vertx vertx, ChatModel model, WorkerExecutor workers) {
    this.vertx = vertx;
    this.model = model;
    this.workers = workers;
  }

  /** Opens the configured model off the event loop, with {@code chat-workers} threads named {@code workerPool}. */
  public static Future<NodeChatModel> open(Vertx vertx, JsonObject config, String workerPool) {
    ChatModelProvider provider = Plugins.load(vertx, ChatModelProvider.class)
        .get(config.getString(ConfigKeys.CHAT_PROVIDER.name(), "extractive"));
    return vertx.<ChatModel>executeBlocking(() -> provider.open(Plugins.settings(config, "chat")))
        .map(opened -> new NodeChatModel(vertx, opened, vertx.createSharedWorkerExecutor(workerPool,
            config.getInteger(ConfigKeys.CHAT_WORKERS.name(), 4), ChatBus.ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS)));
  }

  public ChatModel model() {
    return model;
  }

  /** Blocking model work on the workers; a model that fails is a 503 that says why, never a 500. */
  public <T> Future<T> run(Callable<T> work) {
    return workers.<T>executeBlocking(work, false).recover(error -> Future.failedFuture(error instanceof ChatException e
        ? new Failure(503, ChatBus.MODEL_FAILED, "the chat model failed: " + e.getMessage()).asException()
        : error));
  }

  public Future<Void> close() {
    return vertx.<Void>executeBlocking(() -> {
      model.close();
      return null;
    }).eventually(workers::close);
  }
}
