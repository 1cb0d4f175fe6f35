package io.mediawhisperer.bus;

import io.vertx.core.json.JsonObject;

/** Reads fields of a request payload, failing with a 400 that names the field. */
public final class Payloads {

  private Payloads() {
  }

  public static String requiredString(JsonObject body, String field) {
    String value = optionalString(body, field);
    if (value == null || value.isEmpty()) {
      throw Failure.invalidInput(field + " is required").asException();
    }
    return value;
  }

  public static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw Failure.invalidInput(field + " must be a string").asException();
    }
    return (String) value;
  }

  /** The {@code userId} the http verticle set: a malformed one is a caller's bug, 400. */
  public static java.util.UUID userId(JsonObject body) {
    try {
      return java.util.UUID.fromString(requiredString(body, "userId"));
    } catch (IllegalArgumentException e) {
      throw Failure.invalidInput("userId is not a UUID").asException();
    }
  }

  /** A UUID field the sender must give: missing is 400 "is required", malformed 400 "is not a UUID". */
  public static java.util.UUID requiredUuid(JsonObject body, String field) {
    java.util.UUID id = optionalUuid(body, field);
    if (id == null) {
      throw Failure.invalidInput(field + " is required").asException();
    }
    return id;
  }

  /** A UUID field that may be absent (null); malformed is 400 "is not a UUID". */
  public static java.util.UUID optionalUuid(JsonObject body, String field) {
    String value = optionalString(body, field);
    try {
      return value == null ? null : java.util.UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Failure.invalidInput(field + " is not a UUID").asException();
    }
  }

  /**
   * A UUID field naming something of the client's: missing is 400 "is required", malformed names
   * nothing, so it is 404 "no such {@code what}" like an id that does not exist.
   */
  public static java.util.UUID requiredIdOrNotFound(JsonObject body, String field, String what) {
    java.util.UUID id = optionalIdOrNotFound(body, field, what);
    if (id == null) {
      throw Failure.invalidInput(field + " is required").asException();
    }
    return id;
  }

  /** {@link #requiredIdOrNotFound} for a field that may be absent (null). */
  public static java.util.UUID optionalIdOrNotFound(JsonObject body, String field, String what) {
    String value = optionalString(body, field);
    if (value == null) {
      return null;
    }
    try {
      return java.util.UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Failure.notFound("no such " + what).asException();
    }
  }

  /**
   * The {@code sourceIds} a client narrows a conversation or a generation to: absent is null, else
   * an array of 1 to 1000 ids (400 otherwise), each a source id as {@link #idOrNotFound} reads it.
   */
  public static java.util.List<java.util.UUID> optionalSourceIds(JsonObject body) {
    Object value = body.getValue("sourceIds");
    if (value == null) {
      return null;
    }
    if (!(value instanceof io.vertx.core.json.JsonArray ids) || ids.isEmpty() || ids.size() > 1_000) {
      throw Failure.invalidInput("sourceIds must be an array of 1 to 1000 source ids").asException();
    }
    java.util.List<java.util.UUID> sourceIds = new java.util.ArrayList<>(ids.size());
    for (Object id : ids) {
      sourceIds.add(idOrNotFound(id, "source"));
    }
    return sourceIds;
  }

  /**
   * An id the client gave: a string that is no UUID names nothing the user has, so it is 404 like
   * any unknown id; a value that is no string at all is 400.
   */
  public static java.util.UUID idOrNotFound(Object id, String what) {
    if (!(id instanceof String s)) {
      throw Failure.invalidInput(what + " ids are strings").asException();
    }
    try {
      return java.util.UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw Failure.notFound(what + " not found").asException();
    }
  }

  public static boolean optionalBoolean(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw Failure.invalidInput(field + " must be true or false").asException();
    }
    return Boolean.TRUE.equals(value);
  }

  /** A whole number of at least 0, or null when absent; anything else is 400. */
  public static Integer optionalCount(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw Failure.invalidInput(field + " must be a whole number of at least 0").asException();
    }
    return ((Number) value).intValue();
  }

  /** An array of 0 to {@code max} UUIDs the sender must give (ids exchanged between verticles): anything else is 400. */
  public static java.util.List<java.util.UUID> uuids(JsonObject body, String field, int max) {
    if (!(body.getValue(field) instanceof io.vertx.core.json.JsonArray array) || array.size() > max) {
      throw Failure.invalidInput(field + " must be an array of at most " + max + " ids").asException();
    }
    java.util.List<java.util.UUID> ids = new java.util.ArrayList<>(array.size());
    for (Object id : array) {
      try {
        ids.add(java.util.UUID.fromString((String) id));
      } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
        throw Failure.invalidInput(field + " holds something that is not a UUID").asException();
      }
    }
    return ids;
  }
}
