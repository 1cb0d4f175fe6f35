package io.mediawhisperer.plugin.chat.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.plugin.openai.RetryAfter;
import io.mediawhisperer.plugin.openai.RetryPolicy;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiChatProviderTest {

  private static final Map<String, String> MINIMAL = Map.of("base-url", "http://127.0.0.1:11434/v1", "model", "llama3.2");

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    NamedPlugins<ChatModelProvider> providers = NamedPlugins.load(ChatModelProvider.class, getClass().getClassLoader());
    assertThat(providers.get("openai-compatible")).isInstanceOf(OpenAiChatProvider.class);
  }

  @Test
  void defaultsApplyToWhatIsNotSet() {
    ChatSettings settings = ChatSettings.from(new PluginSettings(MINIMAL));
    assertThat(settings.completionsUri()).hasToString("http://127.0.0.1:11434/v1/chat/completions");
    assertThat(settings.apiKey()).isEmpty();
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.maxRetries()).isEqualTo(2);
    assertThat(settings.temperature()).isEqualTo(0.2);
    assertThat(settings.maxTokens()).isEqualTo(800);
    assertThat(settings.contextChars()).isEqualTo(24_000);
    assertThat(ChatSettings.from(new PluginSettings(with("base-url", "https://api.openai.com/v1/"))).completionsUri())
        .hasToString("https://api.openai.com/v1/chat/completions");
    ChatSettings quick = ChatSettings.from(new PluginSettings(with("timeout-seconds", "5")));
    assertThat(quick.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(quick.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void requiredAndMalformedSettingsAreNamed() {
    OpenAiChatProvider provider = new OpenAiChatProvider();
    for (String key : new String[] {"base-url", "model"}) {
      Map<String, String> missing = new HashMap<>(MINIMAL);
      missing.remove(key);
      assertThatThrownBy(() -> provider.open(new PluginSettings(missing)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + key + "' is required");
    }
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("base-url", "localhost:11434"))))
        .hasMessageContaining("'base-url'");
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("temperature", "warm"))))
        .hasMessageContaining("'temperature'");
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("temperature", "3"))))
        .hasMessageContaining("'temperature' must be between 0 and 2");
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("max-retries", "-1"))))
        .hasMessageContaining("'max-retries'");
    assertThatThrownBy(() -> provider.open(new PluginSettings(with("context-chars", "100"))))
        .hasMessageContaining("'context-chars' must be at least 500");
  }

  @Test
  void theKeyIsNeverShown() {
    String key = "sk-very-secret-key-000";
    ChatSettings settings = ChatSettings.from(new PluginSettings(with("api-key", key)));
    assertThat(settings.apiKey()).contains(key);
    assertThat(settings.toString()).doesNotContain(key).contains("api-key=(set)");
    try (var model = new OpenAiChatProvider().open(new PluginSettings(with("api-key", key)))) {
      assertThat(model.toString()).doesNotContain(key);
      assertThat(model.modelName()).isEqualTo("llama3.2");
    }
  }

  @Test
  void retriesBackOffAndHonourRetryAfterWithinReason() {
    RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(500), ChatSettings.MAX_BACKOFF, ChatSettings.MAX_RETRY_AFTER);
    assertThat(policy.delayBefore(1, Optional.empty())).contains(Duration.ofMillis(500));
    assertThat(policy.delayBefore(2, Optional.empty())).contains(Duration.ofSeconds(1));
    assertThat(policy.delayBefore(3, Optional.empty())).isEmpty();
    assertThat(policy.delayBefore(1, Optional.of(Duration.ofSeconds(7)))).contains(Duration.ofSeconds(7));
    assertThat(policy.delayBefore(1, Optional.of(Duration.ofMinutes(5)))).isEmpty();
    Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryAfter.parse(Optional.of("20"), clock)).contains(Duration.ofSeconds(20));
    assertThat(RetryAfter.parse(Optional.of("Sun, 01 Jun 2025 12:00:30 GMT"), clock)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Optional.of("soon"), clock)).isEmpty();
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.put(key, value);
    return values;
  }
}
