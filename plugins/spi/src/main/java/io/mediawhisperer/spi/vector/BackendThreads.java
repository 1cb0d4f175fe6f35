package io.mediawhisperer.spi.vector;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads of a blocking vector backend (one writer thread, a pool of search threads) and the
 * closing of them, written once for every backend: after {@link #markClosed()} nothing more is
 * accepted, and {@link #awaitAccepted} lets what was accepted finish before the backend frees its
 * store. A backend's {@code close()} is: mark closed, await the accepted work, close its own
 * resources with {@link #closeQuietly}, throw the first failure.
 */
public final class BackendThreads {

  /** How long close waits for each executor's accepted work. */
  static final long AWAIT_SECONDS = 60;

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final String threadPrefix;
  private final ScheduledExecutorService writer;
  private final ExecutorService search;
  private final Supplier<IllegalStateException> closedException;
  private final Object lifecycle = new Object();
  private boolean closed;

  /**
   * Starts the writer thread and {@code searchThreads} search threads, named
   * {@code mw-<backend>-<n>-writer-1} and {@code mw-<backend>-<n>-search-<i>}.
   *
   * @param closedException what a call after close fails with (it names the backend and its store)
   */
  public BackendThreads(String backend, int searchThreads, Supplier<IllegalStateException> closedException) {
    this.threadPrefix = "mw-" + backend + "-" + INSTANCES.incrementAndGet() + "-";
    this.writer = Executors.newSingleThreadScheduledExecutor(daemonThreads(threadPrefix + "writer"));
    this.search = Executors.newFixedThreadPool(searchThreads, daemonThreads(threadPrefix + "search"));
    this.closedException = closedException;
  }

  /** The one thread that writes, so writes apply in the order they were accepted; it may also run timed maintenance. */
  public ScheduledExecutorService writer() {
    return writer;
  }

  /** The threads that search. */
  public ExecutorService search() {
    return search;
  }

  /** The start of the names of these threads (for tests and thread dumps). */
  public String threadPrefix() {
    return threadPrefix;
  }

  /** {@link #submit} on the writer thread. */
  public <T> CompletionStage<T> submitWrite(Work<T> work) {
    return submit(writer, work);
  }

  /** {@link #submit} on the search threads. */
  public <T> CompletionStage<T> submitSearch(Work<T> work) {
    return submit(search, work);
  }

  /** Named, numbered daemon threads: a backend left open does not keep the JVM alive. */
  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Work that may throw anything; its failure fails the future it is run for. */
  public interface Work<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code work} on {@code executor} (the writer or the search threads) unless the backend is
   * closed; the future fails as the work fails, or with the closed exception.
   */
  private <T> CompletionStage<T> submit(ExecutorService executor, Work<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Runnable task = () -> {
      try {
        future.complete(work.run());
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    };
    return ifOpen(() -> {
      executor.execute(task);
      return future;
    });
  }

  /**
   * Starts work with {@code start} under the lifecycle lock, so that close cannot slip between the
   * check and the hand-over to an executor; when closed, or when the executor rejects the work
   * (it is shutting down), the future fails with the closed exception.
   */
  public <T> CompletionStage<T> ifOpen(Supplier<CompletionStage<T>> start) {
    synchronized (lifecycle) {
      if (closed) {
        return CompletableFuture.failedFuture(closedException.get());
      }
      try {
        return start.get();
      } catch (RejectedExecutionException e) {
        return CompletableFuture.failedFuture(closedException.get());
      }
    }
  }

  /** The exception a call after close fails with. */
  public IllegalStateException closedException() {
    return closedException.get();
  }

  /** Refuses all later work; true only for the call that closed, so close stays idempotent. */
  public boolean markClosed() {
    synchronized (lifecycle) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  /**
   * Blocking: waits up to 60 s for each executor's accepted work, then stops it. Returns why the
   * writes did not all finish (they are named by {@code writes}, e.g. "vector writes to /x"), an
   * interrupt, or null.
   */
  public Exception awaitAccepted(String writes) {
    Exception failure = null;
    writer.shutdown();
    search.shutdown();
    try {
      if (!writer.awaitTermination(AWAIT_SECONDS, TimeUnit.SECONDS)) {
        writer.shutdownNow();
        failure = new IllegalStateException(writes + " did not finish within " + AWAIT_SECONDS + " s of close");
      }
      if (!search.awaitTermination(AWAIT_SECONDS, TimeUnit.SECONDS)) {
        search.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      search.shutdownNow();
      Thread.currentThread().interrupt();
      failure = e;
    }
    return failure;
  }

  /** One step of closing a backend's own resources. */
  public interface Closing {
    void run() throws Exception;
  }

  /**
   * Runs {@code step}; its exception becomes the failure, or is suppressed into the earlier one,
   * so that every step runs and the first failure is thrown at the end.
   */
  public static Exception closeQuietly(Closing step, Exception failure) {
    try {
      step.run();
    } catch (Exception e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
    }
    return failure;
  }
}
