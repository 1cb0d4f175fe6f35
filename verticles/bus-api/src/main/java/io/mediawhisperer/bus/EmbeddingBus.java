package io.mediawhisperer.bus;

/** The bus contract of the embedding verticle. Vectors travel as {@link Vectors#encode base64 float32}. */
public final class EmbeddingBus {

  /**
   * {@code {"texts": [...]}} (at most {@link #MAX_TEXTS}) -> {@code {"model", "dimension",
   * "vectors": [base64...]}}, one unit vector per text, in order. Fails 400 for a bad request,
   * 503 {@value Failure#UNAVAILABLE} when the model cannot answer now (a remote endpoint down).
   */
  public static final String EMBED = "embedding.embed";

  /** {@code {}} -> {@code {"model", "dimension", "maxTokens"}}. */
  public static final String INFO = "embedding.info";

  public static final int MAX_TEXTS = 256;

  private EmbeddingBus() {
  }
}
