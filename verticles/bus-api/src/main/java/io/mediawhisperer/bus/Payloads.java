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
}
