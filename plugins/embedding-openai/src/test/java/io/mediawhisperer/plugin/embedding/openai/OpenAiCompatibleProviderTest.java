package io.mediawhisperer.plugin.embedding.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.embedding.TokenCounter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderTest {

  private static final Map<String, String> MINIMAL = Map.of(
      "base-url", "http://127.0.0.1:11434/v1", "model", "nomic-embed-text", "dimension", "768");

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    NamedPlugins<EmbeddingModelProvider> providers =
        NamedPlugins.load(EmbeddingModelProvider.class, getClass().getClassLoader());
    assertThat(providers.get("openai-compatible")).isInstanceOf(OpenAiCompatibleProvider.class);
  }

  @Test
  void defaultsApplyToWhatIsNotSet() {
    OpenAiSettings settings = OpenAiSettings.from(new PluginSettings(MINIMAL));
    assertThat(settings.embeddingsUri()).hasToString("http://127.0.0.1:11434/v1/embeddings");
    assertThat(settings.apiKey()).isEmpty();
    assertThat(settings.maxTokens()).isEqualTo(8191);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.batchSize()).isEqualTo(64);
    assertThat(settings.maxRetries()).isEqualTo(3);
    assertThat(OpenAiSettings.from(new PluginSettings(with("base-url", "https://api.openai.com/v1/")))
        .embeddingsUri()).hasToString("https://api.openai.com/v1/embeddings");
  }

  @Test
  void requiredAndMalformedSettingsAreNamed() {
    OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    for (String key : new String[] {"base-url", "model", "dimension"}) {
      Map<String, String> missing = new HashMap<>(MINIMAL);
      missing.remove(key);
      assertThatThrownBy(() -> provider.open(new PluginSettings(missing)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + key + "' is required");
    }
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("base-url", "localhost:11434"))))
        .hasMessageContaining("'base-url'");
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("dimension", "0"))))
        .hasMessageContaining("'dimension' must be at least 1");
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("batch-size", "many"))))
        .hasMessageContaining("'batch-size'");
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("max-retries", "-1"))))
        .hasMessageContaining("'max-retries'");
  }

  @Test
  void theKeyIsNeverShown() {
    String key = "sk-very-secret-key-000";
    OpenAiSettings settings = OpenAiSettings.from(new PluginSettings(with("api-key", key)));
    assertThat(settings.apiKey()).contains(key);
    assertThat(settings.toString()).doesNotContain(key).contains("api-key=(set)");
    try (var model = new OpenAiCompatibleProvider().open(new PluginSettings(with("api-key", key)))) {
      assertThat(model.toString()).doesNotContain(key);
    }
  }

  @Test
  void countsAboutFourCharactersPerToken() {
    TokenCounter tokens = new OpenAiCompatibleProvider().tokenizer(new PluginSettings(with("max-tokens", "512")));
    assertThat(tokens.maxTokens()).isEqualTo(512);
    assertThat(tokens.count("")).isZero();
    assertThat(tokens.count("abcd")).isEqualTo(1);
    assertThat(tokens.count("abcde")).isEqualTo(2);
    assertThat(new OpenAiCompatibleProvider().tokenizer(new PluginSettings(MINIMAL)).maxTokens()).isEqualTo(8191);
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    ApproximateTokenCounter window = new ApproximateTokenCounter(1);
    assertThat(window.truncate("abc\uD834\uDD1Ez")).isEqualTo("abc");
    assertThat(window.truncate("abcd")).isEqualTo("abcd");
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.put(key, value);
    return values;
  }
}
