package io.mediawhisperer.db;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The HTTP contract's lists: {@code limit} (default 50, max 200) and an opaque {@code cursor} naming the
 * last item seen (its sort time and id), so pages stay stable while rows are added. The rows
 * must be sorted by {@code (<time column> DESC, id DESC)}, and filtered by
 * {@code (<time column>, id) < (afterTime, afterId)} when a cursor is given.
 */
public record Pagination(int limit, OffsetDateTime afterTime, UUID afterId) {

  public static Pagination from(JsonObject request) {
    int limit = limit(request);
    String cursor = request.getString("cursor");
    if (cursor == null || cursor.isEmpty()) {
      return new Pagination(limit, null, null);
    }
    try {
      String[] parts = decode(cursor).split("\\|");
      return new Pagination(limit, OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw Failure.invalidInput("cursor is not one this server gave out").asException();
    }
  }

  /** The request's {@code limit}: 50 when absent, else a whole number from 1 to 200. */
  static int limit(JsonObject request) {
    Object rawLimit = request.getValue("limit");
    if (rawLimit == null) {
      return 50;
    }
    if (!(rawLimit instanceof Number n) || n.intValue() < 1 || n.intValue() > 200) {
      throw Failure.invalidInput("limit must be a whole number from 1 to 200").asException();
    }
    return n.intValue();
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
    return page(rows, limit, shape, last -> last.getOffsetDateTime(timeColumn).toString() + "|" + last.getUUID("id"));
  }

  /**
   * The first {@code limit} rows, shaped, and when the statement found more (it fetched one row
   * over the page) the cursor {@code cursorOf} writes for the last row of the page.
   */
  private static JsonObject page(RowSet<Row> rows, int limit, Function<Row, JsonObject> shape, Function<Row, String> cursorOf) {
    JsonArray items = new JsonArray();
    Row last = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(shape.apply(row));
      last = row;
    }
    String next = rows.size() > limit && last != null
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(cursorOf.apply(last).getBytes(StandardCharsets.UTF_8))
        : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }

  private static String decode(String cursor) {
    return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
  }

  /**
   * The same conventions for a list in a fixed order of positions (a source's segments and images,
   * by {@code seq}, first to last): the cursor names the last position seen. The rows must be
   * sorted by the position ascending and filtered by {@code seq > afterSeq}.
   */
  public record BySequence(int limit, int afterSeq) {

    private static final String PREFIX = "seq:";

    public static BySequence from(JsonObject request) {
      int limit = Pagination.limit(request);
      String cursor = request.getString("cursor");
      if (cursor == null || cursor.isEmpty()) {
        return new BySequence(limit, -1);
      }
      try {
        String decoded = decode(cursor);
        if (!decoded.startsWith(PREFIX)) {
          throw new IllegalArgumentException(decoded);
        }
        return new BySequence(limit, Integer.parseInt(decoded.substring(PREFIX.length())));
      } catch (RuntimeException e) {
        throw Failure.invalidInput("cursor is not one this server gave out").asException();
      }
    }

    public int fetchSize() {
      return limit + 1;
    }

    /** A page of rows sorted by {@code seqColumn}, first to last. */
    public JsonObject page(RowSet<Row> rows, Function<Row, JsonObject> shape, String seqColumn) {
      return Pagination.page(rows, limit, shape, last -> PREFIX + last.getInteger(seqColumn));
    }
  }

  /**
   * The same conventions for a list sorted by several columns, in any mix of directions (a user's
   * templates: their own before the defaults, by type, newest first, then by id): the cursor holds
   * the last row's sort key, and names its list, so a cursor of one list is refused by another
   * rather than read as a position it never was. The caller's statement compares each row's key
   * with {@link #after} in its own sort order; with no cursor every value of {@code after} is null.
   */
  public record ByKey(int limit, String list, List<Part> parts, List<Object> after) {

    /** The kinds of value a sort key holds, as the SQL client binds them. */
    public enum Part {
      FLAG, TEXT, TIME, ID;

      Object read(Object encoded) {
        return switch (this) {
          case FLAG -> (Boolean) encoded;
          case TEXT -> (String) encoded;
          case TIME -> OffsetDateTime.parse((String) encoded);
          case ID -> UUID.fromString((String) encoded);
        };
      }

      Object write(Object value) {
        return switch (this) {
          case FLAG -> (Boolean) value;
          case TEXT -> (String) value;
          case TIME, ID -> value.toString();
        };
      }
    }

    public static ByKey from(JsonObject request, String list, Part... parts) {
      int limit = Pagination.limit(request);
      String cursor = request.getString("cursor");
      if (cursor == null || cursor.isEmpty()) {
        return new ByKey(limit, list, List.of(parts), Collections.nCopies(parts.length, null));
      }
      try {
        JsonArray key = new JsonArray(decode(cursor));
        if (key.size() != parts.length + 1 || !list.equals(key.getValue(0))) {
          throw new IllegalArgumentException(cursor);
        }
        List<Object> after = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
          after.add(Objects.requireNonNull(parts[i].read(key.getValue(i + 1))));
        }
        return new ByKey(limit, list, List.of(parts), Collections.unmodifiableList(after));
      } catch (RuntimeException e) {
        throw Failure.invalidInput("cursor is not one this server gave out").asException();
      }
    }

    public Object after(int part) {
      return after.get(part);
    }

    public int fetchSize() {
      return limit + 1;
    }

    /** A page of rows in the statement's order; the cursor is {@code key} of the last row, one value a part. */
    public JsonObject page(RowSet<Row> rows, Function<Row, JsonObject> shape, Function<Row, List<Object>> key) {
      return Pagination.page(rows, limit, shape, last -> {
        List<Object> values = key.apply(last);
        JsonArray encoded = new JsonArray().add(list);
        for (int i = 0; i < parts.size(); i++) {
          encoded.add(parts.get(i).write(values.get(i)));
        }
        return encoded.encode();
      });
    }
  }
}
