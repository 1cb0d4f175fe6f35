package io.mediawhisperer.plugin.chat.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import io.mediawhisperer.spi.chat.ChatRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the plugin: registration, settings, and files that are not a model fail clearly, without a crash. */
class LlamaChatProviderTest {

  @TempDir
  Path dir;

  private static PluginSettings settings(Path model, String... more) {
    java.util.Map<String, String> values = new java.util.HashMap<>(Map.of("model-path", model.toString()));
    for (int i = 0; i < more.length; i += 2) {
      values.put(more[i], more[i + 1]);
    }
    return new PluginSettings(values);
  }

  @Test
  void isRegisteredUnderItsName() {
    assertThat(ServiceLoader.load(ChatModelProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("llama"))).hasSize(1).first().isInstanceOf(LlamaChatProvider.class);
  }

  @Test
  void aMissingModelPathIsNamedInTheError() {
    assertThatThrownBy(() -> new LlamaChatProvider().open(PluginSettings.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model-path");
  }

  @Test
  void aMissingFileIsNamedWithItsPath() {
    Path missing = dir.resolve("nowhere/qwen.gguf");
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model-path").hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(dir)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a directory");
  }

  @Test
  void aFileThatIsNotGgufIsRefusedBeforeLlamaCppSeesIt() throws IOException {
    Path html = Files.writeString(dir.resolve("model.gguf"), "<html><body>404 Not Found</body></html>");
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(html)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(html.toString())
        .hasMessageContaining("not a GGUF model").hasMessageContaining("does not start with the bytes GGUF");

    Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(empty)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends inside its header");
  }

  @Test
  void aHeaderWithImpossibleCountsIsRefused() throws IOException {
    byte[] good = Files.readAllBytes(TinyGguf.write(dir.resolve("tiny.gguf"), 1));
    byte[] bad = good.clone();
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(16, Long.MAX_VALUE); // the key/value count
    Path file = Files.write(dir.resolve("bad-count.gguf"), bad);
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(file)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key/value count");

    byte[] version = good.clone();
    ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 99);
    Path v99 = Files.write(dir.resolve("v99.gguf"), version);
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(v99)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 99");
  }

  @Test
  void aTruncatedModelFailsInLlamaCppWithAClearErrorAndTheJvmCarriesOn() throws Exception {
    byte[] good = Files.readAllBytes(TinyGguf.write(dir.resolve("tiny.gguf"), 1));
    // the header is whole (the Java check passes); half the tensor data is missing, as after an interrupted download
    Path truncated = Files.write(dir.resolve("truncated.gguf"), Arrays.copyOf(good, good.length / 2));
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(truncated)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("llama.cpp could not load the GGUF model").hasMessageContaining(truncated.toString())
        .hasMessageContaining("may be incomplete");

    // and a good model still loads and answers in this JVM
    try (ChatModel model = new LlamaChatProvider().open(settings(dir.resolve("tiny.gguf"), "context-size", "1024",
        "max-tokens", "32"))) {
      assertThat(model.answer(new ChatRequest("Q?", List.of(), List.of()), d -> { }).text()).isNotBlank();
    }
  }

  @Test
  void badSettingsAreNamed() throws IOException {
    Path model = TinyGguf.write(dir.resolve("tiny.gguf"), 1);
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(model, "context-size", "512", "max-tokens", "512")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context-size").hasMessageContaining("max-tokens");
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(model, "temperature", "hot")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(model, "threads", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    assertThatThrownBy(() -> new LlamaChatProvider().open(settings(model, "timeout-seconds", "soon")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout-seconds");
  }

  @Test
  void defaultsAreTheDocumentedOnes() throws IOException {
    LlamaSettings defaults = LlamaSettings.from(settings(dir.resolve("any.gguf")));
    assertThat(defaults.contextSize()).isEqualTo(4096);
    assertThat(defaults.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(defaults.maxTokens()).isEqualTo(512);
    assertThat(defaults.timeout().toSeconds()).isEqualTo(300);
    assertThat(defaults.temperature()).isEqualTo(0.2);
  }

  @Test
  void theHeaderReaderFindsNameArchitectureTemplateAndTrainedContext() throws IOException {
    GgufHeader plain = GgufHeader.read(TinyGguf.write(dir.resolve("a.gguf"), 1));
    assertThat(plain.architecture()).isEqualTo("llama");
    assertThat(plain.name()).contains("tiny-random");
    assertThat(plain.chatTemplate()).isEmpty();
    assertThat(plain.trainedContext()).isEqualTo(TinyGguf.TRAIN_CONTEXT);

    GgufHeader templated = GgufHeader.read(TinyGguf.write(dir.resolve("b.gguf"), 1, "{{ messages }}", TinyGguf.TINY));
    assertThat(templated.chatTemplate()).contains("{{ messages }}");
  }
}
