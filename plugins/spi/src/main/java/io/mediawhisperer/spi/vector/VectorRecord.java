package io.mediawhisperer.spi.vector;

import java.util.UUID;

/**
 * One chunk's vector and what a search filters on.
 *
 * @param collectionId the source's collection, or null
 * @param model        the embedding model's name (vectors of different models are never mixed)
 */
public record VectorRecord(UUID chunkId, UUID userId, UUID sourceId, UUID collectionId, String model, float[] vector) {
}
