package io.mediawhisperer.plugin.embedding.minilm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The models we ship, all BERT encoders with a WordPiece vocabulary, mean-pooled to 384
 * dimensions: the two builds of all-MiniLM-L6-v2 (fp32 and its int8 dynamic quantization, chosen
 * by the "minilm" plugin's {@code variant} setting) and the int8 build of e5-small-v2 (the
 * "e5-small" plugin: a second model to re-index into). Their vectors are not interchangeable, so
 * each has its own model name and vectors of one are never compared with vectors of another. The
 * files come from the langchain4j model jars, which carry them at the jar root.
 */
enum MiniLmVariant {

  QUANTIZED("quantized", "all-minilm-l6-v2-q"),
  FULL("full", "all-minilm-l6-v2"),
  /** Not a MiniLM setting: the "e5-small" plugin's only model. */
  E5_SMALL_QUANTIZED(null, "e5-small-v2-q");

  private final String settingValue;
  private final String modelName;

  MiniLmVariant(String settingValue, String modelName) {
    this.settingValue = settingValue;
    this.modelName = modelName;
  }

  static MiniLmVariant fromSetting(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (MiniLmVariant variant : values()) {
      if (wanted.equals(variant.settingValue)) {
        return variant;
      }
    }
    throw new IllegalArgumentException("setting '" + MiniLmSettings.VARIANT + "' must be one of "
        + Arrays.stream(values()).map(v -> v.settingValue).filter(Objects::nonNull).collect(Collectors.joining(", "))
        + ", not '" + value + "'");
  }

  String settingValue() {
    return settingValue;
  }

  String modelName() {
    return modelName;
  }

  String onnxResource() {
    return modelName + ".onnx";
  }

  String tokenizerResource() {
    return modelName + "-tokenizer.json";
  }

  /** The Maven artifact that carries this variant's files, for error messages. */
  String artifact() {
    return "dev.langchain4j:langchain4j-embeddings-" + modelName;
  }
}
