package io.mediawhisperer.retrieval;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RetrievalBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A validated search request; the filters are null when absent. */
record SearchRequest(UUID userId, String query, Integer topK, String mode, List<UUID> sourceIds, UUID collectionId,
    List<String> kinds, List<String> tags) {

  static final int MAX_QUERY_CHARS = 2_000;
  private static final Set<String> MODES = Set.of("hybrid", "vector", "text");
  private static final Set<String> KINDS = Set.of("pdf", "transcript", "chat_log", "text");

  static SearchRequest from(JsonObject body) {
    UUID userId = Payloads.userId(body);
    String query = Payloads.requiredString(body, "query").strip();
    if (query.isEmpty() || query.length() > MAX_QUERY_CHARS) {
      throw Failure.invalidInput("query must have 1 to " + MAX_QUERY_CHARS + " characters").asException();
    }
    Integer topK = null;
    if (body.getValue("topK") != null) {
      if (!(body.getValue("topK") instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1
          || n.intValue() > RetrievalBus.MAX_TOP_K) {
        throw Failure.invalidInput("topK must be a whole number from 1 to " + RetrievalBus.MAX_TOP_K).asException();
      }
      topK = n.intValue();
    }
    String mode = Payloads.optionalString(body, "mode");
    if (mode == null) {
      mode = "hybrid";
    } else if (!MODES.contains(mode)) {
      throw Failure.invalidInput("mode must be hybrid, vector or text").asException();
    }
    List<UUID> sourceIds = null;
    if (body.getValue("sourceIds") != null) {
      sourceIds = new ArrayList<>();
      for (Object id : array(body, "sourceIds")) {
        // an id that is no UUID names no source of this user: it narrows the search to nothing
        sourceIds.add(id instanceof String s ? uuidOrNil(s) : failType("sourceIds"));
      }
    }
    String collection = Payloads.optionalString(body, "collectionId");
    List<String> kinds = null;
    if (body.getValue("kinds") != null) {
      kinds = new ArrayList<>();
      for (Object kind : array(body, "kinds")) {
        if (!(kind instanceof String k) || !KINDS.contains(k)) {
          throw Failure.invalidInput("kinds may hold pdf, transcript, chat_log and text").asException();
        }
        kinds.add(k);
      }
    }
    List<String> tags = null;
    if (body.getValue("tags") != null) {
      tags = new ArrayList<>();
      for (Object tag : array(body, "tags")) {
        if (!(tag instanceof String name)) {
          throw Failure.invalidInput("tags must hold tag names").asException();
        }
        tags.add(name);
      }
    }
    return new SearchRequest(userId, query, topK, mode, sourceIds, collection == null ? null : uuidOrNil(collection), kinds, tags);
  }

  boolean filtered() {
    return sourceIds != null || collectionId != null || kinds != null || tags != null;
  }

  private static JsonArray array(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof JsonArray a)) {
      throw Failure.invalidInput(field + " must be an array").asException();
    }
    if (a.size() > 1_000) {
      throw Failure.invalidInput(field + " may hold at most 1000 entries").asException();
    }
    return a;
  }

  private static UUID failType(String field) {
    throw Failure.invalidInput(field + " must hold ids").asException();
  }

  private static UUID uuidOrNil(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return new UUID(0, 0);
    }
  }
}
