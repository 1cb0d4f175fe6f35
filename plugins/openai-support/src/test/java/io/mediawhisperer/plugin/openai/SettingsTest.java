package io.mediawhisperer.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void acceptsOnlyHttpUrlsWithAHost() {
    assertThat(Settings.httpUrl("base-url", " http://127.0.0.1:11434/v1 ")).hasToString("http://127.0.0.1:11434/v1");
    assertThat(Settings.httpUrl("base-url", "https://api.openai.com/v1")).hasToString("https://api.openai.com/v1");
    assertThatThrownBy(() -> Settings.httpUrl("base-url", "localhost:11434"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("setting 'base-url' must be an http or https URL such as http://127.0.0.1:11434/v1, "
            + "not 'localhost:11434'");
    assertThatThrownBy(() -> Settings.httpUrl("base-url", "ftp://example.com/v1")).hasMessageContaining("'base-url'");
    assertThatThrownBy(() -> Settings.httpUrl("base-url", "http://exa mple.com"))
        .hasMessage("setting 'base-url' is not a URL: 'http://exa mple.com'");
  }

  @Test
  void atLeastNamesTheSetting() {
    assertThat(Settings.atLeast("max-retries", 0, 0)).isZero();
    assertThatThrownBy(() -> Settings.atLeast("max-retries", -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("setting 'max-retries' must be at least 0, not -1");
  }

  @Test
  void endpointsGoBelowTheBaseUrlWithOrWithoutASlash() {
    assertThat(Settings.endpoint(URI.create("http://127.0.0.1:11434/v1"), "embeddings"))
        .hasToString("http://127.0.0.1:11434/v1/embeddings");
    assertThat(Settings.endpoint(URI.create("https://api.openai.com/v1/"), "chat/completions"))
        .hasToString("https://api.openai.com/v1/chat/completions");
  }

  @Test
  void messagesNeverShowAPassword() {
    assertThat(Settings.forMessages(URI.create("http://127.0.0.1:11434/v1/embeddings")))
        .isEqualTo("http://127.0.0.1:11434/v1/embeddings");
    assertThat(Settings.forMessages(URI.create("https://user:secret@proxy.example.com/v1/chat/completions")))
        .isEqualTo("https://proxy.example.com/v1/chat/completions");
    assertThat(Settings.forMessages(URI.create("http://user:secret@10.0.0.1:8080/v1/embeddings")))
        .isEqualTo("http://10.0.0.1:8080/v1/embeddings");
  }
}
