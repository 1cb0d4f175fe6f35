package io.mediawhisperer.http;

import io.mediawhisperer.bus.ChatBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Asks the chat verticle (on whichever node runs it) for an answer and relays the pieces it
 * streams to this node's client: pieces arrive at a one-off bus address, are handed on in
 * order, and whatever the stored answer holds beyond them is handed on last, so the client's
 * stream always adds up to the stored message.
 */
final class AnswerStream {

  private final Vertx vertx;
  private final Edge edge;

  AnswerStream(Vertx vertx, Edge edge) {
    this.vertx = vertx;
    this.edge = edge;
  }

  /** {@code ask} is ChatBus.ASK's request with {@code userId} set; resolves with its reply. */
  Future<JsonObject> ask(String requestId, JsonObject ask, Consumer<String> pieces) {
    String address = "chat.stream." + UUID.randomUUID();
    Relay relay = new Relay(pieces);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, m -> relay.accept(m.body()));
    // the chat node may be another one: it can send only once the address is known cluster-wide
    return consumer.completion()
        .compose(v -> edge.request(requestId, ChatBus.ASK, ask.put("streamAddress", address), ChatBus.ANSWER_TIMEOUT_MS))
        .onSuccess(reply -> relay.finish(reply.getJsonObject("message").getString("content")))
        .eventually(consumer::unregister);
  }

  /** Hands pieces on by sequence number; event-loop only. */
  private static final class Relay {
    private final Consumer<String> pieces;
    private final TreeMap<Integer, String> early = new TreeMap<>();
    private final StringBuilder sent = new StringBuilder();
    private int next;
    private boolean finished;

    Relay(Consumer<String> pieces) {
      this.pieces = pieces;
    }

    void accept(JsonObject piece) {
      if (finished) {
        return;
      }
      early.put(piece.getInteger("seq"), piece.getString("text", ""));
      while (early.containsKey(next)) {
        send(early.remove(next++));
      }
    }

    void finish(String stored) {
      finished = true;
      if (stored.startsWith(sent.toString()) && stored.length() > sent.length()) {
        send(stored.substring(sent.length()));
      }
    }

    private void send(String text) {
      if (!text.isEmpty()) {
        sent.append(text);
        pieces.accept(text);
      }
    }
  }
}
