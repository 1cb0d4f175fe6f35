package io.mediawhisperer.testsupport.eval;

import java.util.List;

/**
 * How hybrid search merges the vector and the text ranking, as the offline sweep replays it. The
 * server's own fusion (retrieval's Fusion, package-private) can be plugged in here in its place.
 */
@FunctionalInterface
public interface RankFusion {

  /** The weight of each ranking and the rank constant (k of reciprocal rank fusion). */
  record Weights(double vector, double text, int k) {
  }

  /** One ranking of chunk ids from the two, best first. */
  List<String> fuse(List<String> vector, List<String> text, Weights weights);
}
