package io.mediawhisperer.plugin.embedding.openai;

import io.mediawhisperer.plugin.openai.RetryPolicy;
import io.mediawhisperer.spi.embedding.EmbeddingException;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Embeddings from a remote OpenAI-compatible endpoint: texts cut to the window, sent in batches
 * of {@code batch-size}, retried on 429, 5xx and timeouts, vectors checked and normalised (not
 * every server normalises). Thread-safe: it keeps no state between calls but the HTTP client.
 */
final class OpenAiCompatibleModel implements EmbeddingModel {

  private final OpenAiSettings settings;
  private final ApproximateTokenCounter window;
  private final EmbeddingsEndpoint endpoint;
  private final RetryPolicy retries;
  private final AtomicBoolean closed = new AtomicBoolean();

  OpenAiCompatibleModel(OpenAiSettings settings) {
    this.settings = settings;
    this.window = new ApproximateTokenCounter(settings.maxTokens());
    this.endpoint = new EmbeddingsEndpoint(settings, Clock.systemUTC());
    this.retries = settings.retryPolicy();
  }

  /** Prefixed, so that a local model and a remote one of the same name are never mixed up. */
  @Override
  public String modelName() {
    return "openai:" + settings.model();
  }

  @Override
  public int dimension() {
    return settings.dimension();
  }

  @Override
  public List<float[]> embed(List<String> texts) throws EmbeddingException {
    if (closed.get()) {
      throw new IllegalStateException(this + " is closed");
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int start = 0; start < texts.size(); start += settings.batchSize()) {
      List<String> batch = new ArrayList<>();
      for (String text : texts.subList(start, Math.min(texts.size(), start + settings.batchSize()))) {
        batch.add(window.truncate(Objects.requireNonNull(text, "texts must not contain null")));
      }
      for (float[] vector : withRetries(batch)) {
        vectors.add(normalised(vector));
      }
    }
    return vectors;
  }

  private float[][] withRetries(List<String> batch) throws EmbeddingException {
    try {
      return retries.call(() -> endpoint.embed(batch), EmbeddingException::new);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("interrupted while calling " + settings.endpointForMessages(), true, e);
    }
  }

  private float[] normalised(float[] vector) throws EmbeddingException {
    double sum = 0;
    for (float x : vector) {
      sum += (double) x * x;
    }
    if (sum == 0 || !Double.isFinite(sum)) {
      throw new EmbeddingException(modelName() + " returned a vector that cannot be normalised (zero or not finite)",
          false, null);
    }
    double norm = Math.sqrt(sum);
    float[] unit = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      unit[i] = (float) (vector[i] / norm);
    }
    return unit;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      endpoint.close();
    }
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleModel[" + modelName() + " at " + settings.endpointForMessages() + "]";
  }
}
