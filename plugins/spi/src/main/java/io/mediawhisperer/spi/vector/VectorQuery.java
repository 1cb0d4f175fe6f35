package io.mediawhisperer.spi.vector;

import java.util.Set;
import java.util.UUID;

/**
 * A k-nearest-neighbour search, always within one user's vectors of one model.
 *
 * @param sourceIds    only these sources when not empty
 * @param collectionId only this collection when not null
 */
public record VectorQuery(UUID userId, String model, float[] vector, int k, Set<UUID> sourceIds, UUID collectionId) {

  public VectorQuery {
    sourceIds = sourceIds == null ? Set.of() : Set.copyOf(sourceIds);
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1");
    }
  }
}
