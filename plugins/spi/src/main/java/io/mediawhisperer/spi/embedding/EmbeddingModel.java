package io.mediawhisperer.spi.embedding;

import java.util.List;

/**
 * Text to vectors. Blocking and CPU- or network-bound: always called off the event loop. Thread
 * safety: {@link #embed} may be called from several threads at once.
 */
public interface EmbeddingModel extends AutoCloseable {

  /** Recorded with every vector, so that vectors of different models are never compared. */
  String modelName();

  int dimension();

  /**
   * One L2-normalised vector of {@link #dimension()} floats per text, in order. Texts longer
   * than the window are truncated by the model, never rejected.
   */
  List<float[]> embed(List<String> texts) throws EmbeddingException;

  @Override
  void close();
}
