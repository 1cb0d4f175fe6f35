package io.mediawhisperer.plugin.embedding.minilm;

import io.mediawhisperer.spi.PluginSettings;

/**
 * The plugin's settings, validated.
 *
 * @param variant which build of the model to run ({@code variant = quantized | full})
 * @param threads ONNX Runtime intra-op threads, one per core by default ({@code threads})
 * @param batchSize texts per model run ({@code batch-size}); 8 was the sweet spot on 2 cores:
 *     bigger batches of long chunks were slower, as every text is padded to the longest
 */
record MiniLmSettings(MiniLmVariant variant, int threads, int batchSize) {

  static final String VARIANT = "variant";
  static final String THREADS = "threads";
  static final String BATCH_SIZE = "batch-size";

  /**
   * Quantized, by measurement on the Python FAQ set (MiniLmFaqQualityTest): recall@5 the same as
   * fp32 (92.2% for the 179 questions, 19 of 20 paraphrases), recall@1 within half a point on the
   * questions, at about 1.5 times the speed and a fifth of the file size (23 MB, not 90 MB).
   */
  static final MiniLmVariant DEFAULT_VARIANT = MiniLmVariant.QUANTIZED;
  static final int DEFAULT_BATCH_SIZE = 8;
  private static final int MAX_BATCH_SIZE = 256;
  private static final int MAX_THREADS = 256;

  MiniLmSettings {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("setting '" + THREADS + "' must be between 1 and " + MAX_THREADS
          + ", not " + threads);
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("setting '" + BATCH_SIZE + "' must be between 1 and "
          + MAX_BATCH_SIZE + ", not " + batchSize);
    }
  }

  static MiniLmSettings from(PluginSettings settings) {
    return from(settings, MiniLmVariant.fromSetting(settings.get(VARIANT, DEFAULT_VARIANT.settingValue())));
  }

  /** The settings of a plugin whose model is fixed ({@code variant} is not read). */
  static MiniLmSettings from(PluginSettings settings, MiniLmVariant variant) {
    return new MiniLmSettings(
        variant,
        settings.getInt(THREADS, Runtime.getRuntime().availableProcessors()),
        settings.getInt(BATCH_SIZE, DEFAULT_BATCH_SIZE));
  }
}
