package io.mediawhisperer.plugin.embedding.openai;

import com.sun.net.httpserver.HttpExchange;
import io.mediawhisperer.plugin.openai.FakeOpenAiServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A local stand-in for an OpenAI-compatible server, on 127.0.0.1 and a free port. By default it
 * answers every {@code POST /v1/embeddings} with pseudo-embeddings derived from a hash of each
 * text (deterministic, not normalised); a test can script other answers. It records what it got.
 */
final class FakeEmbeddingsServer extends FakeOpenAiServer<FakeEmbeddingsServer.Reply> {

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

  private final int dimension;

  private FakeEmbeddingsServer(int dimension) throws IOException {
    super("/v1/embeddings");
    this.dimension = dimension;
  }

  static FakeEmbeddingsServer start(int dimension) {
    return started(() -> new FakeEmbeddingsServer(dimension));
  }

  @Override
  protected void send(HttpExchange exchange, Reply reply) throws IOException, InterruptedException {
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
  }

  @Override
  protected Reply defaultReply(Request request) throws IOException {
    return hashEmbeddings(request);
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
}
