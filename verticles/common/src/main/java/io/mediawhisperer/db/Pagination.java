package io.mediawhisperer.db;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * API.md's lists: {@code limit} (default 50, max 200) and an opaque {@code cursor} naming the
 * last item seen (its sort time and id), so pages stay stable while rows are added. The rows
 * must be sorted by {@code (<time column> DESC, id DESC)}, and filtered by
 * {@code (<time column>, id) < (afterTime, afterId)} when a cursor is given.
 */
public record Pagination(int limit, OffsetDateTime afterTime, UUID afterId) {

  public static Pagination from(JsonObject request) {
    Object rawLimit = request.getValue("limit");
    int limit = 50;
    if (rawLimit != null) {
      if (!(rawLimit instanceof Number n) || n.intValue() < 1 || n.intValue() > 200) {
        throw Failure.invalidInput("limit must be a whole number from 1 to 200").asException();
      }
      limit = n.intValue();
    }
    String cursor = request.getString("cursor");
    if (cursor == null || cursor.isEmpty()) {
      return new Pagination(limit, null, null);
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
      return new Pagination(limit, OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw Failure.invalidInput("cursor is not one this server gave out").asException();
    }
  }

  /** Asks the database for one row more than the page, to know whether a next page exists. */
  public int fetchSize() {
    return limit + 1;
  }

  /** A page of rows sorted newest {@code created_at} first. */
  public JsonObject page(RowSet<Row> rows, Function<Row, JsonObject> shape) {
    return page(rows, shape, "created_at");
  }

  /** A page of rows sorted by {@code timeColumn} newest first; the cursor names the last row's time and id. */
  public JsonObject page(RowSet<Row> rows, Function<Row, JsonObject> shape, String timeColumn) {
    JsonArray items = new JsonArray();
    Row last = null;
    int n = 0;
    for (Row row : rows) {
      if (n++ == limit) {
        break;
      }
      items.add(shape.apply(row));
      last = row;
    }
    String next = rows.size() > limit && last != null
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(
            (last.getOffsetDateTime(timeColumn).toString() + "|" + last.getUUID("id")).getBytes(StandardCharsets.UTF_8))
        : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }
}
