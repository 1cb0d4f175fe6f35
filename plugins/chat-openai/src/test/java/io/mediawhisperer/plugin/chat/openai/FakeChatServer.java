package io.mediawhisperer.plugin.chat.openai;

import com.sun.net.httpserver.HttpExchange;
import io.mediawhisperer.plugin.openai.FakeOpenAiServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for an OpenAI-compatible server, on 127.0.0.1 and a free port, that speaks
 * {@code POST /v1/chat/completions} with streaming. By default it plays a tiny, deterministic
 * model: with passages it answers "According to [n], ..." with the first words of the first
 * passage it was shown, without passages it says the sources do not say, and asked for a
 * summary it returns the text's first words; it streams word by word. A test can script any
 * other reply, down to the bytes and the pauses between them. It records what it got.
 */
final class FakeChatServer extends FakeOpenAiServer<FakeChatServer.Reply> {

  private static final Pattern FIRST_PASSAGE = Pattern.compile("(?m)^\\[(\\d+)] [^\\n]*:\\n([^\\n]*)");

  /** A piece of the response body, written after a pause. */
  record Part(String text, Duration pause) {
  }

  record Reply(int status, String contentType, Map<String, String> headers, List<Part> parts) {

    static Reply json(int status, String body) {
      return new Reply(status, "application/json", Map.of(), List.of(new Part(body, Duration.ZERO)));
    }

    /** A well-formed stream: one chunk per piece of content, a final chunk, then {@code [DONE]}. */
    static Reply stream(String... contents) {
      List<Part> parts = new ArrayList<>();
      for (String content : contents) {
        parts.add(new Part(event(chunk(content, null)), Duration.ZERO));
      }
      parts.add(new Part(event(chunk("", "stop")), Duration.ZERO));
      parts.add(new Part("data: [DONE]\n\n", Duration.ZERO));
      return events(parts);
    }

    /** A stream of exactly these parts. */
    static Reply events(List<Part> parts) {
      return new Reply(200, "text/event-stream", Map.of(), List.copyOf(parts));
    }

    static Reply events(String... texts) {
      return events(Arrays.stream(texts).map(t -> new Part(t, Duration.ZERO)).toList());
    }

    Reply withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, contentType, more, parts);
    }

    /** The same reply, with a pause of {@code pause} before its part {@code index} (0 for before the headers). */
    Reply pausingBefore(int index, Duration pause) {
      List<Part> paused = new ArrayList<>(parts);
      paused.add(index, new Part("", pause));
      return new Reply(status, contentType, headers, paused);
    }
  }

  private FakeChatServer() throws IOException {
    super("/v1/chat/completions");
  }

  static FakeChatServer start() {
    return started(FakeChatServer::new);
  }

  @Override
  protected void send(HttpExchange exchange, Reply reply) throws IOException, InterruptedException {
    List<Part> parts = new ArrayList<>(reply.parts());
    // pauses scripted before the first part hold back the headers too
    while (!parts.isEmpty() && parts.get(0).text().isEmpty()) {
      Thread.sleep(parts.remove(0).pause());
    }
    exchange.getResponseHeaders().add("Content-Type", reply.contentType());
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(reply.status(), 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (Part part : parts) {
        if (!part.pause().isZero()) {
          Thread.sleep(part.pause());
        }
        out.write(part.text().getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  /** The default model; see the class comment. */
  @Override
  protected Reply defaultReply(Request request) {
    String system = request.messages().get(0).get("content").asText();
    String user = request.lastUserMessage();
    String answer;
    if (system.contains("summaries")) {
      String text = user.substring(user.indexOf("Text:") + 5);
      answer = firstWords(text, 15);
    } else {
      Matcher passage = FIRST_PASSAGE.matcher(user);
      answer = passage.find()
          ? "According to [" + passage.group(1) + "], " + firstWords(passage.group(2), 12) + "."
          : "Your sources do not say anything about this.";
    }
    List<String> pieces = new ArrayList<>();
    for (String word : answer.split("(?<= )")) {
      pieces.add(word);
    }
    return Reply.stream(pieces.toArray(String[]::new));
  }

  private static String firstWords(String text, int count) {
    String[] words = text.strip().split("\\s+");
    return String.join(" ", Arrays.copyOf(words, Math.min(count, words.length)));
  }

  static String event(String json) {
    return "data: " + json + "\n\n";
  }

  static String chunk(String content, String finishReason) {
    Map<String, Object> delta = content.isEmpty() ? Map.of() : Map.of("content", content);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("finish_reason", finishReason);
    try {
      return JSON.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion.chunk",
          "model", "fake", "choices", List.of(choice)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
