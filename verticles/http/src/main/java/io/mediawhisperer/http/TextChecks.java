package io.mediawhisperer.http;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Text the database cannot store or no client should send: NUL characters (PostgreSQL refuses
 * them, error 22021), lone UTF-16 surrogates (not Unicode, so not storable as UTF-8), and JSON
 * nested deeper than any request of the API. Checked at the edge for every JSON body, form field
 * and query parameter, so the client learns which field is wrong instead of getting a 500.
 */
final class TextChecks {

  /** The deepest nesting a request body of the API has is 3 (a transcript's segments); 32 leaves room. */
  static final int MAX_JSON_DEPTH = 32;

  private TextChecks() {
  }

  /** What is wrong with this text ("contains a NUL character", ...), or null when nothing is. */
  static String problem(String text, int maxLength) {
    if (text == null) {
      return null;
    }
    if (text.length() > maxLength) {
      return "is longer than " + maxLength + " characters";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "contains a NUL character";
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains a lone UTF-16 surrogate (not valid Unicode)";
      }
    }
    return null;
  }

  /** Checks every key and string value of a JSON body; the failure names the field by its path ({@code segments[3].text}). */
  static void checkJson(JsonObject body) {
    checkValue(body, "", 0);
  }

  private static void checkValue(Object value, String path, int depth) {
    if (depth > MAX_JSON_DEPTH) {
      throw Failure.invalidInput("the body is nested deeper than " + MAX_JSON_DEPTH + " levels").asException();
    }
    if (value instanceof String text) {
      fail(path, problem(text, Integer.MAX_VALUE));
    } else if (value instanceof JsonObject object) {
      for (var field : object) {
        String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        fail(printable(name), problem(field.getKey(), 1024));
        checkValue(field.getValue(), name, depth + 1);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        checkValue(array.getValue(i), path + "[" + i + "]", depth + 1);
      }
    }
  }

  private static void fail(String field, String problem) {
    if (problem != null) {
      // "<field> <problem>", the shape of every field error the owners of the fields give too
      throw Failure.invalidInput(printable(field) + " " + problem).asException();
    }
  }

  /** A name safe to echo in an error message: control characters and surrogates replaced, at most 100 characters. */
  static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && out.length() < 100; i++) {
      char c = name.charAt(i);
      out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
    }
    return out.toString();
  }
}
