package io.mediawhisperer.plugin.embedding.openai;

import static io.mediawhisperer.plugin.openai.Settings.atLeast;

import io.mediawhisperer.plugin.openai.RetryPolicy;
import io.mediawhisperer.plugin.openai.Settings;
import io.mediawhisperer.spi.PluginSettings;
import java.net.URI;
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
  /**
   * Retries wait at most {@code MAX_BACKOFF}; a server that asks for more than
   * {@code MAX_RETRY_AFTER} is not waited for: the caller gets a retryable failure and can come
   * back later without holding a thread.
   */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  static OpenAiSettings from(PluginSettings settings) {
    return new OpenAiSettings(
        Settings.httpUrl(BASE_URL, settings.required(BASE_URL)),
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
    return Settings.endpoint(baseUrl, "embeddings");
  }

  /** The endpoint for messages: without any user:password that the base URL might carry. */
  String endpointForMessages() {
    return Settings.forMessages(embeddingsUri());
  }

  RetryPolicy retryPolicy() {
    return new RetryPolicy(maxRetries, retryInitialDelay, MAX_BACKOFF, MAX_RETRY_AFTER);
  }

  private static int requiredInt(PluginSettings settings, String key) {
    settings.required(key);
    return settings.getInt(key, 0);
  }

  @Override
  public String toString() {
    return "OpenAiSettings[base-url=" + endpointForMessages() + ", api-key=" + (apiKey.isPresent() ? "(set)" : "(none)")
        + ", model=" + model + ", dimension=" + dimension + ", max-tokens=" + maxTokens + ", timeout=" + timeout
        + ", batch-size=" + batchSize + ", max-retries=" + maxRetries + "]";
  }
}
