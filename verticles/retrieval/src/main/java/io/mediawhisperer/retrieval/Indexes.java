package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.EmbeddingBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.retrieval.Generations.Generation;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.vector.VectorBackend;
import io.mediawhisperer.spi.vector.VectorBackendContext;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector indexes this node has open: the live one, which searches read and new sources are
 * written to, and, while a re-index runs, the building one, which new sources are written to as
 * well. Each is a vector backend opened for one embedding model (its own directory, or with
 * pgvector its own table), so two models' vectors never share an index. Which generation is live
 * or building is read from {@link Generations}: at first use, whenever a node announces a change
 * over {@code retrieval.generations.changed}, and on a timer, so every node of a cluster follows.
 * Used on the retrieval verticle's context only.
 */
final class Indexes {

  private static final Logger LOG = LoggerFactory.getLogger(Indexes.class);

  /** An open index and the generation it holds. */
  record Index(Generation generation, VectorBackend backend) {
    String provider() {
      return generation.provider();
    }

    String model() {
      return generation.model();
    }
  }

  private final Vertx vertx;
  private final Generations generations;
  private final VectorBackendProvider provider;
  private final Path directory;
  private final String databaseUrl;
  private final PluginSettings settings;
  private final String configuredProvider;
  private final long retireDelayMs;
  private Future<Index> live;
  private Future<Optional<Index>> building = Future.succeededFuture(Optional.empty());

  Indexes(Vertx vertx, Generations generations, VectorBackendProvider provider, Path directory, String databaseUrl,
      PluginSettings settings, String configuredProvider, long retireDelayMs) {
    this.vertx = vertx;
    this.generations = generations;
    this.provider = provider;
    this.directory = directory;
    this.databaseUrl = databaseUrl;
    this.settings = settings;
    this.configuredProvider = configuredProvider;
    this.retireDelayMs = retireDelayMs;
  }

  String backendName() {
    return provider.name();
  }

  /** The live index, opened once; a failed opening is forgotten so the next request tries again. */
  Future<Index> live() {
    if (live == null) {
      Future<Index> opening = liveGeneration().compose(this::open);
      live = opening;
      opening.onFailure(error -> {
        LOG.warn("cannot open the vector index yet: {}", error.getMessage());
        if (live == opening) {
          live = null;
        }
      });
    }
    return live;
  }

  /** The building index, when a re-index runs. */
  Future<Optional<Index>> building() {
    return building;
  }

  /**
   * The live generation, recorded when there is none yet (the configured model's, on the first
   * use of an empty server), and its provider recorded when it is an index older than the table
   * whose model the configured provider makes.
   */
  private Future<Generation> liveGeneration() {
    return generations.inState(Generations.LIVE).compose(found -> {
      if (found.isEmpty()) {
        return info(configuredProvider).compose(info -> generations.recordFirstLive(configuredProvider, info.getString("model"),
            info.getInteger("dimension")));
      }
      Generation live = found.get();
      if (live.provider() != null) {
        return Future.succeededFuture(live);
      }
      return info(configuredProvider).compose(info -> {
        if (!info.getString("model").equals(live.model())) {
          return Future.failedFuture(new Failure(503, Failure.UNAVAILABLE, "the search index was built with the embedding model "
              + live.model() + ", which the configured provider " + configuredProvider + " does not make (it makes "
              + info.getString("model") + "): run POST /api/v1/admin/reindex to rebuild it").asException());
        }
        return generations.recordProvider(live.id(), configuredProvider).compose(v -> generations.inState(Generations.LIVE))
            .map(Optional::orElseThrow);
      });
    });
  }

  /** Opens the backend of a generation, after checking that its provider still makes its model. */
  Future<Index> open(Generation generation) {
    return info(generation.provider()).compose(info -> {
      if (!info.getString("model").equals(generation.model()) || !info.getInteger("dimension").equals(generation.dimension())) {
        return Future.failedFuture(new Failure(503, Failure.UNAVAILABLE, "the index generation " + generation.id() + " holds vectors of "
            + generation.model() + " but its provider " + generation.provider() + " now makes " + info.getString("model")
            + " (its settings changed): restore them, or run POST /api/v1/admin/reindex").asException());
      }
      return vertx.executeBlocking(() -> provider.open(new VectorBackendContext(directoryOf(generation), databaseUrl,
          generation.dimension(), settings)));
    }).map(backend -> {
      LOG.info("vector index of {} ({}) open: backend {} in {}", generation.model(), generation.state(), provider.name(),
          directoryOf(generation));
      return new Index(generation, backend);
    });
  }

  /** One directory (or pgvector table, named after it) per model, as before generations existed. */
  private Path directoryOf(Generation generation) {
    return directory.resolve(generation.model().replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  Future<JsonObject> info(String providerName) {
    return vertx.eventBus().<JsonObject>request(EmbeddingBus.INFO, new JsonObject().put("provider", providerName)).map(Message::body);
  }

  /**
   * Follows the table: a new live generation swapped in (reusing the index this node built for it,
   * if it did), a building one opened, one that ended without becoming live dropped. The old live
   * index stays open for {@code retireDelayMs} for the searches that already read it; then its
   * vectors are dropped.
   */
  Future<Void> refresh() {
    return Future.all(generations.inState(Generations.LIVE), generations.inState(Generations.BUILDING))
        .compose(rows -> building.compose(open -> {
          Generation liveRow = rows.<Optional<Generation>>resultAt(0).orElse(null);
          Generation buildingRow = rows.<Optional<Generation>>resultAt(1).orElse(null);
          Optional<Index> built = open.filter(i -> liveRow != null && i.generation().id().equals(liveRow.id()));
          if (built.isPresent()) {
            building = Future.succeededFuture(Optional.empty());
          }
          return followLive(liveRow, built).compose(v -> followBuilding(buildingRow));
        }));
  }

  private Future<Void> followLive(Generation liveRow, Optional<Index> built) {
    Future<Index> current = live;
    if (liveRow == null || current == null || !current.isComplete()) {
      // not opened here yet: live() will open the generation now live (the index built here, if any)
      built.ifPresent(index -> live = Future.succeededFuture(new Index(liveRow, index.backend())));
      return Future.succeededFuture();
    }
    if (current.succeeded() && current.result().generation().id().equals(liveRow.id())) {
      return Future.succeededFuture();
    }
    Future<Index> next = built.map(index -> Future.succeededFuture(new Index(liveRow, index.backend()))).orElseGet(() -> open(liveRow));
    return next.map(index -> {
      live = Future.succeededFuture(index);
      if (current.succeeded()) {
        Index old = current.result();
        LOG.info("the search index is now {} (was {}); the old one is dropped in {} ms", liveRow.model(), old.model(), retireDelayMs);
        vertx.setTimer(retireDelayMs, t -> drop(old));
      }
      return null;
    });
  }

  private Future<Void> followBuilding(Generation wanted) {
    return building.compose(current -> {
      UUID have = current.map(i -> i.generation().id()).orElse(null);
      UUID want = wanted == null ? null : wanted.id();
      if (Objects.equals(have, want)) {
        // the same rebuild: keep its index, with the latest progress figures
        current.ifPresent(index -> building = Future.succeededFuture(Optional.of(new Index(wanted, index.backend()))));
        return Future.succeededFuture();
      }
      // a rebuild that ended without becoming live (cancelled, failed): its vectors go
      current.ifPresent(this::drop);
      building = wanted == null ? Future.succeededFuture(Optional.empty()) : open(wanted).map(Optional::of)
          .recover(error -> {
            LOG.warn("cannot open the index being rebuilt ({}): {}", wanted.model(), error.getMessage());
            return Future.succeededFuture(Optional.empty());
          });
      return building.mapEmpty();
    });
  }

  /** Removes every vector of a backend (an index about to be rebuilt from nothing, or dropped), page by page. */
  Future<Long> clear(VectorBackend backend) {
    return Stages.of(vertx, backend.chunkIds(null, 1000)).compose(ids -> ids.isEmpty() ? Future.succeededFuture(0L)
        : Stages.of(vertx, backend.deleteChunks(ids)).compose(n -> clear(backend).map(more -> n + more)));
  }

  /** Clears and closes an index no generation uses any more, and removes its directory. */
  Future<Void> drop(Index index) {
    return clear(index.backend()).compose(n -> vertx.executeBlocking(() -> {
      index.backend().close();
      deleteTree(directoryOf(index.generation()));
      LOG.info("dropped the index of {} ({} vectors)", index.model(), n);
      return null;
    })).<Void>mapEmpty().onFailure(error -> LOG.warn("could not drop the index of {}: {}", index.model(), error.getMessage()));
  }

  /** Closes what is open (the verticle stops). */
  Future<Void> closeAll() {
    Future<Void> closedLive = live == null ? Future.succeededFuture()
        : live.compose(index -> vertx.executeBlocking(() -> {
          index.backend().close();
          return null;
        })).<Void>mapEmpty().otherwiseEmpty();
    return closedLive.compose(v -> building.compose(b -> b.isEmpty() ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          b.get().backend().close();
          return null;
        })).<Void>mapEmpty().otherwiseEmpty());
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Both open indexes, the live one first: where a write or delete must land while a re-index runs. */
  Future<List<Index>> writable() {
    return live().compose(l -> building.map(b -> b.isEmpty() ? List.of(l) : List.of(l, b.get())));
  }
}
