package io.mediawhisperer.retrieval;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code embedding_cache} table: each user's vectors by model and SHA-256 of the chunk text,
 * as stored in {@code chunks.text} (so PostgreSQL computes the same hash from a chunk row). Per
 * user, never shared between users. Its bounds are kept by {@link EmbeddingCacheSweep}.
 */
final class EmbeddingCache {

  /** The model a vector is of: its name and length. A vector is reused only for the same identity. */
  record Identity(String model, int dimension) {
  }

  /** A text's hash and its vector (little-endian float32). */
  record Entry(byte[] hash, byte[] vector) {
  }

  /** A cached vector (little-endian float32) and whether its last use is old enough to be recorded again. */
  record Hit(byte[] vector, boolean stale) {
  }

  private static final HexFormat HEX = HexFormat.of();

  private final Pool pool;
  private final boolean enabled;

  EmbeddingCache(Pool pool, boolean enabled) {
    this.pool = pool;
    this.enabled = enabled;
  }

  /** False with {@code embedding-cache-max-entries} 0: nothing is looked up or written (deletes still purge). */
  boolean enabled() {
    return enabled;
  }

  static byte[] hash(String storedText) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(storedText.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A hash as a map key. */
  static String key(byte[] hash) {
    return HEX.formatHex(hash);
  }

  /** The hits among {@code hashes}, by {@link #key}. */
  Future<Map<String, Hit>> lookup(UUID userId, Identity identity, List<byte[]> hashes) {
    return pool.preparedQuery(RetrievalSql.CACHED_VECTORS)
        .execute(Tuple.of(userId, identity.model(), identity.dimension(), buffers(hashes)))
        .map(rows -> {
          Map<String, Hit> hits = new HashMap<>();
          for (Row row : rows) {
            byte[] vector = row.getBuffer("vector").getBytes();
            if (vector.length == identity.dimension() * Float.BYTES) {
              hits.put(key(row.getBuffer("text_hash").getBytes()), new Hit(vector, row.getBoolean("stale")));
            }
          }
          return hits;
        });
  }

  /**
   * Stores the new vectors of a batch of {@code sourceId} (unless the source was deleted meanwhile)
   * and records the use of the stale hits. Rows go in hash order, so two batches writing the same
   * entries lock them in the same order.
   */
  Future<Void> remember(UUID userId, UUID sourceId, Identity identity, List<Entry> fresh, List<byte[]> stale) {
    List<Future<?>> writes = new ArrayList<>(2);
    if (!fresh.isEmpty()) {
      List<Entry> sorted = new ArrayList<>(fresh);
      sorted.sort((a, b) -> Arrays.compareUnsigned(a.hash(), b.hash()));
      Buffer[] hashes = sorted.stream().map(e -> Buffer.buffer(e.hash())).toArray(Buffer[]::new);
      Buffer[] vectors = sorted.stream().map(e -> Buffer.buffer(e.vector())).toArray(Buffer[]::new);
      writes.add(pool.preparedQuery(RetrievalSql.CACHE_VECTORS)
          .execute(Tuple.of(userId, identity.model(), identity.dimension(), hashes, vectors, sourceId)));
    }
    if (!stale.isEmpty()) {
      List<byte[]> sorted = new ArrayList<>(stale);
      sorted.sort(Arrays::compareUnsigned);
      writes.add(pool.preparedQuery(RetrievalSql.TOUCH_CACHED).execute(Tuple.of(userId, identity.model(), buffers(sorted))));
    }
    return Future.all(writes).mapEmpty();
  }

  /**
   * In a transaction that holds the sources' rows ({@link RetrievalSql#LOCK_SOURCES_FOR_DELETE}),
   * before it deletes them: the entries of their texts, for each of their users; returns how many.
   */
  static Future<Long> purge(SqlConnection conn, Map<UUID, List<UUID>> sourcesByUser) {
    Future<Long> purged = Future.succeededFuture(0L);
    for (Map.Entry<UUID, List<UUID>> user : sourcesByUser.entrySet()) {
      purged = purged.compose(n -> conn.preparedQuery(RetrievalSql.PURGE_CACHE)
          .execute(Tuple.of(user.getKey(), (Object) user.getValue().toArray(UUID[]::new)))
          .map(rows -> n + rows.rowCount()));
    }
    return purged;
  }

  /** The locked rows of {@link RetrievalSql#LOCK_SOURCES_FOR_DELETE}, grouped by user. */
  static Map<UUID, List<UUID>> sourcesByUser(Iterable<Row> locked) {
    Map<UUID, List<UUID>> byUser = new LinkedHashMap<>();
    for (Row row : locked) {
      byUser.computeIfAbsent(row.getUUID("user_id"), u -> new ArrayList<>()).add(row.getUUID("source_id"));
    }
    return byUser;
  }

  private static Buffer[] buffers(List<byte[]> bytes) {
    return bytes.stream().map(Buffer::buffer).toArray(Buffer[]::new);
  }
}
