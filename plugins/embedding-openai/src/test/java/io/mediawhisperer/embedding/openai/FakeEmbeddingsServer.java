package io.mediawhisperer.embedding.openai;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.StreamSupport;

/**
 * A local stand-in for an OpenAI-compatible server, on 127.0.0.1 and a free port. By default it
 * answers every {@code POST /v1/embeddings} with pseudo-embeddings derived from a hash of each
 * text (deterministic, not normalised); a test can script other answers. It records what it got.
 */
final class FakeEmbeddingsServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a client sent: its Authorization header (or null) and its JSON body. */
  record Request(String authorization, JsonNode body) {

    List<String> inputs() {
      return StreamSupport.stream(body.get("input").spliterator(), false).map(JsonNode::asText).toList();
    }
  }

  record Reply(int status, String body, Map<String, String> headers, Duration delay) {

    static Reply json(int status, String body) {
      return new Reply(status, body, Map.of(), Duration.ZERO);
    }

    Reply withHeader(String name, String value) {
      return new Reply(status, body, Map.of(name, value), delay);
    }

    Reply after(Duration wait) {
      return new Reply(status, body, headers, wait);
    }
  }

  /** Decides the answer to a request; {@code number} counts requests from 1. */
  interface Responder {
    Reply reply(Request request, int number) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final int dimension;
  private volatile Responder responder;

  private FakeEmbeddingsServer(int dimension) throws IOException {
    this.dimension = dimension;
    this.responder = (request, number) -> hashEmbeddings(request);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/embeddings", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static FakeEmbeddingsServer start(int dimension) {
    try {
      return new FakeEmbeddingsServer(dimension);
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

  void forgetRequests() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"),
          JSON.readTree(exchange.getRequestBody()));
      requests.add(request);
      Reply reply = responder.reply(request, requests.size());
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay());
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (a timeout test): nobody is listening for this answer
    }
  }

  /** The success answer: one pseudo-embedding per input, in order. */
  Reply hashEmbeddings(Request request) throws IOException {
    return hashEmbeddings(request, dimension, false);
  }

  Reply hashEmbeddings(Request request, int vectorLength, boolean reversed) throws IOException {
    List<String> inputs = request.inputs();
    List<Map<String, Object>> data = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      data.add(Map.of("object", "embedding", "index", i, "embedding", pseudoEmbedding(inputs.get(i), vectorLength)));
    }
    if (reversed) {
      Collections.reverse(data);
    }
    return Reply.json(200, JSON.writeValueAsString(Map.of(
        "object", "list", "model", request.body().get("model").asText(), "data", data,
        "usage", Map.of("prompt_tokens", 1, "total_tokens", 1))));
  }

  /** Deterministic for a text, different between texts, deliberately not of unit length. */
  static float[] pseudoEmbedding(String text, int length) {
    SplittableRandom random = new SplittableRandom(seed(text));
    float[] v = new float[length];
    for (int i = 0; i < length; i++) {
      v[i] = (float) random.nextDouble(-3, 3);
    }
    return v;
  }

  private static long seed(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = (seed << 8) | (hash[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
