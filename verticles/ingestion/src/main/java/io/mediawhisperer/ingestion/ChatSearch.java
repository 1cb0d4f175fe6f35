package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Full-text search over the messages of a user's chat logs, with PostgreSQL's text search (the
 * query in web-search syntax: words, "a phrase", -not, or), filtered by platform, tag and time,
 * each hit with a snippet whose matched words are marked {@code <mark>...</mark>} (the rest of the
 * snippet is HTML-escaped text). Ranked, so paged by offset.
 */
final class ChatSearch {

  static final int MAX_QUERY = 500;
  static final int MAX_LIMIT = 100;
  private static final String CURSOR = "offset:";

  private final Pool pool;

  ChatSearch(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> search(JsonObject body) {
    UUID userId = Payloads.userId(body);
    String query = Payloads.requiredString(body, "q").strip();
    if (query.isEmpty() || query.length() > MAX_QUERY) {
      throw Failure.invalidInput("q must have 1 to " + MAX_QUERY + " characters").asException();
    }
    Object rawLimit = body.getValue("limit", 20);
    if (!(rawLimit instanceof Integer limit) || limit < 1 || limit > MAX_LIMIT) {
      throw Failure.invalidInput("limit must be a whole number from 1 to " + MAX_LIMIT).asException();
    }
    int offset = offset(body.getString("cursor"));
    Tuple args = Tuple.from(new Object[] {userId, query.replace("\u0000", ""), Payloads.optionalString(body, "platform"),
        Payloads.optionalString(body, "tag"), time(body, "from"), time(body, "to"), limit + 1, offset});
    return pool.preparedQuery(LibrarySql.SEARCH_MESSAGES).execute(args).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row row : rows) {
        if (items.size() == limit) {
          break;
        }
        JsonObject hit = new JsonObject().put("sourceId", row.getUUID("source_id").toString()).put("title", row.getString("title"))
            .put("platform", row.getString("platform")).put("messageIndex", row.getInteger("seq")).put("role", row.getString("role"))
            .put("snippet", row.getString("snippet")).put("rank", row.getFloat("rank"))
            .put("url", "/api/v1/sources/" + row.getUUID("source_id") + "#m=" + row.getInteger("seq"));
        if (row.getOffsetDateTime("created_at") != null) {
          hit.put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
        }
        items.add(hit);
      }
      String next = rows.size() > limit
          ? Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR + (offset + limit)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
          : null;
      return new JsonObject().put("items", items).put("nextCursor", next);
    });
  }

  private static int offset(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
      if (!decoded.startsWith(CURSOR)) {
        throw new IllegalArgumentException(decoded);
      }
      return Math.max(0, Integer.parseInt(decoded.substring(CURSOR.length())));
    } catch (RuntimeException e) {
      throw Failure.invalidInput("cursor is not one this server gave out").asException();
    }
  }

  private static OffsetDateTime time(JsonObject body, String field) {
    String value = Payloads.optionalString(body, field);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.length() == 10 ? value + "T00:00:00Z" : value);
    } catch (DateTimeParseException e) {
      throw Failure.invalidInput(field + " must be a date (2026-01-31) or an ISO 8601 time").asException();
    }
  }
}
