package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Large exports of each format, written with a streaming generator (never held in memory), for
 * the tests that check a reader streams: {@code conversations} conversations of four messages.
 */
final class LargeExports {

  static final int CONVERSATIONS = 5_000;
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final String ANSWER = "An answer long enough to make the file large: " + "lorem ipsum dolor sit amet ".repeat(8);

  private LargeExports() {
  }

  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static Path write(Path dir, String name, Body body) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file); JsonGenerator json = new JsonFactory().createGenerator(out)) {
      body.write(json);
    }
    return file;
  }

  private static String time(int conversation, int message) {
    return START.plusSeconds(conversation * 3_600L + message * 60L).toString();
  }

  static Path claude(Path dir) throws IOException {
    return write(dir, "conversations.json", json -> {
      json.writeStartArray();
      for (int c = 0; c < CONVERSATIONS; c++) {
        json.writeStartObject();
        json.writeStringField("uuid", "conversation-" + c);
        json.writeStringField("name", "Conversation " + c);
        json.writeStringField("created_at", time(c, 0));
        json.writeStringField("updated_at", time(c, 3));
        json.writeStringField("account", "account-1");
        json.writeArrayFieldStart("chat_messages");
        for (int m = 0; m < 4; m++) {
          String text = m % 2 == 0 ? "Question " + m + " of conversation " + c : ANSWER;
          json.writeStartObject();
          json.writeStringField("uuid", "message-" + c + "-" + m);
          json.writeStringField("sender", m % 2 == 0 ? "human" : "assistant");
          json.writeStringField("text", text);
          json.writeArrayFieldStart("content");
          json.writeStartObject();
          json.writeStringField("type", "text");
          json.writeStringField("text", text);
          json.writeEndObject();
          json.writeEndArray();
          json.writeStringField("created_at", time(c, m));
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
    });
  }

  /** Two prompts per conversation, linked by their titleUrl, newest record first as Takeout tends to write. */
  static Path gemini(Path dir) throws IOException {
    return write(dir, "MyActivity.json", json -> {
      json.writeStartArray();
      for (int c = CONVERSATIONS - 1; c >= 0; c--) {
        for (int m = 1; m >= 0; m--) {
          json.writeStartObject();
          json.writeStringField("header", "Gemini Apps");
          json.writeStringField("title", "Prompted Question " + m + " of conversation " + c);
          json.writeStringField("titleUrl", "https://gemini.google.com/app/c/conv" + c);
          json.writeStringField("time", time(c, m));
          json.writeArrayFieldStart("products");
          json.writeString("Gemini Apps");
          json.writeEndArray();
          json.writeArrayFieldStart("safeHtmlItem");
          json.writeStartObject();
          json.writeStringField("html", "<p>" + ANSWER + "</p>");
          json.writeEndObject();
          json.writeEndArray();
          json.writeEndObject();
        }
      }
      json.writeEndArray();
    });
  }

  static Path grok(Path dir) throws IOException {
    return write(dir, "prod-grok-backend.json", json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("conversations");
      for (int c = 0; c < CONVERSATIONS; c++) {
        json.writeStartObject();
        json.writeObjectFieldStart("conversation");
        json.writeStringField("id", "conversation-" + c);
        json.writeStringField("title", "Conversation " + c);
        json.writeStringField("create_time", time(c, 0));
        json.writeEndObject();
        json.writeArrayFieldStart("responses");
        for (int m = 0; m < 4; m++) {
          json.writeStartObject();
          json.writeObjectFieldStart("response");
          json.writeStringField("_id", "response-" + c + "-" + m);
          json.writeStringField("message", m % 2 == 0 ? "Question " + m + " of conversation " + c : ANSWER);
          json.writeStringField("sender", m % 2 == 0 ? "human" : "assistant");
          json.writeObjectFieldStart("create_time");
          json.writeObjectFieldStart("$date");
          json.writeStringField("$numberLong", Long.toString(Instant.parse(time(c, m)).toEpochMilli()));
          json.writeEndObject();
          json.writeEndObject();
          json.writeStringField("model", "grok-3");
          json.writeEndObject();
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /** The account-wide shape ({@code account}, {@code conversations}): the one with many conversations in a file. */
  static Path mistral(Path dir) throws IOException {
    return write(dir, "mistral-export.json", json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("account");
      json.writeStringField("email", "someone@example.org");
      json.writeEndObject();
      json.writeArrayFieldStart("conversations");
      for (int c = 0; c < CONVERSATIONS; c++) {
        json.writeStartObject();
        json.writeStringField("id", "conversation-" + c);
        json.writeStringField("created_at", time(c, 0));
        json.writeStringField("title", "Conversation " + c);
        json.writeArrayFieldStart("messages");
        for (int m = 0; m < 4; m++) {
          json.writeStartObject();
          json.writeStringField("role", m % 2 == 0 ? "user" : "assistant");
          json.writeStringField("content", m % 2 == 0 ? "Question " + m + " of conversation " + c : ANSWER);
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("memories");
      json.writeEndArray();
      json.writeEndObject();
    });
  }
}
