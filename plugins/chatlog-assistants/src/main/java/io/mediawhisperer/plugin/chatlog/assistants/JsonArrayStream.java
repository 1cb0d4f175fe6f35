package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediawhisperer.spi.parser.ParseException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The elements of one JSON array of an export, read one at a time as trees, so the heap holds one
 * element (a conversation, an activity record) whatever the document's size. Jackson's failures
 * become sentences naming the place in the file: its own messages name classes and parser
 * internals, which mean nothing to the person who uploaded the export.
 */
final class JsonArrayStream implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonParser parser;
  private final JsonToken start;
  private boolean inArray;
  private int read;

  private JsonArrayStream(JsonParser parser, JsonToken start) {
    this.parser = parser;
    this.start = start;
    this.inArray = start == JsonToken.START_ARRAY;
  }

  /** Opens {@code json} and reads its first token: the document is an array, an object, or neither. */
  static JsonArrayStream open(InputStream json) throws ParseException, IOException {
    JsonParser parser = MAPPER.createParser(json);
    try {
      JsonToken first = parser.nextToken();
      if (first == null) {
        parser.close();
        throw new ParseException(ParseException.EMPTY, "The file is empty.");
      }
      return new JsonArrayStream(parser, first);
    } catch (JsonProcessingException e) {
      parser.close();
      throw new ParseException(ParseException.CORRUPT, "The file is not JSON" + where(e.getLocation()) + ".", e);
    }
  }

  boolean isArray() {
    return start == JsonToken.START_ARRAY;
  }

  boolean isObject() {
    return start == JsonToken.START_OBJECT;
  }

  /**
   * For a document that is an object: moves to the array under its top-level {@code field},
   * passing over the fields before it unread. False when the object has no such field or it is no
   * array.
   */
  boolean enterField(String field) throws ParseException, IOException {
    if (!isObject() || inArray) {
      return false;
    }
    try {
      for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals(name) && value == JsonToken.START_ARRAY) {
          inArray = true;
          return true;
        }
        parser.skipChildren();
      }
      return false;
    } catch (JsonProcessingException e) {
      throw damaged(e);
    }
  }

  /** The next element of the array, or null at its end. */
  JsonNode next() throws ParseException, IOException {
    if (!inArray) {
      return null;
    }
    try {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new ParseException(ParseException.CORRUPT, "The file breaks off" + where(parser.currentLocation())
            + ": it was cut short or damaged.");
      }
      if (token == JsonToken.END_ARRAY) {
        inArray = false;
        return null;
      }
      JsonNode element = parser.readValueAsTree();
      read++;
      return element;
    } catch (JsonProcessingException e) {
      throw damaged(e);
    }
  }

  /** How many elements {@link #next} returned. */
  int elementsRead() {
    return read;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  private static ParseException damaged(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return new ParseException(ParseException.TOO_LARGE, "The file holds a value too large to read (a text, a number or"
          + " a nesting deeper than JSON readers accept)" + where(e.getLocation()) + ".", e);
    }
    return new ParseException(ParseException.CORRUPT, "The file breaks off or is damaged" + where(e.getLocation())
        + ": it is not whole JSON.", e);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
