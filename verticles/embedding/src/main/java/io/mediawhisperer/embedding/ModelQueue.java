package io.mediawhisperer.embedding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which embedding request the model runs next. Interactive requests (a search's question) come
 * first, always; bulk requests (ingestion's batches) are served one lane at a time in turn, so a
 * job that queued many batches does not hold back one that queued a few: a 5-page PDF's batches
 * interleave with a 1,000-page one's instead of waiting behind them. Bulk requests are bounded;
 * interactive ones are small and few (one per search). Not thread-safe: one event loop owns it.
 *
 * @param <T> what a request is, for the caller
 */
final class ModelQueue<T> {

  private final ArrayDeque<T> interactive = new ArrayDeque<>();
  private final Map<String, ArrayDeque<T>> lanes = new HashMap<>();
  /** Lanes with work, in the order they are served; a lane goes to the back after each request. */
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private final int maxBulk;
  private int bulk;

  ModelQueue(int maxBulk) {
    this.maxBulk = maxBulk;
  }

  void addInteractive(T request) {
    interactive.add(request);
  }

  /** False when {@code maxBulk} bulk requests already wait: the caller should fail fast and try later. */
  boolean addBulk(String lane, T request) {
    if (bulk >= maxBulk) {
      return false;
    }
    ArrayDeque<T> waiting = lanes.computeIfAbsent(lane, l -> new ArrayDeque<>());
    if (waiting.isEmpty()) {
      turns.add(lane);
    }
    waiting.add(request);
    bulk++;
    return true;
  }

  T nextInteractive() {
    return interactive.poll();
  }

  T nextBulk() {
    String lane = turns.poll();
    if (lane == null) {
      return null;
    }
    ArrayDeque<T> waiting = lanes.get(lane);
    T next = waiting.poll();
    bulk--;
    if (waiting.isEmpty()) {
      lanes.remove(lane);
    } else {
      turns.add(lane);
    }
    return next;
  }

  int bulkWaiting() {
    return bulk;
  }

  /** Everything still waiting, emptied out (the verticle stops). */
  List<T> drain() {
    List<T> all = new ArrayList<>(interactive);
    interactive.clear();
    for (T next = nextBulk(); next != null; next = nextBulk()) {
      all.add(next);
    }
    return all;
  }
}
