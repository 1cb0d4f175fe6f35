package io.mediawhisperer.retrieval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The table {@code index_generations}: which embedding model built the live index, and the
 * re-index building another beside it (see its migration, V16).
 */
final class Generations {

  static final String LIVE = "live";
  static final String BUILDING = "building";
  static final String RETIRED = "retired";
  static final String CANCELLED = "cancelled";
  static final String FAILED = "failed";

  /** One row. {@code provider} is null only for an index older than the table whose provider is not known yet. */
  record Generation(UUID id, String provider, String model, int dimension, String state, UUID startedBy, long total,
      long done, UUID cursor, String runner, String error, OffsetDateTime createdAt, OffsetDateTime heartbeatAt,
      OffsetDateTime completedAt) {

    static Generation of(Row row) {
      return new Generation(row.getUUID("id"), row.getString("provider"), row.getString("model"), row.getInteger("dimension"),
          row.getString("state"), row.getUUID("started_by"), row.getLong("total"), row.getLong("done"), row.getUUID("cursor_id"),
          row.getString("runner"), row.getString("error"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("heartbeat_at"),
          row.getOffsetDateTime("completed_at"));
    }

    /** The rebuild as the HTTP contract's Job (type {@code reindex}); a live or retired generation it built is completed. */
    JsonObject job() {
      String status = switch (state) {
        case BUILDING -> "running";
        case LIVE, RETIRED -> "completed";
        default -> "failed";
      };
      int progress = state.equals(LIVE) || state.equals(RETIRED) ? 100
          : total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
      JsonObject job = new JsonObject().put("id", id.toString()).put("type", "reindex").put("status", status)
          .put("progress", progress).put("embeddingModel", provider).put("model", model).put("dimension", dimension)
          .put("chunksDone", done).put("chunksTotal", total).put("createdAt", createdAt.toInstant().toString())
          .put("startedAt", createdAt.toInstant().toString());
      if (completedAt != null) {
        job.put("completedAt", completedAt.toInstant().toString());
      }
      if (error != null) {
        job.put("error", error);
      }
      return job;
    }
  }

  private static final String COLUMNS = "id, provider, model, dimension, state, started_by, total, done, cursor_id, runner,"
      + " error, created_at, heartbeat_at, completed_at";

  private final Pool pool;

  Generations(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<Generation>> inState(String state) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM index_generations WHERE state = $1").execute(Tuple.of(state))
        .map(Generations::first);
  }

  Future<Optional<Generation>> byId(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM index_generations WHERE id = $1").execute(Tuple.of(id))
        .map(Generations::first);
  }

  /** The most recent rebuild (any state but the first live one, which no rebuild made). */
  Future<Optional<Generation>> lastRebuild() {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM index_generations WHERE started_by IS NOT NULL"
        + " ORDER BY created_at DESC LIMIT 1").execute().map(Generations::first);
  }

  /** Records the first index's model; when another node recorded one meanwhile, that one stands. */
  Future<Generation> recordFirstLive(String provider, String model, int dimension) {
    return pool.preparedQuery("INSERT INTO index_generations (id, provider, model, dimension, state) VALUES ($1, $2, $3, $4, 'live')"
            + " ON CONFLICT DO NOTHING").execute(Tuple.of(UUID.randomUUID(), provider, model, dimension))
        .compose(v -> inState(LIVE)).map(Optional::orElseThrow);
  }

  /** An index older than this table: its provider, once known to make its model. */
  Future<Void> recordProvider(UUID id, String provider) {
    return pool.preparedQuery("UPDATE index_generations SET provider = $2 WHERE id = $1 AND provider IS NULL")
        .execute(Tuple.of(id, provider)).mapEmpty();
  }

  /** A new building generation, claimed by {@code runner}; empty when one is building already. */
  Future<Optional<Generation>> startBuilding(String provider, String model, int dimension, UUID startedBy, String runner) {
    return pool.preparedQuery("INSERT INTO index_generations (id, provider, model, dimension, state, started_by, total, runner, heartbeat_at)"
            + " VALUES ($1, $2, $3, $4, 'building', $5, (SELECT count(*) FROM chunks), $6, now()) ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
        .execute(Tuple.of(UUID.randomUUID(), provider, model, dimension, startedBy, runner))
        .map(Generations::first);
  }

  /** Takes over a building generation whose runner has not reported for {@code staleSeconds}. */
  Future<Optional<Generation>> claimStale(String runner, int staleSeconds) {
    return pool.preparedQuery("UPDATE index_generations SET runner = $1, heartbeat_at = now() WHERE state = 'building'"
            + " AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2)) RETURNING " + COLUMNS)
        .execute(Tuple.of(runner, staleSeconds)).map(Generations::first);
  }

  /**
   * Progress of the rebuild run by {@code runner}: false when it is no longer building or no longer
   * this runner's (cancelled, or taken over), so the runner stops.
   */
  Future<Boolean> advance(UUID id, String runner, UUID cursor, long added) {
    return pool.preparedQuery("UPDATE index_generations SET cursor_id = COALESCE($3, cursor_id), done = done + $4, heartbeat_at = now()"
            + " WHERE id = $1 AND state = 'building' AND runner = $2")
        .execute(Tuple.of(id, runner, cursor, added)).map(rows -> rows.rowCount() == 1);
  }

  /** The runner lets go of a rebuild (it stops, or paused on an error): the next node to look takes it over at once. */
  Future<Void> release(UUID id, String runner) {
    return pool.preparedQuery("UPDATE index_generations SET heartbeat_at = NULL WHERE id = $1 AND runner = $2 AND state = 'building'")
        .execute(Tuple.of(id, runner)).mapEmpty();
  }

  /** Ends a rebuild without a swap; false when it was not building. */
  Future<Boolean> end(UUID id, String state, String error) {
    return pool.preparedQuery("UPDATE index_generations SET state = $2, error = $3, completed_at = now() WHERE id = $1 AND state = 'building'")
        .execute(Tuple.of(id, state, error)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * The swap, in one transaction: the live generation retired, the building one (still this
   * runner's) live, the chunks marked as embedded by its model. False when it was cancelled or
   * taken over meanwhile: nothing changes.
   */
  Future<Boolean> swap(UUID id, String runner) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT model, dimension FROM index_generations"
            + " WHERE id = $1 AND state = 'building' AND runner = $2 FOR UPDATE").execute(Tuple.of(id, runner))
        .compose(found -> found.size() == 0 ? Future.succeededFuture(false) : promote(conn, id, found.iterator().next())));
  }

  private static Future<Boolean> promote(SqlConnection conn, UUID id, Row building) {
    return conn.query("UPDATE index_generations SET state = 'retired', completed_at = now() WHERE state = 'live'").execute()
        .compose(v -> conn.preparedQuery("UPDATE index_generations SET state = 'live', completed_at = now() WHERE id = $1").execute(Tuple.of(id)))
        .compose(v -> conn.preparedQuery("UPDATE chunks SET embedding_model = $1, embedding_dimension = $2")
            .execute(Tuple.of(building.getString("model"), building.getInteger("dimension"))))
        .map(true);
  }

  /** The next chunks a rebuild embeds: after {@code cursor} in id order, with what a vector record needs. */
  Future<RowSet<Row>> chunksAfter(UUID cursor, int limit) {
    return pool.preparedQuery("SELECT c.id, c.user_id, c.source_id, s.collection_id, c.text FROM chunks c"
            + " JOIN search_sources s ON s.source_id = c.source_id WHERE ($1::uuid IS NULL OR c.id > $1) ORDER BY c.id LIMIT $2")
        .execute(Tuple.of(cursor, limit));
  }

  /** Chunks by id, for the catch-up: those of {@code ids} that still exist. */
  Future<RowSet<Row>> chunks(UUID[] ids) {
    return pool.preparedQuery("SELECT c.id, c.user_id, c.source_id, s.collection_id, c.text FROM chunks c"
            + " JOIN search_sources s ON s.source_id = c.source_id WHERE c.id = ANY ($1) ORDER BY c.id")
        .execute(Tuple.of((Object) ids));
  }

  /** Chunk ids after {@code after} in id order (which is the order of their text forms, as the vector backends list them). */
  Future<RowSet<Row>> chunkIdsAfter(UUID after, int limit) {
    return pool.preparedQuery("SELECT id FROM chunks WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2").execute(Tuple.of(after, limit));
  }

  private static Optional<Generation> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(Generation.of(rows.iterator().next()));
  }
}
