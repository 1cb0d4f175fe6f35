package io.mediawhisperer.spi.vector;

import java.util.UUID;

/**
 * One chunk's vector and what a search filters on.
 *
 * @param collectionId the source's collection, or null
 * @param model        the embedding model's name (vectors of different models are never mixed)
 * @param text         the chunk's text, for a backend that also ranks text ({@link VectorBackend#ranksText()}); null
 *                     when the caller has none (since SPI 0.6)
 */
public record VectorRecord(UUID chunkId, UUID userId, UUID sourceId, UUID collectionId, String model, float[] vector, String text) {

  /** A record without text, as SPI 0.1-0.5 made them. */
  public VectorRecord(UUID chunkId, UUID userId, UUID sourceId, UUID collectionId, String model, float[] vector) {
    this(chunkId, userId, sourceId, collectionId, model, vector, null);
  }
}
