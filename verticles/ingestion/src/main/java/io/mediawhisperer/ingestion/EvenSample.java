package io.mediawhisperer.ingestion;

import java.util.ArrayList;
import java.util.List;

/**
 * An even sample of a sequence whose length is not known in advance, in at most {@code 2 x max}
 * items: every {@code stride}-th item is kept, and when the sample fills up every other kept item
 * goes and the stride doubles. What remains covers the whole sequence at one spacing, so a
 * summary of a book-length source sees all of it without holding all of it.
 */
final class EvenSample {

  private final int max;
  private final List<String> kept = new ArrayList<>();
  private long offered;
  private long stride = 1;

  EvenSample(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    this.max = max;
  }

  void offer(String item) {
    if (offered++ % stride != 0) {
      return;
    }
    kept.add(item);
    if (kept.size() == 2 * max) {
      thin();
    }
  }

  /** At most {@code max} items, evenly spaced over everything offered, in order. */
  List<String> texts() {
    List<String> sample = new ArrayList<>(kept);
    int step = (sample.size() + max - 1) / max;
    if (step <= 1) {
      return sample;
    }
    List<String> thinned = new ArrayList<>(max);
    for (int i = 0; i < sample.size(); i += step) {
      thinned.add(sample.get(i));
    }
    return thinned;
  }

  private void thin() {
    // the items at even places are the ones that fall on the doubled stride
    List<String> even = new ArrayList<>(max);
    for (int i = 0; i < kept.size(); i += 2) {
      even.add(kept.get(i));
    }
    kept.clear();
    kept.addAll(even);
    stride *= 2;
  }
}
