package io.mediawhisperer.spi.vector;

import java.util.UUID;

/** A search result: cosine similarity in [-1, 1], higher is nearer. */
public record VectorHit(UUID chunkId, UUID sourceId, float score) {
}
