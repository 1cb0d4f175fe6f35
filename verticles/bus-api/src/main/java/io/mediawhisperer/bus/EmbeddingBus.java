package io.mediawhisperer.bus;

/** The bus contract of the embedding verticle. Vectors travel as {@link Vectors#encode base64 float32}. */
public final class EmbeddingBus {

  /**
   * {@code {"texts": [...], "priority"?: "interactive" | "bulk", "lane"?: string, "provider"?: name}} (at most
   * {@link #MAX_TEXTS} texts) -> {@code {"provider", "model", "dimension", "vectors": [base64...], "queuedMs",
   * "runMs"}}, one unit vector per text, in order, by the named embedding provider's model (default: the
   * configured {@code embedding-provider}; another installed one is opened on first use); {@code queuedMs} is how long the request waited
   * for a runner, {@code runMs} the model's time. Interactive requests (the default: a search's
   * question) are served first; bulk requests (ingestion's batches) are served one lane at a time
   * in turn (a lane is whatever the caller groups by: retrieval passes the source), so one long
   * job does not hold back a short one. Fails 400 for a bad request, 503 {@value Failure#UNAVAILABLE}
   * when the model cannot answer now (a remote endpoint down, or too many bulk requests waiting:
   * retryable, with a retry-after).
   */
  public static final String EMBED = "embedding.embed";

  /**
   * {@code {"provider"?: name}} -> {@code {"provider", "model", "dimension", "maxTokens"}} of the named provider's model
   * (default: the configured one), opening it if it is not open yet; 400 when no such provider is installed.
   */
  public static final String INFO = "embedding.info";

  public static final int MAX_TEXTS = 256;
  public static final String INTERACTIVE = "interactive";
  public static final String BULK = "bulk";

  private EmbeddingBus() {
  }
}
