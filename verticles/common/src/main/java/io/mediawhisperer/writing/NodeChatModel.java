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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The chat model a verticle writes with (the plugin named by {@code chat-provider}, opened with
 * the {@code chat-*} settings), and the workers its blocking calls run on. Answers and content
 * generation both use it. The model is opened once per node (per Vert.x instance) and shared by
 * the verticles that write, closed when the last of them closes: an in-process language model
 * holds gigabytes, which two copies would double.
 */
public final class NodeChatModel {

  /** A node's open model and how many verticles use it. */
  private static final class Opened {
    final Future<ChatModel> model;
    int users;

    Opened(Future<ChatModel> model) {
      this.model = model;
    }
  }

  private static final Map<Vertx, Opened> OPEN = new HashMap<>();

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
    Future<ChatModel> model;
    synchronized (OPEN) {
      Opened opened = OPEN.get(vertx);
      if (opened == null || opened.model.failed()) {
        ChatModelProvider provider = Plugins.load(vertx, ChatModelProvider.class)
            .get(config.getString(ConfigKeys.CHAT_PROVIDER.name(), "extractive"));
        opened = new Opened(vertx.executeBlocking(() -> provider.open(Plugins.settings(config, "chat"))));
        OPEN.put(vertx, opened);
      }
      opened.users++;
      model = opened.model;
    }
    return model.recover(error -> {
      release(vertx);
      return Future.failedFuture(error);
    }).map(opened -> new NodeChatModel(vertx, opened, vertx.createSharedWorkerExecutor(workerPool,
        config.getInteger(ConfigKeys.CHAT_WORKERS.name(), 4), ChatBus.ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS)));
  }

  /** One user fewer; the model to close when it was the last, else null. */
  private static ChatModel release(Vertx vertx) {
    synchronized (OPEN) {
      Opened opened = OPEN.get(vertx);
      if (opened == null || --opened.users > 0) {
        return null;
      }
      OPEN.remove(vertx);
      return opened.model.succeeded() ? opened.model.result() : null;
    }
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
    ChatModel last = release(vertx);
    return vertx.<Void>executeBlocking(() -> {
      if (last != null) {
        last.close();
      }
      return null;
    }).eventually(workers::close);
  }
}
