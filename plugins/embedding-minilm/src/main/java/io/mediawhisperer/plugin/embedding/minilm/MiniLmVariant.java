package io.mediawhisperer.plugin.embedding.minilm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two builds of all-MiniLM-L6-v2 we ship: fp32 and its int8 dynamic quantization. Their
 * vectors are close but not interchangeable, so each has its own model name and vectors of one
 * are never compared with vectors of the other. The files come from the langchain4j model jars,
 * which carry them at the jar root.
 */
enum MiniLmVariant {

  QUANTIZED("quantized", "all-minilm-l6-v2-q"),
  FULL("full", "all-minilm-l6-v2");

  private final String settingValue;
  private final String modelName;

  MiniLmVariant(String settingValue, String modelName) {
    this.settingValue = settingValue;
    this.modelName = modelName;
  }

  static MiniLmVariant fromSetting(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (MiniLmVariant variant : values()) {
      if (variant.settingValue.equals(wanted)) {
        return variant;
      }
    }
    throw new IllegalArgumentException("setting '" + MiniLmSettings.VARIANT + "' must be one of "
        + Arrays.stream(values()).map(v -> v.settingValue).collect(Collectors.joining(", "))
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
