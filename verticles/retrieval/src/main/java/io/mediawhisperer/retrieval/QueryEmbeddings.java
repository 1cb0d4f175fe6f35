package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Vectors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embeddings of recent queries, least recently used evicted: people repeat searches (paging,
 * a chat asking around one topic, a page reloaded), and embedding a query costs a model run of a
 * few milliseconds, the largest part of a vector search. Concurrent requests for one query share
 * one embedding. Used on the verticle's context only, so it needs no lock.
 */
final class QueryEmbeddings {

  /** A query's vector and the model that made it. */
  record Embedded(String model, float[] vector) {
  }

  private final Vertx vertx;
  private final Map<String, Future<Embedded>> recent;

  QueryEmbeddings(Vertx vertx, int capacity) {
    this.vertx = vertx;
    this.recent = new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Future<Embedded>> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The query's vector by the provider's model (the live index's: after a swap, the new model's, kept apart). */
  Future<Embedded> of(String provider, String query) {
    String key = provider + '\n' + query;
    Future<Embedded> known = recent.get(key);
    if (known != null) {
      return known;
    }
    Future<Embedded> embedded = vertx.eventBus().<JsonObject>request(EmbeddingBus.EMBED,
            new JsonObject().put("texts", new JsonArray().add(query)).put("provider", provider))
        .map(reply -> new Embedded(reply.body().getString("model"), Vectors.decode(reply.body().getJsonArray("vectors").getString(0))));
    recent.put(key, embedded);
    // a failure (no embedding node yet) is not remembered: the next request asks again
    return embedded.onFailure(error -> recent.remove(key, embedded));
  }
}
