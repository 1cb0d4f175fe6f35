package io.mediawhisperer.plugin.chat.llama;

import io.mediawhisperer.spi.PluginSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The plugin's settings, validated, so that a typo fails the node's start with the key's name
 * rather than the first question with a stack trace.
 *
 * @param modelPath the GGUF file the user downloaded
 * @param contextSize the context window in tokens (prompt and answer together)
 * @param threads CPU threads llama.cpp computes with
 * @param maxTokens the most tokens an answer may have; the prompt gets the rest of the window
 * @param timeout an answer must be finished within it, including the wait while the model writes
 *     other answers (it writes one at a time)
 * @param temperature sampling temperature; low, because answers should stick to the passages
 */
record LlamaSettings(Path modelPath, int contextSize, int threads, int maxTokens, Duration timeout,
    double temperature) {

  static final String MODEL_PATH = "model-path";
  static final String CONTEXT_SIZE = "context-size";
  static final String THREADS = "threads";
  static final String MAX_TOKENS = "max-tokens";
  static final String TIMEOUT_SECONDS = "timeout-seconds";
  static final String TEMPERATURE = "temperature";

  static final int DEFAULT_CONTEXT_SIZE = 4096;
  static final int DEFAULT_MAX_TOKENS = 512;
  static final int DEFAULT_TIMEOUT_SECONDS = 300;
  static final double DEFAULT_TEMPERATURE = 0.2;
  /** Below this many tokens for the prompt there is no room for a question and one passage. */
  static final int MIN_PROMPT_TOKENS = 128;

  static LlamaSettings from(PluginSettings settings) {
    Path model = Path.of(settings.required(MODEL_PATH).trim());
    int context = atLeast(CONTEXT_SIZE, settings.getInt(CONTEXT_SIZE, DEFAULT_CONTEXT_SIZE), 256);
    int maxTokens = atLeast(MAX_TOKENS, settings.getInt(MAX_TOKENS, DEFAULT_MAX_TOKENS), 16);
    if (context - maxTokens < MIN_PROMPT_TOKENS) {
      throw new IllegalArgumentException("setting '" + CONTEXT_SIZE + "' (" + context + ") must leave at least "
          + MIN_PROMPT_TOKENS + " tokens for the prompt beyond '" + MAX_TOKENS + "' (" + maxTokens + ")");
    }
    return new LlamaSettings(model, context,
        atLeast(THREADS, settings.getInt(THREADS, Runtime.getRuntime().availableProcessors()), 1),
        maxTokens,
        Duration.ofSeconds(atLeast(TIMEOUT_SECONDS, settings.getInt(TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS), 1)),
        temperature(settings.get(TEMPERATURE, null)));
  }

  private static int atLeast(String key, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException("setting '" + key + "' must be at least " + minimum + ", not " + value);
    }
    return value;
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
      throw new IllegalArgumentException("setting '" + TEMPERATURE + "' must be a number such as 0.2, not '" + value
          + "'", e);
    }
  }
}
