package io.mediawhisperer.bench;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingException;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The search bench's stand-in for the embedding model ({@code embedding-provider =
 * bench-precomputed}), so that a node indexes a million chunks through its own ingestion path
 * (retrieval.index.chunks: chunk rows, whatever text index retrieval keeps, then vectors) without
 * running the model a million times: a text the bench {@link #offer}ed gets the bench's vector
 * (once; the offer is then forgotten), any other text (a search query) is embedded by minilm, whose
 * name, dimension and tokenizer this model reports as its own.
 */
public final class PrecomputedEmbeddings implements EmbeddingModelProvider {

  static final String NAME = "bench-precomputed";
  private static final ConcurrentHashMap<String, float[]> OFFERED = new ConcurrentHashMap<>();
  private static final AtomicLong LOOKED_UP = new AtomicLong();
  private static final AtomicLong EMBEDDED = new AtomicLong();

  /** The vector the model answers for {@code text}, the next time it is asked. */
  static void offer(String text, float[] vector) {
    OFFERED.put(text, vector);
  }

  /** Offers not asked for yet. */
  static int waiting() {
    return OFFERED.size();
  }

  /** Texts answered from offers so far. */
  static long lookedUp() {
    return LOOKED_UP.get();
  }

  /** Texts the real model embedded so far. */
  static long embedded() {
    return EMBEDDED.get();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TokenCounter tokenizer(PluginSettings settings) {
    return minilm().tokenizer(settings);
  }

  @Override
  public EmbeddingModel open(PluginSettings settings) {
    EmbeddingModel model = minilm().open(settings);
    return new EmbeddingModel() {
      @Override
      public String modelName() {
        return model.modelName();
      }

      @Override
      public int dimension() {
        return model.dimension();
      }

      @Override
      public List<float[]> embed(List<String> texts) throws EmbeddingException {
        List<float[]> out = new ArrayList<>(texts.size());
        List<String> unknown = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (String text : texts) {
          float[] v = OFFERED.remove(text);
          if (v == null) {
            unknown.add(text);
            at.add(out.size());
          } else {
            LOOKED_UP.incrementAndGet();
          }
          out.add(v);
        }
        if (!unknown.isEmpty()) {
          List<float[]> computed = model.embed(unknown);
          EMBEDDED.addAndGet(unknown.size());
          for (int i = 0; i < at.size(); i++) {
            out.set(at.get(i), computed.get(i));
          }
        }
        return out;
      }

      @Override
      public void close() {
        model.close();
      }
    };
  }

  private static EmbeddingModelProvider minilm() {
    return NamedPlugins.load(EmbeddingModelProvider.class, PrecomputedEmbeddings.class.getClassLoader()).get("minilm");
  }
}
