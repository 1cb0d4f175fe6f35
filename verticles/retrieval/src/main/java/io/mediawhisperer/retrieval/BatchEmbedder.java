package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.retrieval.EmbeddingCache.Entry;
import io.mediawhisperer.retrieval.EmbeddingCache.Hit;
import io.mediawhisperer.retrieval.EmbeddingCache.Identity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vectors of one batch of chunk texts: the user's embedding cache gives those it holds for the
 * current model, the model embeds the rest, each distinct text once. Vectors of two models are
 * never mixed in a batch: the cache is asked for the model the embedding verticle last named (its
 * {@code embedding.info} at first), and when the model's answer names another one, the texts the
 * cache gave are embedded again; a batch the cache holds entirely asks {@code embedding.info} whether
 * that model still runs. The cache is an optimisation: when it cannot be read the model
 * embeds everything, and when it cannot be written the batch still succeeds.
 */
final class BatchEmbedder {

  private static final Logger LOG = LoggerFactory.getLogger(BatchEmbedder.class);
  private static final long EMBED_TIMEOUT_MS = 120_000;

  /**
   * A batch's vectors, one per text in order (little-endian float32), of one model; {@code embedded}
   * counts the texts the model ran on, {@code queuedMs} their wait for it, {@code runMs} the model's time. {@code fresh} and
   * {@code stale} are what the cache learns once the batch is stored ({@link #remember}).
   */
  record Vectors(Identity identity, List<byte[]> vectors, int embedded, long queuedMs, long runMs, List<Entry> fresh,
      List<byte[]> stale) {
  }

  private final Vertx vertx;
  private final EmbeddingCache cache;
  private final String provider;
  private final Supplier<Future<JsonObject>> info;
  /** The model the last answer named: the one whose vectors the cache is asked for. */
  private volatile Identity current;

  /** @param provider the embedding provider whose model embeds (an index's: the live one's, or the one a re-index builds) */
  BatchEmbedder(Vertx vertx, EmbeddingCache cache, String provider, Supplier<Future<JsonObject>> info) {
    this.vertx = vertx;
    this.cache = cache;
    this.provider = provider;
    this.info = info;
  }

  Future<Vectors> vectors(UUID userId, String lane, List<String> texts) {
    // each distinct text once (a chat log repeats "ok" and "thanks" many times)
    Map<String, Integer> slots = new LinkedHashMap<>();
    int[] slotOf = new int[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      slotOf[i] = slots.computeIfAbsent(texts.get(i), t -> slots.size());
    }
    List<String> distinct = new ArrayList<>(slots.keySet());
    List<byte[]> hashes = cache.enabled() ? distinct.stream().map(EmbeddingCache::hash).toList() : List.of();
    return vectors(userId, lane, distinct, slotOf, hashes, true);
  }

  private Future<Vectors> vectors(UUID userId, String lane, List<String> distinct, int[] slotOf, List<byte[]> hashes, boolean mayAskAgain) {
    return lookup(userId, hashes).compose(found -> {
      byte[][] vectors = new byte[distinct.size()][];
      List<Integer> misses = new ArrayList<>();
      List<Integer> hits = new ArrayList<>();
      List<byte[]> stale = new ArrayList<>();
      for (int i = 0; i < distinct.size(); i++) {
        Hit hit = found.hits().isEmpty() ? null : found.hits().get(EmbeddingCache.key(hashes.get(i)));
        if (hit == null) {
          misses.add(i);
        } else {
          vectors[i] = hit.vector();
          hits.add(i);
          if (hit.stale()) {
            stale.add(hashes.get(i));
          }
        }
      }
      if (misses.isEmpty()) {
        // no model answer to check the cache's model against: ask which model runs now
        return stillCurrent(found.identity()).compose(current -> current || !mayAskAgain
            ? Future.succeededFuture(new Vectors(found.identity(), spread(vectors, slotOf), 0, 0, 0, List.of(), stale))
            : vectors(userId, lane, distinct, slotOf, hashes, false));
      }
      return embed(lane, distinct, misses, vectors).compose(first -> {
        current = first.identity();
        if (first.identity().equals(found.identity()) || hits.isEmpty()) {
          return Future.succeededFuture(new Vectors(first.identity(), spread(vectors, slotOf), misses.size(), first.queuedMs(),
              first.runMs(), entries(hashes, misses, vectors), first.identity().equals(found.identity()) ? stale : List.of()));
        }
        // the model changed since the cache was asked: what it gave is another model's
        LOG.info("the embedding model is now {} (the cache was asked for {}): embedding the batch's {} cached texts again",
            first.identity().model(), found.identity().model(), hits.size());
        return embed(lane, distinct, hits, vectors).compose(second -> {
          if (!second.identity().equals(first.identity())) {
            return Future.failedFuture(new Failure(503, Failure.UNAVAILABLE,
                "the embedding model changed while a batch was being embedded; try again").asException());
          }
          List<Integer> all = new ArrayList<>(misses);
          all.addAll(hits);
          return Future.succeededFuture(new Vectors(first.identity(), spread(vectors, slotOf), all.size(),
              first.queuedMs() + second.queuedMs(), first.runMs() + second.runMs(), entries(hashes, all, vectors), List.of()));
        });
      });
    });
  }

  /** Stores what the model made and marks the stale hits used; a failure is logged, never the batch's. */
  Future<Void> remember(UUID userId, UUID sourceId, Vectors batch) {
    if (!cache.enabled() || batch.fresh().isEmpty() && batch.stale().isEmpty()) {
      return Future.succeededFuture();
    }
    return cache.remember(userId, sourceId, batch.identity(), batch.fresh(), batch.stale())
        .recover(error -> {
          LOG.warn("could not write the embedding cache (the batch is indexed): {}", error.getMessage());
          return Future.succeededFuture();
        });
  }

  private record Found(Identity identity, Map<String, Hit> hits) {
    static final Found NOTHING = new Found(null, Map.of());
  }

  private record Embedded(Identity identity, long queuedMs, long runMs) {
  }

  private Future<Found> lookup(UUID userId, List<byte[]> hashes) {
    if (hashes.isEmpty()) {
      return Future.succeededFuture(Found.NOTHING);
    }
    return identity()
        .compose(identity -> cache.lookup(userId, identity, hashes).map(hits -> new Found(identity, hits)))
        .recover(error -> {
          LOG.warn("could not read the embedding cache, the model embeds the whole batch: {}", error.getMessage());
          return Future.succeededFuture(Found.NOTHING);
        });
  }

  /**
   * Whether the embedding verticle still runs {@code identity}'s model (if not, it becomes the one
   * the cache is asked for); true when it cannot be asked: the cached vectors are of the last model
   * it named, and indexing from the cache need not wait for it.
   */
  private Future<Boolean> stillCurrent(Identity identity) {
    return vertx.eventBus().<JsonObject>request(EmbeddingBus.INFO, new JsonObject().put("provider", provider))
        .map(reply -> {
          Identity now = new Identity(reply.body().getString("model"), reply.body().getInteger("dimension"));
          current = now;
          return now.equals(identity);
        })
        .otherwise(true);
  }

  private Future<Identity> identity() {
    Identity known = current;
    return known != null ? Future.succeededFuture(known)
        : info.get().map(i -> new Identity(i.getString("model"), i.getInteger("dimension")));
  }

  /** Embeds the texts at {@code which} of {@code distinct} into their places in {@code vectors}. */
  private Future<Embedded> embed(String lane, List<String> distinct, List<Integer> which, byte[][] vectors) {
    JsonArray texts = new JsonArray(which.stream().map(distinct::get).map(Object.class::cast).toList());
    // indexing waits behind searches, and takes turns with other sources (the lane) at the model
    return vertx.eventBus().<JsonObject>request(EmbeddingBus.EMBED,
            new JsonObject().put("texts", texts).put("priority", EmbeddingBus.BULK).put("lane", lane).put("provider", provider),
            new DeliveryOptions().setSendTimeout(EMBED_TIMEOUT_MS))
        .map(reply -> {
          JsonObject body = reply.body();
          JsonArray made = body.getJsonArray("vectors");
          if (made == null || made.size() != which.size()) {
            throw new Failure(503, Failure.UNAVAILABLE, "the embedding verticle answered " + (made == null ? 0 : made.size())
                + " vectors for " + which.size() + " texts").asException();
          }
          for (int i = 0; i < which.size(); i++) {
            vectors[which.get(i)] = Base64.getDecoder().decode(made.getString(i));
          }
          return new Embedded(new Identity(body.getString("model"), body.getInteger("dimension")), body.getLong("queuedMs", 0L),
              body.getLong("runMs", 0L));
        });
  }

  private static List<Entry> entries(List<byte[]> hashes, List<Integer> which, byte[][] vectors) {
    return hashes.isEmpty() ? List.of() : which.stream().map(i -> new Entry(hashes.get(i), vectors[i])).toList();
  }

  private static List<byte[]> spread(byte[][] distinctVectors, int[] slotOf) {
    List<byte[]> vectors = new ArrayList<>(slotOf.length);
    for (int slot : slotOf) {
      vectors.add(distinctVectors[slot]);
    }
    return vectors;
  }
}
