package io.mediawhisperer.embedding.openai;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One {@code POST {base-url}/embeddings} at a time: sends a batch, checks the answer, and turns
 * every way it can go wrong into an {@link EndpointFailure} that says whether to try again.
 * Messages name the endpoint and quote the server, and never contain the API key.
 */
final class EmbeddingsEndpoint implements AutoCloseable {

  private static final int MAX_QUOTED_CHARS = 500;
  /** Shorter "keys" are placeholders (Ollama accepts anything); masking them would garble messages. */
  private static final int MIN_MASKED_KEY_LENGTH = 4;

  private final OpenAiSettings settings;
  private final HttpClient http;
  private final Clock clock;

  EmbeddingsEndpoint(OpenAiSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    // HTTP/1.1: on plain http the JDK would otherwise offer an h2c upgrade, which some local
    // servers answer badly; embedding requests gain nothing from HTTP/2.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.timeout())
        .build();
  }

  /** The vectors of {@code texts}, in their order, as the server sent them (not normalised). */
  float[][] embed(List<String> texts) throws EndpointFailure, InterruptedException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request(texts), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw retryable(where() + " did not answer within " + settings.timeout().toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw retryable("cannot connect to " + where() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw retryable(where() + " failed: " + e, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return vectors(texts.size(), response.body());
    }
    String quoted = quote(EmbeddingsJson.errorMessage(response.body()));
    if (status == 429 || status == 408 || status >= 500) {
      Optional<Duration> retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After"), clock);
      throw new EndpointFailure(where() + " answered " + status + ": " + quoted, true, retryAfter, null);
    }
    if (status == 401 || status == 403) {
      throw EndpointFailure.permanent(where() + " refused the credentials (" + status + "): " + quoted
          + " (check setting '" + OpenAiSettings.API_KEY + "')");
    }
    throw EndpointFailure.permanent(where() + " refused the request (" + status + "): " + quoted);
  }

  private HttpRequest request(List<String> texts) {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.embeddingsUri())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(EmbeddingsJson.request(settings.model(), texts)));
    settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    return request.build();
  }

  private float[][] vectors(int expected, byte[] body) throws EndpointFailure {
    EmbeddingsJson.Response response = EmbeddingsJson.response(body).orElseThrow(() -> EndpointFailure.permanent(
        where() + " answered with something that is not an embeddings response: "
            + quote(new String(body, StandardCharsets.UTF_8))));
    List<EmbeddingsJson.Item> data = response.data();
    if (data.size() != expected) {
      throw EndpointFailure.permanent(where() + " returned " + data.size() + " vectors for " + expected + " texts");
    }
    float[][] vectors = new float[expected][];
    for (int position = 0; position < data.size(); position++) {
      EmbeddingsJson.Item item = data.get(position);
      // The index says which text a vector belongs to; servers may answer out of order.
      int index = item.index() == null ? position : item.index();
      if (index < 0 || index >= expected || vectors[index] != null) {
        throw EndpointFailure.permanent(where() + " returned a missing, repeated or out-of-range index " + index);
      }
      if (item.embedding() == null) {
        throw EndpointFailure.permanent(where() + " returned no embedding for text " + index);
      }
      if (item.embedding().length != settings.dimension()) {
        throw EndpointFailure.permanent("model '" + settings.model() + "' at " + where() + " returns vectors of "
            + item.embedding().length + " dimensions, but setting '" + OpenAiSettings.DIMENSION + "' is "
            + settings.dimension() + "; vectors of another dimension cannot join the index");
      }
      vectors[index] = item.embedding();
    }
    return vectors;
  }

  private EndpointFailure retryable(String message, Throwable cause) {
    return new EndpointFailure(message, true, Optional.empty(), cause);
  }

  private String where() {
    return "POST " + settings.endpointForMessages();
  }

  /** Server text fit for a message: short, and without the key should the server echo it. */
  private String quote(String text) {
    String quoted = text.strip();
    if (settings.apiKey().isPresent() && settings.apiKey().get().length() >= MIN_MASKED_KEY_LENGTH) {
      quoted = quoted.replace(settings.apiKey().get(), "***");
    }
    return quoted.length() <= MAX_QUOTED_CHARS ? quoted : quoted.substring(0, MAX_QUOTED_CHARS) + "...";
  }

  @Override
  public void close() {
    http.close();
  }
}
