package io.mediawhisperer.plugin.embedding.minilm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model's WordPiece tokenizer (the Hugging Face Rust implementation through DJL), read from
 * the tokenizer.json that ships beside the ONNX file. It produces the model's input ids: [CLS],
 * at most {@link #MAX_WORDPIECES} wordpieces, [SEP], which is exactly what the tokenizer.json's
 * own truncation to 128 does for a single text.
 *
 * <p>One instance per tokenizer file lives as long as the JVM: the SPI's token counter has no
 * close(), the native tokenizer is small, and encoding is thread-safe (the Rust tokenizer is
 * only read), so every counter and model of a variant shares it.
 */
final class MiniLmTokenizer {

  /** all-MiniLM-L6-v2 was trained with 128-token inputs; two of them are [CLS] and [SEP]. */
  static final int MAX_WORDPIECES = 126;

  private static final Map<String, MiniLmTokenizer> SHARED = new ConcurrentHashMap<>();

  private final HuggingFaceTokenizer tokenizer;
  private final long clsId;
  private final long sepId;

  private MiniLmTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    long[] specials = tokenizer.encode("", true, false).getIds();
    if (specials.length != 2) {
      throw new IllegalStateException("expected the tokenizer to wrap a text in [CLS] ... [SEP], got "
          + Arrays.toString(specials));
    }
    this.clsId = specials[0];
    this.sepId = specials[1];
  }

  static MiniLmTokenizer shared(MiniLmVariant variant) {
    return SHARED.computeIfAbsent(variant.tokenizerResource(), resource -> load(variant));
  }

  private static MiniLmTokenizer load(MiniLmVariant variant) {
    DjlOffline.ensure();
    // Padding and truncation are ours to do (per batch, not to the file's fixed 128), and
    // special tokens are added by hand so that one tokenizer serves counting and encoding.
    Map<String, String> options = Map.of(
        "addSpecialTokens", "false",
        "truncation", "false",
        "padding", "false");
    try (InputStream json = ModelResources.open(variant.tokenizerResource(), variant)) {
      return new MiniLmTokenizer(HuggingFaceTokenizer.newInstance(json, options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + variant.tokenizerResource(), e);
    }
  }

  /** Wordpieces of {@code text}, special tokens excluded, however long the text. */
  int count(String text) {
    return wordpieces(text).length;
  }

  /** The model's input ids for {@code text}: [CLS], its first 126 wordpieces, [SEP]. */
  long[] windowIds(String text) {
    long[] pieces = wordpieces(text);
    int kept = Math.min(pieces.length, MAX_WORDPIECES);
    long[] ids = new long[kept + 2];
    ids[0] = clsId;
    System.arraycopy(pieces, 0, ids, 1, kept);
    ids[kept + 1] = sepId;
    return ids;
  }

  private long[] wordpieces(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }
}
