package io.mediawhisperer.embedding.openai;

import io.mediawhisperer.spi.PluginSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * The plugin's settings, validated. {@link #toString()} never shows the API key.
 *
 * @param baseUrl where the API lives, e.g. {@code http://127.0.0.1:11434/v1}; requests go to
 *     {@code {base-url}/embeddings}
 * @param apiKey sent as {@code Authorization: Bearer}, when there is one
 * @param model the endpoint's model name
 * @param dimension what the model returns; checked against every response, so that a changed
 *     model behind the same name is caught before its vectors are stored
 * @param maxTokens the model's window; texts are cut to about that many tokens before sending
 * @param timeout for one request, connection included
 * @param batchSize texts per request
 * @param maxRetries further attempts after a 429, a 5xx, a timeout or a lost connection
 * @param retryInitialDelay the wait before the first retry, doubled before each next one,
 *     unless the server says how long to wait (Retry-After)
 */
record OpenAiSettings(URI baseUrl, Optional<String> apiKey, String model, int dimension, int maxTokens,
    Duration timeout, int batchSize, int maxRetries, Duration retryInitialDelay) {

  static final String BASE_URL = "base-url";
  static final String API_KEY = "api-key";
  static final String MODEL = "model";
  static final String DIMENSION = "dimension";
  static final String MAX_TOKENS = "max-tokens";
  static final String TIMEOUT_SECONDS = "timeout-seconds";
  static final String BATCH_SIZE = "batch-size";
  static final String MAX_RETRIES = "max-retries";
  static final String RETRY_INITIAL_DELAY_MS = "retry-initial-delay-ms";

  /** OpenAI's text-embedding-3 window. */
  static final int DEFAULT_MAX_TOKENS = 8191;
  static final int DEFAULT_TIMEOUT_SECONDS = 60;
  static final int DEFAULT_BATCH_SIZE = 64;
  static final int DEFAULT_MAX_RETRIES = 3;
  static final int DEFAULT_RETRY_INITIAL_DELAY_MS = 500;

  static OpenAiSettings from(PluginSettings settings) {
    return new OpenAiSettings(
        baseUrl(settings.required(BASE_URL)),
        Optional.ofNullable(settings.get(API_KEY, null)).map(String::trim),
        settings.required(MODEL).trim(),
        atLeast(DIMENSION, requiredInt(settings, DIMENSION), 1),
        atLeast(MAX_TOKENS, settings.getInt(MAX_TOKENS, DEFAULT_MAX_TOKENS), 1),
        Duration.ofSeconds(atLeast(TIMEOUT_SECONDS,
            settings.getInt(TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS), 1)),
        atLeast(BATCH_SIZE, settings.getInt(BATCH_SIZE, DEFAULT_BATCH_SIZE), 1),
        atLeast(MAX_RETRIES, settings.getInt(MAX_RETRIES, DEFAULT_MAX_RETRIES), 0),
        Duration.ofMillis(atLeast(RETRY_INITIAL_DELAY_MS,
            settings.getInt(RETRY_INITIAL_DELAY_MS, DEFAULT_RETRY_INITIAL_DELAY_MS), 0)));
  }

  URI embeddingsUri() {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "embeddings");
  }

  /** The endpoint for messages: without any user:password that the base URL might carry. */
  String endpointForMessages() {
    URI uri = embeddingsUri();
    if (uri.getUserInfo() == null) {
      return uri.toString();
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
  }

  private static URI baseUrl(String value) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("setting '" + BASE_URL + "' must be an http or https URL such as "
            + "http://127.0.0.1:11434/v1, not '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("setting '" + BASE_URL + "' is not a URL: '" + value + "'", e);
    }
  }

  private static int requiredInt(PluginSettings settings, String key) {
    settings.required(key);
    return settings.getInt(key, 0);
  }

  private static int atLeast(String key, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException("setting '" + key + "' must be at least " + minimum + ", not " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "OpenAiSettings[base-url=" + endpointForMessages() + ", api-key=" + (apiKey.isPresent() ? "(set)" : "(none)")
        + ", model=" + model + ", dimension=" + dimension + ", max-tokens=" + maxTokens + ", timeout=" + timeout
        + ", batch-size=" + batchSize + ", max-retries=" + maxRetries + "]";
  }
}
