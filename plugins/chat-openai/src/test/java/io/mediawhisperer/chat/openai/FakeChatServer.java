package io.mediawhisperer.chat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
final class FakeChatServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIRST_PASSAGE = Pattern.compile("(?m)^\\[(\\d+)] [^\\n]*:\\n([^\\n]*)");

  /** What a client sent: its Authorization header (or null) and its JSON body. */
  record Request(String authorization, JsonNode body) {

    List<JsonNode> messages() {
      List<JsonNode> messages = new ArrayList<>();
      body.get("messages").forEach(messages::add);
      return messages;
    }

    String lastUserMessage() {
      List<JsonNode> messages = messages();
      return messages.get(messages.size() - 1).get("content").asText();
    }
  }

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

  /** Decides the answer to a request; {@code number} counts requests from 1. */
  interface Responder {
    Reply reply(Request request, int number) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Responder responder = (request, number) -> playModel(request);

  private FakeChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static FakeChatServer start() {
    try {
      return new FakeChatServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  void respond(Responder responder) {
    this.responder = responder;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"),
          JSON.readTree(exchange.getRequestBody()));
      requests.add(request);
      Reply reply = responder.reply(request, requests.size());
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (a timeout test): nobody is listening for this answer
    }
  }

  /** The default model; see the class comment. */
  Reply playModel(Request request) {
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

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
