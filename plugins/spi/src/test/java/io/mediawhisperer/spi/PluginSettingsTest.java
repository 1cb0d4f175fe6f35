package io.mediawhisperer.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {

  @Test
  void secretsNeverAppearWhenPrinted() {
    PluginSettings settings = new PluginSettings(Map.of("api-key", "sk-live-123", "base-url", "http://127.0.0.1:1/v1"));
    assertThat(settings.toString()).doesNotContain("sk-live-123").contains("api-key=***").contains("base-url=http://127.0.0.1:1/v1");
  }

  @Test
  void numbersAreCheckedWithTheKeyNamed() {
    PluginSettings settings = new PluginSettings(Map.of("threads", "many"));
    assertThatThrownBy(() -> settings.getInt("threads", 2)).hasMessageContaining("'threads'").hasMessageContaining("many");
    assertThat(settings.getInt("absent", 2)).isEqualTo(2);
    assertThatThrownBy(() -> settings.required("model")).hasMessageContaining("'model' is required");
  }
}
