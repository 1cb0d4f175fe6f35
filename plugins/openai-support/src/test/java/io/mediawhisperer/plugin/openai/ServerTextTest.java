package io.mediawhisperer.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerTextTest {

  @Test
  void masksTheKeyShouldTheServerEchoIt() {
    String key = "sk-test-0123456789abcdef";
    assertThat(ServerText.quote("  Incorrect API key provided: " + key + ".\n", Optional.of(key)))
        .isEqualTo("Incorrect API key provided: ***.");
    assertThat(ServerText.quote("model not found", Optional.empty())).isEqualTo("model not found");
  }

  @Test
  void placeholderKeysAreNotMasked() {
    assertThat(ServerText.quote("no such model: x", Optional.of("x"))).isEqualTo("no such model: x");
  }

  @Test
  void longTextIsCut() {
    assertThat(ServerText.quote("a".repeat(500), Optional.empty())).hasSize(500);
    assertThat(ServerText.quote("a".repeat(501), Optional.empty())).isEqualTo("a".repeat(500) + "...");
  }
}
