package io.mediawhisperer.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  @Test
  void speaksHttp11AndConnectsWithinTheTimeout() {
    try (HttpClient http = HttpClients.http11(Duration.ofSeconds(7))) {
      assertThat(http.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(http.connectTimeout()).contains(Duration.ofSeconds(7));
    }
  }
}
