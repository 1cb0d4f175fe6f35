package io.mediawhisperer.plugin.chat.openai;

import static io.mediawhisperer.plugin.openai.Settings.atLeast;

import io.mediawhisperer.plugin.openai.RetryPolicy;
import io.mediawhisperer.plugin.openai.Settings;
import io.mediawhisperer.spi.PluginSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The plugin's settings, validated, so that a typo fails the node's start with the key's name
 * rather than the first question with a stack trace. {@link #toString()} never shows the API key.
 *
 * @param baseUrl where the API lives, e.g. {@code https://api.openai.com/v1} or
 *     {@code http://127.0.0.1:11434/v1}; requests go to {@code {base-url}/chat/completions}
 * @param apiKey sent as {@code Authorization: Bearer}, when there is one (local servers need none)
 * @param model the endpoint's model name
 * @param timeout the whole answer must have arrived within it
 * @param idleTimeout the longest pause between two pieces of a streamed answer once it has begun
 * @param maxRetries further attempts after a 429, a 5xx or a lost connection, before the first
 *     piece of the answer was handed on (never after: the user has seen it)
 * @param retryInitialDelay the wait before the first retry, doubled before each next one,
 *     unless the server says how long to wait (Retry-After)
 * @param temperature sampling temperature; low, because answers should stick to the passages
 * @param maxTokens the most tokens an answer may have
 * @param contextChars how many characters of passages the prompt may carry; the lowest-ranked
 *     passages beyond it are left out (for summaries, passages are sampled evenly instead)
 */
record ChatSettings(URI baseUrl, Optional<String> apiKey, String model, Duration timeout, Duration idleTimeout,
    int maxRetries, Duration retryInitialDelay, double temperature, int maxTokens, int contextChars) {

  static final String BASE_URL = "base-url";
  static final String API_KEY = "api-key";
  static final String MODEL = "model";
  static final String TIMEOUT_SECONDS = "timeout-seconds";
  static final String IDLE_TIMEOUT_SECONDS = "idle-timeout-seconds";
  static final String MAX_RETRIES = "max-retries";
  static final String RETRY_INITIAL_DELAY_MS = "retry-initial-delay-ms";
  static final String TEMPERATURE = "temperature";
  static final String MAX_TOKENS = "max-tokens";
  static final String CONTEXT_CHARS = "context-chars";

  static final int DEFAULT_TIMEOUT_SECONDS = 120;
  static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
  static final int DEFAULT_MAX_RETRIES = 2;
  static final int DEFAULT_RETRY_INITIAL_DELAY_MS = 500;
  static final double DEFAULT_TEMPERATURE = 0.2;
  static final int DEFAULT_MAX_TOKENS = 800;
  static final int DEFAULT_CONTEXT_CHARS = 24_000;
  /** Connecting is quick or it fails: a server that is down should not cost the whole timeout. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Retries wait at most {@code MAX_BACKOFF}. Someone is waiting for the answer, so a server that
   * asks for more than {@code MAX_RETRY_AFTER} is not waited for: the caller gets a retryable
   * failure at once.
   */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  static ChatSettings from(PluginSettings settings) {
    int timeout = atLeast(TIMEOUT_SECONDS, settings.getInt(TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS), 1);
    return new ChatSettings(
        Settings.httpUrl(BASE_URL, settings.required(BASE_URL)),
        Optional.ofNullable(settings.get(API_KEY, null)).map(String::trim),
        settings.required(MODEL).trim(),
        Duration.ofSeconds(timeout),
        Duration.ofSeconds(Math.min(timeout,
            atLeast(IDLE_TIMEOUT_SECONDS, settings.getInt(IDLE_TIMEOUT_SECONDS, DEFAULT_IDLE_TIMEOUT_SECONDS), 1))),
        atLeast(MAX_RETRIES, settings.getInt(MAX_RETRIES, DEFAULT_MAX_RETRIES), 0),
        Duration.ofMillis(atLeast(RETRY_INITIAL_DELAY_MS,
            settings.getInt(RETRY_INITIAL_DELAY_MS, DEFAULT_RETRY_INITIAL_DELAY_MS), 0)),
        temperature(settings.get(TEMPERATURE, null)),
        atLeast(MAX_TOKENS, settings.getInt(MAX_TOKENS, DEFAULT_MAX_TOKENS), 1),
        atLeast(CONTEXT_CHARS, settings.getInt(CONTEXT_CHARS, DEFAULT_CONTEXT_CHARS), 500));
  }

  URI completionsUri() {
    return Settings.endpoint(baseUrl, "chat/completions");
  }

  Duration connectTimeout() {
    return timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
  }

  /** The endpoint for messages: without any user:password that the base URL might carry. */
  String endpointForMessages() {
    return Settings.forMessages(completionsUri());
  }

  RetryPolicy retryPolicy() {
    return new RetryPolicy(maxRetries, retryInitialDelay, MAX_BACKOFF, MAX_RETRY_AFTER);
  }

  private static double temperature(String value) {
    if (value == null) {
      return DEFAULT_TEMPERATURE;
    }
    try {
      double t = Double.parseDouble(value.trim());
      if (!(t >= 0 && t <= 2)) {
        throw new IllegalArgumentException("setting '" + TEMPERATURE + "' must be between 0 and 2, not " + value);
      }
      return t;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting '" + TEMPERATURE + "' must be a number such as 0.2, not '" + value + "'", e);
    }
  }

  @Override
  public String toString() {
    return "ChatSettings[base-url=" + endpointForMessages() + ", api-key=" + (apiKey.isPresent() ? "(set)" : "(none)")
        + ", model=" + model + ", timeout=" + timeout + ", idle-timeout=" + idleTimeout + ", max-retries=" + maxRetries
        + ", temperature=" + temperature + ", max-tokens=" + maxTokens + ", context-chars=" + contextChars + "]";
  }
}
