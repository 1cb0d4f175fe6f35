package io.mediawhisperer.spi.vector;

/**
 * The checks every backend makes on what it is given, in one place so that every backend fails
 * the same input with the same message (the contract kit asserts them).
 */
public final class VectorChecks {

  private VectorChecks() {
  }

  /**
   * What an upsert writes: every record checked, its vector a unit-length copy, and when a batch
   * repeats a chunk id the last record wins, as if they had been upserted in turn.
   */
  public static java.util.List<VectorRecord> unitRecords(java.util.List<VectorRecord> records, int dimension) {
    java.util.Objects.requireNonNull(records, "records");
    java.util.Map<java.util.UUID, VectorRecord> byChunk = new java.util.LinkedHashMap<>();
    for (VectorRecord r : records) {
      record(r);
      byChunk.remove(r.chunkId());
      byChunk.put(r.chunkId(), new VectorRecord(r.chunkId(), r.userId(), r.sourceId(), r.collectionId(), r.model(),
          unitCopy(r.vector(), dimension, "record " + r.chunkId()), r.text()));
    }
    return java.util.List.copyOf(byChunk.values());
  }

  /** Checks a search's query; returns its vector as a unit-length copy. */
  public static float[] unitQuery(VectorQuery query, int dimension) {
    java.util.Objects.requireNonNull(query, "query");
    if (query.userId() == null) {
      throw new IllegalArgumentException("query: userId is required");
    }
    if (query.model() == null || query.model().isBlank()) {
      throw new IllegalArgumentException("query: model is required");
    }
    return unitCopy(query.vector(), dimension, "query");
  }

  /** Checks everything of a record but its vector. */
  public static void record(VectorRecord r) {
    if (r == null) {
      throw new IllegalArgumentException("a record is null");
    }
    if (r.chunkId() == null || r.userId() == null || r.sourceId() == null) {
      throw new IllegalArgumentException("record " + r.chunkId() + ": chunkId, userId and sourceId are required");
    }
    if (r.model() == null || r.model().isBlank()) {
      throw new IllegalArgumentException("record " + r.chunkId() + ": model is required");
    }
  }

  /**
   * Checks a vector's length and values and returns a unit-length copy (cosine similarity is then
   * a dot product).
   *
   * @param what names the vector in the message ("record <id>", "query")
   */
  public static float[] unitCopy(float[] v, int dimension, String what) {
    if (v == null) {
      throw new IllegalArgumentException(what + ": vector is required");
    }
    if (v.length != dimension) {
      throw new IllegalArgumentException(what + ": vector dimension mismatch: expected " + dimension + ", got " + v.length);
    }
    double sum = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(what + ": vector holds a non-finite value (" + x + ")");
      }
      sum += (double) x * x;
    }
    if (sum == 0) {
      throw new IllegalArgumentException(what + ": vector is all zeros (it has no direction)");
    }
    float[] copy = v.clone();
    if (Math.abs(sum - 1) > 1e-6) {
      float inv = (float) (1 / Math.sqrt(sum));
      for (int i = 0; i < copy.length; i++) {
        copy[i] *= inv;
      }
    }
    return copy;
  }
}
