package io.mediawhisperer.plugin.embedding.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniLmProviderTest {

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    NamedPlugins<EmbeddingModelProvider> providers =
        NamedPlugins.load(EmbeddingModelProvider.class, getClass().getClassLoader());
    assertThat(providers.get("minilm")).isInstanceOf(MiniLmProvider.class);
  }

  @Test
  void countsWordpiecesWithoutSpecialTokens() {
    TokenCounter tokens = new MiniLmProvider().tokenizer(PluginSettings.empty());
    assertThat(tokens.maxTokens()).isEqualTo(126);
    assertThat(tokens.count("")).isZero();
    assertThat(tokens.count("hello world")).isEqualTo(2);
    // lower-cased, split at punctuation, rare words cut into wordpieces (em ##bed ##ding ##s)
    assertThat(tokens.count("Hello, World!")).isEqualTo(4);
    assertThat(tokens.count("embeddings")).isGreaterThan(1);
    assertThat(tokens.count(String.join(" ", Collections.nCopies(300, "word")))).isEqualTo(300);
  }

  @Test
  void modelInputIsClsFirst126WordpiecesSep() {
    MiniLmTokenizer tokenizer = MiniLmTokenizer.shared(MiniLmVariant.QUANTIZED);
    assertThat(tokenizer.windowIds("")).containsExactly(101L, 102L);
    assertThat(tokenizer.windowIds("hello world")).hasSize(4).startsWith(101L).endsWith(102L);
    long[] long300 = tokenizer.windowIds(String.join(" ", Collections.nCopies(300, "word")));
    assertThat(long300).hasSize(128).startsWith(101L).endsWith(102L);
  }

  @Test
  void theModelLeavesDjlOffline() {
    try (var model = new MiniLmProvider().open(PluginSettings.empty())) {
      assertThat(model.dimension()).isEqualTo(384);
    }
    assertThat(System.getProperty(DjlOffline.OFFLINE)).isEqualTo("true");
    assertThat(System.getProperty(DjlOffline.OPT_OUT_TRACKING)).isEqualTo("true");
  }

  /**
   * The plugin's classes, ONNX Runtime's and DJL's are loaded afresh by a class loader of their
   * own, so that we can see which of them counting tokens needs: none (it is plain Java).
   */
  @Test
  void tokenizerNeedsNeitherOnnxRuntimeNorTheNativeTokenizer() throws Exception {
    IsolatingLoader loader = new IsolatingLoader(getClass().getClassLoader());
    EmbeddingModelProvider provider = (EmbeddingModelProvider) loader.loadClass(MiniLmProvider.class.getName())
        .getConstructor().newInstance();
    assertThat(provider.tokenizer(PluginSettings.empty()).count("tokens only, please")).isPositive();
    assertThat(loader.hasLoaded(BertWordPieceCounter.class.getName())).as("the isolation works").isTrue();
    assertThat(loader.hasLoaded("ai.onnxruntime.OrtEnvironment")).isFalse();
    assertThat(loader.hasLoaded("ai.onnxruntime.OnnxRuntime")).isFalse();
    assertThat(loader.hasLoaded(MiniLmTokenizer.class.getName())).isFalse();
    assertThat(loader.hasLoaded("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer")).isFalse();
  }

  @Test
  void settingsAreValidatedByName() {
    MiniLmProvider provider = new MiniLmProvider();
    assertThatThrownBy(() -> provider.open(new PluginSettings(Map.of("variant", "medium"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'variant'").hasMessageContaining("quantized, full");
    assertThatThrownBy(() -> provider.open(new PluginSettings(Map.of("threads", "0"))))
        .hasMessageContaining("'threads'");
    assertThatThrownBy(() -> provider.open(new PluginSettings(Map.of("batch-size", "eight"))))
        .hasMessageContaining("'batch-size'");
    assertThat(MiniLmSettings.from(PluginSettings.empty()))
        .isEqualTo(new MiniLmSettings(MiniLmSettings.DEFAULT_VARIANT, Runtime.getRuntime().availableProcessors(), 8));
    assertThat(MiniLmSettings.from(new PluginSettings(Map.of("variant", " Full ", "threads", "1"))).variant())
        .isEqualTo(MiniLmVariant.FULL);
  }

  /** Loads the plugin's and ONNX Runtime's classes itself; everything else comes from the parent. */
  private static final class IsolatingLoader extends ClassLoader {

    IsolatingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(MiniLmProvider.class.getPackageName() + ".") && !name.startsWith("ai.onnxruntime.")
          && !name.startsWith("ai.djl.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          byte[] bytes = bytecode(name);
          loaded = defineClass(name, bytes, 0, bytes.length);
        }
        return loaded;
      }
    }

    private byte[] bytecode(String name) throws ClassNotFoundException {
      try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    boolean hasLoaded(String name) {
      return findLoadedClass(name) != null;
    }
  }
}
