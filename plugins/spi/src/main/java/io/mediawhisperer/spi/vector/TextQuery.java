package io.mediawhisperer.spi.vector;

import java.util.Set;
import java.util.UUID;

/**
 * A full-text search, always within one user's chunks of one model (since SPI 0.6).
 *
 * @param text         what the person typed; the backend analyses it
 * @param sourceIds    only these sources when not empty
 * @param collectionId only this collection when not null
 */
public record TextQuery(UUID userId, String model, String text, int k, Set<UUID> sourceIds, UUID collectionId) {

  public TextQuery {
    sourceIds = sourceIds == null ? Set.of() : Set.copyOf(sourceIds);
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1");
    }
  }
}
