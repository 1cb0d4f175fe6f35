package io.mediawhisperer.blob;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's blob store (the plugin named by {@code blob-store}), for verticles: every call runs on
 * a worker pool of its own and returns a future, so no verticle blocks its event loop on a file or
 * a database. One store is opened per Vert.x instance and shared by every verticle that acquires
 * it (the http verticle runs one instance per core; each would otherwise open its own connection
 * pool); the last {@link #close()} closes it.
 */
public final class Blobs {

  private static final Logger LOG = LoggerFactory.getLogger(Blobs.class);
  /** Bytes read per step when a blob is streamed to a client. */
  static final int PIPE_CHUNK = 64 * 1024;
  private static final Map<Vertx, Shared> SHARED = new HashMap<>();

  private final Shared shared;
  private boolean released;

  private Blobs(Shared shared) {
    this.shared = shared;
  }

  /** What is shared per Vert.x: the opened store (a future, so concurrent acquirers wait for one opening) and its workers. */
  private static final class Shared {
    final Vertx vertx;
    final WorkerExecutor workers;
    final Future<BlobStore> store;
    final String name;
    int users;

    Shared(Vertx vertx, WorkerExecutor workers, Future<BlobStore> store, String name) {
      this.vertx = vertx;
      this.workers = workers;
      this.store = store;
      this.name = name;
    }
  }

  /**
   * The node's blob store, opened on first use: {@code blob-store} names the plugin, the local
   * store lives in {@code <data-dir>/blobs}, plugin settings are the {@code blob-store-*} keys.
   */
  public static Future<Blobs> acquire(Vertx vertx, JsonObject config) {
    String name = config.getString(ConfigKeys.BLOB_STORE.name(), "local");
    Shared shared;
    synchronized (SHARED) {
      shared = SHARED.get(vertx);
      if (shared != null && !shared.name.equals(name)) {
        return Future.failedFuture(new IllegalStateException("this node already uses the blob store '" + shared.name
            + "'; one node cannot use two ('" + name + "' asked for)"));
      }
      if (shared == null) {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("mw-blobs", 8);
        Path directory = Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data")).resolve("blobs");
        BlobStoreContext context = new BlobStoreContext(directory, config.getString(ConfigKeys.DB_URL.name()),
            Plugins.settings(config, "blob-store"));
        Future<BlobStore> store = workers.executeBlocking(() -> {
          BlobStore opened = Plugins.load(vertx, BlobStoreProvider.class).get(name).open(context);
          LOG.info("blob store {} open{}", name, name.equals("local") ? " in " + directory.toAbsolutePath() : "");
          return opened;
        }, false);
        shared = new Shared(vertx, workers, store, name);
        SHARED.put(vertx, shared);
        Shared opening = shared;
        store.onFailure(e -> {
          synchronized (SHARED) {
            SHARED.remove(vertx, opening);
          }
          workers.close();
        });
      }
      shared.users++;
    }
    Shared acquired = shared;
    return acquired.store.map(s -> new Blobs(acquired))
        .onFailure(e -> {
          synchronized (SHARED) {
            acquired.users--;
          }
        });
  }

  /** Releases this handle; the last one closes the store. */
  public Future<Void> close() {
    boolean last;
    synchronized (SHARED) {
      if (released) {
        return Future.succeededFuture();
      }
      released = true;
      last = --shared.users == 0;
      if (last) {
        SHARED.remove(shared.vertx, shared);
      }
    }
    if (!last) {
      return Future.succeededFuture();
    }
    // Not on the blob workers: they were created in the context of whichever verticle acquired the
    // store first, and Vert.x closes them when that verticle is undeployed, which at shutdown may
    // be before this last release; work handed to a closed executor may never complete.
    return shared.vertx.<Void>executeBlocking(() -> {
          shared.store.result().close();
          return null;
        }, false)
        .andThen(done -> shared.workers.close());
  }

  /** The store itself, for code that already runs on a worker thread (every call blocks). */
  public BlobStore store() {
    return shared.store.result();
  }

  /** Runs blocking work against the store on the blob workers (for steps that combine several calls). */
  public <T> Future<T> blocking(BlobWork<T> work) {
    return shared.workers.executeBlocking(() -> work.run(shared.store.result()), false);
  }

  public interface BlobWork<T> {
    T run(BlobStore store) throws Exception;
  }

  /** Stores {@code file} under {@code key} and removes it (see {@link BlobStore#moveIn}). */
  public Future<Long> moveIn(String key, Path file) {
    return blocking(s -> s.moveIn(key, file));
  }

  public Future<Long> put(String key, Buffer bytes) {
    return blocking(s -> s.put(key, new java.io.ByteArrayInputStream(bytes.getBytes())));
  }

  public Future<Void> rename(String from, String to) {
    return blocking(s -> {
      s.rename(from, to);
      return null;
    });
  }

  public Future<Boolean> delete(String key) {
    return blocking(s -> s.delete(key));
  }

  public Future<Long> deletePrefix(String prefix) {
    return blocking(s -> s.deletePrefix(prefix));
  }

  public Future<Boolean> exists(String key) {
    return blocking(s -> s.exists(key));
  }

  public Future<List<BlobInfo>> list(String prefix, String after, int limit) {
    return blocking(s -> s.list(prefix, after, limit));
  }

  /** Opens a blob for {@link #pipe}; a missing blob fails with a 404 {@link Failure}. */
  public Future<BlobContent> open(String key) {
    return blocking(s -> s.open(key)).recover(e -> Future.failedFuture(e instanceof NoSuchFileException
        ? Failure.notFound("the file is missing from the blob store").asException()
        : e));
  }

  /** Opens {@code length} bytes from {@code offset} (a Range request the caller checked against the size). */
  public Future<BlobContent> open(String key, long offset, long length) {
    return blocking(s -> s.open(key, offset, length)).recover(e -> Future.failedFuture(e instanceof NoSuchFileException
        ? Failure.notFound("the file is missing from the blob store").asException()
        : e));
  }

  /**
   * Streams an opened blob into {@code out} a piece at a time: each piece is read on a worker and
   * written on the caller's context, and the next read waits while {@code out}'s queue is full,
   * so a slow client holds at most a few pieces in memory. Closes the content in every outcome;
   * does not end {@code out}.
   */
  public Future<Void> pipe(BlobContent content, WriteStream<Buffer> out) {
    Promise<Void> done = Promise.promise();
    // a client that goes away while its queue is full never drains: its close ends the pipe
    out.exceptionHandler(done::tryFail);
    pump(content, out, done);
    return done.future().andThen(finished -> shared.workers.executeBlocking(() -> {
      content.close();
      return null;
    }, false));
  }

  private void pump(BlobContent content, WriteStream<Buffer> out, Promise<Void> done) {
    if (done.future().isComplete()) {
      return;
    }
    Callable<Buffer> readPiece = () -> {
      byte[] piece = content.stream().readNBytes(PIPE_CHUNK);
      return piece.length == 0 ? null : Buffer.buffer(piece);
    };
    shared.workers.executeBlocking(readPiece, true).onComplete(read -> {
      if (read.failed()) {
        done.tryFail(read.cause());
        return;
      }
      Buffer piece = read.result();
      if (piece == null) {
        done.tryComplete();
        return;
      }
      out.write(piece).onFailure(done::tryFail);
      if (out.writeQueueFull()) {
        out.drainHandler(v -> pump(content, out, done));
      } else {
        pump(content, out, done);
      }
    });
  }
}
