package io.mediawhisperer.plugin.embedding.openai;

import io.mediawhisperer.plugin.openai.EndpointFailure;
import io.mediawhisperer.plugin.openai.HttpClients;
import io.mediawhisperer.plugin.openai.RetryAfter;
import io.mediawhisperer.plugin.openai.ServerText;
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

  private final OpenAiSettings settings;
  private final HttpClient http;
  private final Clock clock;

  EmbeddingsEndpoint(OpenAiSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClients.http11(settings.timeout());
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
    if (EndpointFailure.transientStatus(status)) {
      Optional<Duration> retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After"), clock);
      throw EndpointFailure.transientFailure(where() + " answered " + status + ": " + quoted, false, retryAfter, null);
    }
    if (EndpointFailure.credentialsStatus(status)) {
      throw permanent(where() + " refused the credentials (" + status + "): " + quoted
          + " (check setting '" + OpenAiSettings.API_KEY + "')");
    }
    throw permanent(where() + " refused the request (" + status + "): " + quoted);
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
    EmbeddingsJson.Response response = EmbeddingsJson.response(body).orElseThrow(() -> permanent(
        where() + " answered with something that is not an embeddings response: "
            + quote(new String(body, StandardCharsets.UTF_8))));
    List<EmbeddingsJson.Item> data = response.data();
    if (data.size() != expected) {
      throw permanent(where() + " returned " + data.size() + " vectors for " + expected + " texts");
    }
    float[][] vectors = new float[expected][];
    for (int position = 0; position < data.size(); position++) {
      EmbeddingsJson.Item item = data.get(position);
      // The index says which text a vector belongs to; servers may answer out of order.
      int index = item.index() == null ? position : item.index();
      if (index < 0 || index >= expected || vectors[index] != null) {
        throw permanent(where() + " returned a missing, repeated or out-of-range index " + index);
      }
      if (item.embedding() == null) {
        throw permanent(where() + " returned no embedding for text " + index);
      }
      if (item.embedding().length != settings.dimension()) {
        throw permanent("model '" + settings.model() + "' at " + where() + " returns vectors of "
            + item.embedding().length + " dimensions, but setting '" + OpenAiSettings.DIMENSION + "' is "
            + settings.dimension() + "; vectors of another dimension cannot join the index");
      }
      vectors[index] = item.embedding();
    }
    return vectors;
  }

  /**
   * Worth trying again at once, timeouts included. Nothing is handed on before a whole response
   * has arrived, so no failure here comes after output.
   */
  private static EndpointFailure retryable(String message, Throwable cause) {
    return EndpointFailure.transientFailure(message, false, Optional.empty(), cause);
  }

  private static EndpointFailure permanent(String message) {
    return EndpointFailure.permanent(message, false);
  }

  private String where() {
    return "POST " + settings.endpointForMessages();
  }

  /** Server text fit for a message: short, and without the key should the server echo it. */
  private String quote(String text) {
    return ServerText.quote(text, settings.apiKey());
  }

  @Override
  public void close() {
    http.close();
  }
}
