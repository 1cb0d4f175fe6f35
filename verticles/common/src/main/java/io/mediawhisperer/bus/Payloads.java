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

  public static boolean optionalBoolean(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw Failure.invalidInput(field + " must be true or false").asException();
    }
    return Boolean.TRUE.equals(value);
  }
}
